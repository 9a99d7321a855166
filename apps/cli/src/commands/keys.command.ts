import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

const batchSize = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('must be an integer in 1..10000');
  return n;
};

/**
 * `revcycle keys rotate`: re-seals every PHI column value under PHI_ENCRYPTION_KEY_ID while the
 * services run. Last line on stdout: one JSON summary; values that open under no key are named on
 * stderr (table, column, row — never the value) and make the exit status 1.
 */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('PHI encryption keys');
  keys
    .command('rotate')
    .description(
      're-encrypt every PHI column value not under the active key (PHI_ENCRYPTION_KEY_ID), safe while the services run',
    )
    .option('--dry-run', 'count what would be rotated; write nothing')
    .option('--batch-size <n>', 'rows read per round trip, in primary-key order', batchSize, 500)
    .action(async (opts: { dryRun?: boolean; batchSize: number }) => {
      // Loaded lazily: TypeORM and the service libraries are not needed by the other commands.
      const { readEnvironment } = await import('@revcycle/runtime');
      const { cliKeyring } = await import('../keys/cli-keyring');
      const { platformDatabase } = await import('../keys/platform-database');
      const { rotateKeys } = await import('../keys/rotate-keys');
      const env = readEnvironment(process.env, { port: 0, kafkaClientId: 'revcycle-cli' });
      const keyring = cliKeyring(env);
      const database = await platformDatabase(env.databaseUrl, env.dataDir);
      try {
        const summary = await rotateKeys(database.url, keyring, {
          dryRun: Boolean(opts.dryRun),
          batchSize: opts.batchSize,
          onTable: (table, counts) =>
            process.stderr.write(`keys rotate: ${table} ${JSON.stringify(counts)}\n`),
          onOutboxUnderOlderKeys: (schema, count) => {
            if (count > 0)
              process.stderr.write(
                `keys rotate: ${schema}.outbox holds ${count} unpublished event(s) sealed under an older key: keep it in PHI_ENCRYPTION_KEYS until they are relayed and past the topics' retention\n`,
              );
          },
          onUnopenable: (v) =>
            process.stderr.write(
              `revcycle keys rotate: ${v.table}.${v.column} row ${v.row} opens under no key of the keyring\n`,
            ),
        });
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (summary.failed > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
