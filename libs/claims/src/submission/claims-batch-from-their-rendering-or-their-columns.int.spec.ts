import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { validateX12 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { readClaimsFromColumns } from './claims-to-submit';
import { storeReadyClaims } from './ready-claims.test-support';
import { openSubmission, renderClaimToSubmit, submissionColumnsOf } from './submission-snapshot';

/**
 * A batch opens one sealed submission per claim — its 837 loops rendered when the claim is built or
 * corrected — instead of every PHI column and instead of writing each claim again: the same claims,
 * the same 837. A claim stored before renderings, holding one of another revision, or one rendered
 * from other clear columns, is written from its columns.
 */
describe('claims batch from their rendering, or from their columns without one', () => {
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

  /** The rendering sealed to a claim must be what its columns render to now. */
  async function expectRenderedFromColumns(c: { id: string; revision: number; submission: string | null }) {
    const rendering = openSubmission(c.id, c.submission!).rendering();
    const [fromColumns] = await readClaimsFromColumns(db.manager, [c.id]);
    expect(rendering).toEqual({
      revision: Number(c.revision),
      columns: submissionColumnsOf(fromColumns),
      rendered: renderClaimToSubmit(fromColumns),
    });
    return rendering!;
  }

  it('seals one rendering per claim when it is built, and again when it is corrected', async () => {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 2);
    const [first, second] = await claimsOf(payerId);
    for (const c of [first, second]) {
      expect(c.submission).toMatch(/^v2:/);
      expect(c.submission).not.toContain('Sender'); // the patient's name is sealed, never in clear
      await expectRenderedFromColumns(c);
    }

    const corrected = await claims.call('POST', `/claims/${second.id}/corrections`, 'biller', {
      diagnoses: ['J02.9'],
    });
    expect(corrected.status).toBe(200);
    const [, after] = await claimsOf(payerId);
    expect(after.revision).toBe(2);
    const rendering = await expectRenderedFromColumns(after);
    expect(rendering.rendered.claim).toContain('HI*ABK:J029~');
  });

  it('batches claims without a rendering of their revision and columns from their columns', async () => {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 4);
    const [fresh, old, stale, moved] = await claimsOf(payerId);
    // `old` was stored before submissions; `stale` holds a snapshot of an earlier revision, as sealed
    // before renderings; `moved` holds a rendering of its revision, but its place of service changed since.
    await db.query(`UPDATE claims.claim SET submission = NULL WHERE id = $1`, [old.id]);
    const [staleClaim] = await readClaimsFromColumns(db.manager, [stale.id]);
    const earlier = { ...staleClaim, revision: 0, diagnoses: ['Z0000'] };
    await db.query(`UPDATE claims.claim SET submission = $2 WHERE id = $1`, [
      stale.id,
      phiKeyring().encrypt(JSON.stringify(earlier), phiColumnContext('claims.claim', 'submission', stale.id)),
    ]);
    await db.query(`UPDATE claims.claim SET place_of_service = '22' WHERE id = $1`, [moved.id]);

    const made = await claims.call<Array<{ id: string; claimCount: number }>>(
      'POST',
      '/claims/batches',
      'biller',
      { payerId },
    );
    expect(made.status).toBe(201);
    expect(made.body.map((b) => b.claimCount)).toEqual([4]);
    const file = await claims.send('GET', `/claims/batches/${made.body[0].id}/837`, 'biller');
    expect(file.status).toBe(200);
    expect(validateX12(file.text).errors).toBe(0);
    expect(file.text.match(/HI\*ABK:E119~/g)).toHaveLength(4);
    expect(file.text).not.toContain('Z0000');
    const places = [...file.text.matchAll(/CLM\*[^*]+\*[^*]+\*\*\*(\d\d):B:1/g)].map((m) => m[1]);
    expect(places).toEqual(['11', '11', '11', '22']);
    expect(openSubmission(fresh.id, fresh.submission!).rendering()).toBeDefined();
  });
});
