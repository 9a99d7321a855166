import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { validateX12 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { readClaimsFromColumns, readClaimsToSubmit } from './claims-to-submit';
import { storeReadyClaims } from './ready-claims.test-support';
import { openSubmissionSnapshot, sealSubmissionSnapshot } from './submission-snapshot';

/**
 * A batch opens one sealed submission snapshot per claim (written when the claim is built or
 * corrected) instead of every PHI column: the same claims, the same 837. A claim stored before
 * snapshots, or whose snapshot is of another revision, is read from its columns.
 */
describe('claims batch from their submission snapshot, or from their columns without one', () => {
  let claims: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    db = claims.running.app.get(getDataSourceToken('claims'));
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  const claimsOf = async (payerId: string) =>
    (
      await db.query(
        `SELECT id, revision, submission FROM claims.claim WHERE payer_id = $1 ORDER BY patient_control_number`,
        [payerId],
      )
    ).map((r: { id: string; revision: number; submission: string | null }) => r);

  it('seals one snapshot per claim when it is built, and again when it is corrected', async () => {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 2);
    const [first, second] = await claimsOf(payerId);
    for (const c of [first, second]) {
      expect(c.submission).toMatch(/^v2:/);
      expect(c.submission).not.toContain('Sender'); // the patient's name is sealed, never in clear
    }
    const ids = [first.id, second.id];
    expect(await readClaimsToSubmit(db.manager, ids)).toEqual(await readClaimsFromColumns(db.manager, ids));

    const corrected = await claims.call('POST', `/claims/${second.id}/corrections`, 'biller', {
      diagnoses: ['J02.9'],
    });
    expect(corrected.status).toBe(200);
    const [, after] = await claimsOf(payerId);
    expect(after.revision).toBe(2);
    const snapshot = openSubmissionSnapshot(after.id, after.submission!);
    expect(snapshot).toMatchObject({ revision: 2, diagnoses: ['J029'] });
    expect(await readClaimsToSubmit(db.manager, ids)).toEqual(await readClaimsFromColumns(db.manager, ids));
  });

  it('batches claims without a snapshot of their revision from their columns', async () => {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 3);
    const [fresh, old, stale] = await claimsOf(payerId);
    // `old` was stored before snapshots; `stale` holds a snapshot of an earlier revision.
    await db.query(`UPDATE claims.claim SET submission = NULL WHERE id = $1`, [old.id]);
    const earlier = {
      ...openSubmissionSnapshot(stale.id, stale.submission!),
      revision: 0,
      diagnoses: ['Z0000'],
    };
    await db.query(`UPDATE claims.claim SET submission = $2 WHERE id = $1`, [
      stale.id,
      sealSubmissionSnapshot(stale.id, earlier),
    ]);

    const made = await claims.call<Array<{ id: string; claimCount: number }>>(
      'POST',
      '/claims/batches',
      'biller',
      { payerId },
    );
    expect(made.status).toBe(201);
    expect(made.body.map((b) => b.claimCount)).toEqual([3]);
    const file = await claims.send('GET', `/claims/batches/${made.body[0].id}/837`, 'biller');
    expect(file.status).toBe(200);
    expect(validateX12(file.text).errors).toBe(0);
    expect(file.text.match(/HI\*ABK:E119~/g)).toHaveLength(3);
    expect(file.text).not.toContain('Z0000');
    expect(fresh.submission).toMatch(/^v2:/);
  });
});
