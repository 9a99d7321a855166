import { ClaimCreated, ClaimCreatedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { DataSource, MigrationInterface } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { PhiKeyring, configurePhiEncryption, phiEncryptionConfigured } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import { messagingTablesMigration } from './messaging-tables.migration';
import { inboxRetentionIndexMigration } from './retention/inbox-retention-index.migration';
import { deadLettersMigration } from './dead-letters/dead-letters.migration';

/** The key id of the keyring test support configures (a fresh random key per test file). */
export const TEST_PHI_KEY_ID = 'test';

let testKeyBase64: string | undefined;

/**
 * Configures a PHI keyring for the process when none is (event payloads are sealed with it): the
 * given key (a child process of a test opens what its parent sealed), else a random one.
 */
export function ensureTestPhiKeyring(keyBase64?: string): void {
  if (phiEncryptionConfigured()) return;
  testKeyBase64 = keyBase64 ?? randomBytes(32).toString('base64');
  configurePhiEncryption(
    new PhiKeyring([{ id: TEST_PHI_KEY_ID, keyBase64: testKeyBase64 }], TEST_PHI_KEY_ID),
  );
}

/** The key ensureTestPhiKeyring configured, for a child process of the test. */
export function testPhiKey(): string | undefined {
  return testKeyBase64;
}

/**
 * A fresh database with one schema's outbox and inbox, for the messaging integration tests; a PHI
 * keyring is configured when none is.
 */
export async function messagingTestDatabase(
  schema: string,
): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  ensureTestPhiKeyring();
  const db = await createTestDatabase();
  const migrations: Array<new () => MigrationInterface> = [
    messagingTablesMigration(schema),
    inboxRetentionIndexMigration(schema),
    deadLettersMigration(schema),
  ];
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    schema,
    migrations,
    migrationsTableName: 'migrations',
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations();
  return { db, dataSource };
}

/** The n-th synthetic claims.claim.created event of a messaging test (keyed by its claim). */
export function claimCreated(n: number): EventEnvelope<ClaimCreated> {
  return createEvent(ClaimCreatedEvent, {
    aggregateId: `claim-${n}`,
    actor: { id: 'test', role: 'system' },
    payload: {
      claimId: `claim-${n}`,
      encounterId: `enc-${n}`,
      patientControlNumber: `PCN${n}`,
      patientId: `pat-${n}`,
      payerId: 'payer-1',
      dateOfService: '2026-11-02',
      totalChargeCents: 12500,
      serviceLineCount: 1,
    },
  });
}

/** Polls until `probe` returns a value; failing after `ms` with what it waited for. */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 30000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Event `n` (1-based) of claim `k`: a key's events carry their order in totalChargeCents. */
export function claimEvent(k: number, n: number): EventEnvelope<ClaimCreated> {
  const base = claimCreated(k);
  return createEvent(ClaimCreatedEvent, {
    aggregateId: base.aggregateId,
    actor: base.actor,
    payload: { ...base.payload, totalChargeCents: n },
  });
}
