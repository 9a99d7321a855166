import { CHARTS_DATABASE } from '@revcycle/charts';
import { CLAIMS_DATABASE } from '@revcycle/claims';
import { CODING_DATABASE } from '@revcycle/coding';
import { COMPLIANCE_DATABASE } from '@revcycle/compliance';
import { migrateService, startEmbeddedPostgres } from '@revcycle/persistence';
import { REMITTANCE_DATABASE } from '@revcycle/remittance';
import { blindIndexKeyOf, localSecrets, phiKeyringOf, readEnvironment } from '@revcycle/runtime';
import { configureBlindIndex, configurePhiEncryption } from '@revcycle/security';

/**
 * `npm run migrate`: creates the database roles and applies every service schema's pending TypeORM
 * migrations (the services also do it at start-up) as MIGRATION_DATABASE_URL, else DATABASE_URL, or
 * on the embedded PostgreSQL under DATA_DIR.
 */
async function migrate(): Promise<void> {
  const env = readEnvironment(process.env, { port: 3000, kafkaClientId: 'revcycle-migrate' });
  const embedded = env.databaseUrl ? undefined : await startEmbeddedPostgres(env.dataDir);
  const url = env.databaseUrl ?? embedded?.url;
  if (!url) throw new Error('no database: set DATABASE_URL');
  // Data migrations (blind-index backfill, sealing encounter codes) read and seal PHI: the services' keys.
  const secrets = localSecrets(env);
  const keyring = phiKeyringOf(env, secrets.phiEncryptionKey);
  if (!keyring) throw new Error('no PHI key: set PHI_ENCRYPTION_KEY (or PHI_ENCRYPTION_KEYS)');
  configurePhiEncryption(keyring);
  configureBlindIndex(blindIndexKeyOf(env, secrets.phiEncryptionKey));
  try {
    for (const database of [
      CHARTS_DATABASE,
      CODING_DATABASE,
      CLAIMS_DATABASE,
      REMITTANCE_DATABASE,
      COMPLIANCE_DATABASE,
    ]) {
      const { onRecord } = await migrateService({ ...database, url, migrationUrl: env.migrationDatabaseUrl });
      process.stdout.write(
        `${database.schema}: ${onRecord.length} migrations applied (${onRecord.join(', ')})\n`,
      );
    }
  } finally {
    await embedded?.stop();
  }
}

migrate().catch((err) => {
  process.stderr.write(`migrate failed: ${(err as Error).message}\n`);
  process.exit(1);
});
