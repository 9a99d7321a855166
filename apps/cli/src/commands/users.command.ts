import type { Command } from 'commander';

const PORTAL_ROLES = ['coder', 'biller', 'finance', 'compliance', 'admin'];

/** The first line of stdin, without its line ending (a password piped in: `printf %s "$PW" | revcycle …`). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/**
 * `revcycle users create`: a portal account in the compliance schema of the platform's database
 * (DATABASE_URL, else the embedded one under DATA_DIR). Without --password-stdin the account gets a
 * one-time password, printed once, that must be changed at the first sign-in. Audited as created
 * by the operator's system account; last line on stdout: one JSON summary.
 */
export function registerUsers(program: Command): void {
  const users = program.command('users').description('portal user accounts');
  users
    .command('create')
    .description('create a portal user (prints a one-time password unless --password-stdin)')
    .requiredOption('--user <name>', 'user name people type at sign-in')
    .requiredOption('--role <role>', `one of ${PORTAL_ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from stdin instead of generating a one-time one')
    .action(async (opts: { user: string; role: string; passwordStdin?: boolean }) => {
      if (!PORTAL_ROLES.includes(opts.role))
        throw new Error(`--role must be one of ${PORTAL_ROLES.join(', ')} (got ${opts.role})`);
      const password = opts.passwordStdin ? await readPasswordFromStdin() : undefined;
      // Loaded lazily: TypeORM and the service libraries are not needed by the other commands.
      const { readEnvironment, AuditTrail } = await import('@revcycle/runtime');
      const { COMPLIANCE_DATABASE, UserAccounts, AccountProblem } = await import('@revcycle/compliance');
      const { openServiceDataSource } = await import('@revcycle/persistence');
      const { Outbox } = await import('@revcycle/messaging');
      const { configurePhiEncryption } = await import('@revcycle/security');
      const { cliKeyring } = await import('../keys/cli-keyring');
      const { platformDatabase } = await import('../keys/platform-database');
      const env = readEnvironment(process.env, { port: 0, kafkaClientId: 'revcycle-cli' });
      // The audit event is sealed like every outbox payload: the services' PHI key.
      configurePhiEncryption(cliKeyring(env));
      const database = await platformDatabase(env.databaseUrl, env.dataDir);
      try {
        const db = await openServiceDataSource({
          ...COMPLIANCE_DATABASE,
          url: database.url,
          migrationUrl: env.migrationDatabaseUrl,
          poolSize: 1,
        });
        try {
          const accounts = new UserAccounts(db, new AuditTrail('compliance', db, new Outbox('compliance')), {
            maxFailures: env.portal.lockoutFailures,
            lockMinutes: env.portal.lockoutMinutes,
          });
          const created = await accounts
            .create(opts.user, opts.role as 'admin', { id: 'revcycle-cli', role: 'system' }, password)
            .catch((err: unknown) => {
              if (err instanceof AccountProblem) throw new Error(`--${err.field}: ${err.message}`);
              throw err;
            });
          if (created.oneTimePassword)
            process.stderr.write(
              `revcycle users: the oneTimePassword below is shown only this once; ${opts.user} must change it at the first sign-in\n`,
            );
          process.stdout.write(
            `${JSON.stringify({ id: created.id, user: opts.user, role: opts.role, oneTimePassword: created.oneTimePassword ?? null })}\n`,
          );
        } finally {
          await db.destroy();
        }
      } finally {
        await database.close();
      }
    });
}
