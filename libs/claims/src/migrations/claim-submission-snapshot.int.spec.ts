import { TestDatabase, createTestDatabase, migrateServiceSchema } from '@revcycle/persistence';
import { PhiColumnSubscriber, PhiKeyring, configurePhiEncryption } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { seedReadyClaims } from '../bench/seed-ready-claims';
import { CLAIMS_DATABASE } from '../claims.module';
import { readClaimsFromColumns, readClaimsToSubmit } from '../submission/claims-to-submit';
import { openSubmission } from '../submission/submission-snapshot';
import { ClaimSubmissionSnapshot1764000000395 } from './1764000000395-claim-submission-snapshot';

/**
 * The migration that adds submission snapshots: claims stored before it that a batch may still
 * take get theirs from their columns; the others keep none and are still read from their columns.
 */
describe('claim submission snapshots (migration 1764000000395)', () => {
  let db: TestDatabase;
  const open = (migrations: DataSource['options']['migrations']) =>
    new DataSource({
      type: 'postgres',
      url: db.url,
      schema: 'claims',
      entities: CLAIMS_DATABASE.entities,
      migrations,
      migrationsTableName: 'migrations',
      subscribers: [PhiColumnSubscriber],
    }).initialize();

  beforeAll(async () => {
    configurePhiEncryption(
      new PhiKeyring([{ id: 'k1', keyBase64: randomBytes(32).toString('base64') }], 'k1'),
    );
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('seals a snapshot for unsent claims stored before it, and leaves every claim readable', async () => {
    const at = CLAIMS_DATABASE.migrations.indexOf(ClaimSubmissionSnapshot1764000000395);
    expect(at).toBeGreaterThan(0);
    const before = await open(CLAIMS_DATABASE.migrations.slice(0, at));
    await migrateServiceSchema(before, 'claims');
    await seedReadyClaims(before, 1205, { snapshots: false }); // more than one chunk of the backfill
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[paid]] = await before.query(
      `UPDATE claims.claim SET status = 'paid' WHERE id = (SELECT id FROM claims.claim ORDER BY id LIMIT 1) RETURNING id`,
    );
    await before.destroy();

    const after = await open(CLAIMS_DATABASE.migrations);
    try {
      const applied = await migrateServiceSchema(after, 'claims');
      expect(applied[0]).toBe('ClaimSubmissionSnapshot1764000000395');
      const rows: Array<{ id: string; submission: string | null }> = await after.query(
        `SELECT id, submission FROM claims.claim ORDER BY id`,
      );
      expect(rows).toHaveLength(1205);
      for (const r of rows)
        if (r.id === paid.id) expect(r.submission).toBeNull();
        else expect(openSubmission(r.id, r.submission!).revision).toBe(1);
      expect(rows.filter((r) => r.submission !== null)).toHaveLength(1204);
      const ids = rows.map((r) => r.id);
      const read = await readClaimsToSubmit(after.manager, ids);
      expect(read).toHaveLength(1205);
      expect(read).toEqual(await readClaimsFromColumns(after.manager, ids));
    } finally {
      await after.destroy();
    }
  });
});
