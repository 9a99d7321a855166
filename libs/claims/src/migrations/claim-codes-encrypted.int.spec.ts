import { TestDatabase, createTestDatabase, migrateServiceSchema } from '@revcycle/persistence';
import {
  PhiColumnSubscriber,
  PhiKeyring,
  configurePhiEncryption,
  phiKeyring,
  phiColumnContext,
} from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CLAIMS_DATABASE } from '../claims.module';
import { ClaimCodesEncrypted1764000000340 } from './1764000000340-claim-codes-encrypted';

/**
 * The data migration that seals a claim's diagnoses and its edits' codes and messages: a claim
 * stored before it (codes in clear jsonb / text[]) opens after it, and no column holds the codes.
 */
describe('claim codes encrypted (data migration 1764000000340)', () => {
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

  it('a claim written before the migration opens after it, and its columns hold no clear code', async () => {
    // The schema as it stood just before this migration (later ones run after it, as in a deploy).
    const at = CLAIMS_DATABASE.migrations.indexOf(ClaimCodesEncrypted1764000000340);
    expect(at).toBeGreaterThan(0);
    const before = await open(CLAIMS_DATABASE.migrations.slice(0, at));
    await migrateServiceSchema(before, 'claims');
    const id = randomUUID();
    const parties = { patient: { lastName: 'Beforehand' } };
    await before.query(
      `INSERT INTO claims.claim (id, patient_control_number, encounter_id, patient_id, payer_id, claim_type,
         frequency_code, status, date_of_service, place_of_service, total_charge_cents, diagnoses, parties)
       VALUES ($1, 'RC0000000001', $2, $3, $4, 'professional', '1', 'rejected', '2026-09-14', '11', 12500, $5, $6)`,
      [
        id,
        randomUUID(),
        randomUUID(),
        randomUUID(),
        JSON.stringify(['E1165', 'I10']),
        phiKeyring().encrypt(JSON.stringify(parties), phiColumnContext('claims.claim', 'parties', id)),
      ],
    );
    await before.query(
      `INSERT INTO claims.claim_edit (claim_id, seq, edit_id, category, severity, line, codes, message)
       VALUES ($1, 1, 'ICD_HEADER', 'icd-header', 'reject', NULL, $2, 'E11.65 is not billable with I10 here')`,
      [id, ['E1165', 'I10']],
    );
    // Positive control for the search below: before the migration the rows hold the codes in clear.
    expect(
      JSON.stringify(
        await before.query(
          `SELECT c.diagnoses, e.codes, e.message FROM claims.claim c JOIN claims.claim_edit e ON e.claim_id = c.id`,
        ),
      ),
    ).toMatch(/E1165.*I10/);
    await before.destroy();

    const after = await open(CLAIMS_DATABASE.migrations);
    try {
      const applied = await migrateServiceSchema(after, 'claims');
      expect(applied[0]).toBe('ClaimCodesEncrypted1764000000340');
      expect(applied).toHaveLength(CLAIMS_DATABASE.migrations.length - at);
      const [claim] = await after.query(`SELECT * FROM claims.claim WHERE id = $1`, [id]);
      const [edit] = await after.query(`SELECT * FROM claims.claim_edit WHERE claim_id = $1`, [id]);
      for (const stored of [claim.diagnoses, edit.codes, edit.message]) expect(stored).toMatch(/^v2:k1:/);
      // The whole rows, every column: no spelling of the codes left.
      expect(JSON.stringify([claim, edit])).not.toMatch(/E1165|E11\.65|I10/);
      const entity = await after.getRepository('Claim').findOneByOrFail({ id });
      expect(entity['diagnoses']).toEqual(['E1165', 'I10']);
      expect(entity['parties']).toEqual(parties);
      const edits = await after.getRepository('ClaimEditRow').findBy({ claimId: id });
      expect(edits.map((e) => [e['codes'], e['message']])).toEqual([
        [['E1165', 'I10'], 'E11.65 is not billable with I10 here'],
      ]);
      // Sealed to its row: the diagnoses copied onto another claim do not open there.
      await expect(
        Promise.resolve().then(() =>
          phiKeyring().decrypt(claim.diagnoses, phiColumnContext('claims.claim', 'diagnoses', randomUUID())),
        ),
      ).rejects.toThrow(/does not open/);
    } finally {
      await after.destroy();
    }
  });
});
