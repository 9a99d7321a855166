import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { parse837 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { storeReadyClaims } from '../submission/ready-claims.test-support';
import {
  ClaimView,
  adjudicatedEvent,
  deliverAdjudication,
  historyOf,
  sendToPayer,
  x12Errors,
} from './adjudication.test-support';

interface Problem {
  statusCode: number;
  errors?: Array<{ field: string; messages: string[] }>;
}

/**
 * The claims service over real HTTP on a real PostgreSQL, fed remittance.claim.adjudicated through
 * its own consumer: claims move to the 835's outcome with a history row and keep CLP07, a repeat
 * changes nothing, an unknown claim or a disallowed move is set aside (never dead-lettered), and
 * an adjudicated claim is replaced (7) or voided (8) through the API and goes out again with REF*F8.
 */
describe('claims follow the remittance and are replaced or voided with REF*F8', () => {
  let claims: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    db = claims.running.app.get(getDataSourceToken('claims'));
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  const claimsOf = async (payerId: string, status?: string) =>
    (
      await claims.call<{ items: ClaimView[] }>(
        'GET',
        `/claims?payerId=${payerId}${status ? `&status=${status}` : ''}`,
        'biller',
      )
    ).body.items.sort((a, b) => a.patientControlNumber.localeCompare(b.patientControlNumber));
  const claim = async (id: string) => (await claims.call<ClaimView>('GET', `/claims/${id}`, 'biller')).body;
  const correct = <T>(id: string, body: unknown) =>
    claims.call<T>('POST', `/claims/${id}/corrections`, 'biller', body);
  const adjudications = async (claimId: string) =>
    db.query(`SELECT applied, note FROM claims.claim_adjudication WHERE claim_id = $1 ORDER BY received_at`, [
      claimId,
    ]) as Promise<Array<{ applied: boolean; note: string }>>;
  const deadLetters = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM claims.outbox WHERE topic LIKE '%.dlq'`))[0].n);

  /** `count` claims of a new payer, sent to it (submitted). */
  async function submitted(count: number): Promise<{ payerId: string; sent: ClaimView[] }> {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, count);
    await sendToPayer(claims, payerId);
    const sent = await claimsOf(payerId);
    expect(sent.map((c) => c.status)).toEqual(Array(count).fill('submitted'));
    return { payerId, sent };
  }

  it('moves claims to paid, partially_paid, denied and reversed with history, keeping CLP07; repeats change nothing', async () => {
    const { payerId, sent } = await submitted(3);
    const [a, b, c] = sent as [ClaimView, ClaimView, ClaimView];
    const paid = adjudicatedEvent(a, {
      outcome: 'paid',
      claimStatusCode: '1',
      payerClaimControlNumber: 'PCCN-A-1',
      paidCents: a.totalChargeCents,
    });
    await deliverAdjudication(claims, paid);
    await deliverAdjudication(
      claims,
      adjudicatedEvent(b, {
        outcome: 'partially_paid',
        claimStatusCode: '1',
        payerClaimControlNumber: 'PCCN-B-1',
        paidCents: 9000,
        patientResponsibilityCents: 2000,
      }),
    );
    await deliverAdjudication(
      claims,
      adjudicatedEvent(c, {
        outcome: 'denied',
        claimStatusCode: '4',
        payerClaimControlNumber: 'PCCN-C-1',
        paidCents: 0,
      }),
    );
    expect((await claimsOf(payerId, 'paid')).map((x) => x.id)).toEqual([a.id]);
    expect((await claimsOf(payerId, 'partially_paid')).map((x) => x.id)).toEqual([b.id]);
    expect((await claimsOf(payerId, 'denied')).map((x) => x.id)).toEqual([c.id]);
    expect(await claim(a.id)).toMatchObject({ status: 'paid', payerClaimControlNumber: 'PCCN-A-1' });
    const h = await historyOf(claims, a.id);
    expect(h.changes.at(-1)).toEqual(
      expect.objectContaining({
        from: 'submitted',
        to: 'paid',
        by: `remittance:${paid.payload.remittanceId}`,
        source: `remittance:${paid.payload.remittanceId}`,
        reason: expect.stringMatching(/^835 paid \(CLP02 1: processed as primary\)/),
      }),
    );
    // the same event again (redelivery), and the same outcome under a new event (a re-posting): nothing changes
    await deliverAdjudication(claims, paid);
    await deliverAdjudication(
      claims,
      adjudicatedEvent(a, { outcome: 'paid', claimStatusCode: '1', paidCents: a.totalChargeCents }),
    );
    expect((await historyOf(claims, a.id)).changes).toHaveLength(h.changes.length);
    expect((await adjudications(a.id)).map((x) => x.applied)).toEqual([true, false]);
    // a reversal (CLP02 22), then the corrected CLP that follows
    await deliverAdjudication(
      claims,
      adjudicatedEvent(a, {
        outcome: 'reversed',
        claimStatusCode: '22',
        payerClaimControlNumber: 'PCCN-A-1',
        paidCents: 0,
      }),
    );
    await deliverAdjudication(
      claims,
      adjudicatedEvent(a, {
        outcome: 'partially_paid',
        claimStatusCode: '1',
        payerClaimControlNumber: 'PCCN-A-2',
        paidCents: 100,
      }),
    );
    expect((await historyOf(claims, a.id)).changes.map((x) => x.to).slice(-3)).toEqual([
      'paid',
      'reversed',
      'partially_paid',
    ]);
    expect(await claim(a.id)).toMatchObject({
      status: 'partially_paid',
      payerClaimControlNumber: 'PCCN-A-2',
    });
  });

  it('sets aside an event for an unknown claim or a claim it cannot move, without dead-lettering', async () => {
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 1);
    const [ready] = await claimsOf(payerId);
    const before = await deadLetters();
    const ghost = { id: randomUUID(), patientControlNumber: 'RC9999999999', payerId };
    await expect(
      deliverAdjudication(
        claims,
        adjudicatedEvent(ghost, { outcome: 'paid', claimStatusCode: '1', paidCents: 1 }),
      ),
    ).resolves.toBeUndefined();
    expect(await adjudications(ghost.id)).toEqual([{ applied: false, note: 'no such claim' }]);
    // never sent: an 835 cannot pay it
    await deliverAdjudication(
      claims,
      adjudicatedEvent(ready!, {
        outcome: 'paid',
        claimStatusCode: '1',
        payerClaimControlNumber: 'X1',
        paidCents: 1,
      }),
    );
    expect(await claim(ready!.id)).toMatchObject({ status: 'ready' });
    expect(await adjudications(ready!.id)).toEqual([
      { applied: false, note: expect.stringMatching(/the claim is ready/) },
    ]);
    expect(await deadLetters()).toBe(before);
    // the review list: what was set aside, and why
    const aside = await claims.call<{ items: Array<{ claimId: string; applied: boolean; note: string }> }>(
      'GET',
      '/claims/adjudications?applied=false&limit=100',
      'biller',
    );
    expect(aside.status).toBe(200);
    expect(aside.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ claimId: ghost.id, applied: false, note: 'no such claim' }),
        expect.objectContaining({ claimId: ready!.id, applied: false }),
      ]),
    );
    expect((await claims.call('GET', '/claims/adjudications?applied=maybe', 'biller')).status).toBe(400);
    expect((await claims.send('GET', '/claims/adjudications', { role: 'payer', payerId })).status).toBe(403);
  });

  it('a corrected claim after adjudication goes out as a replacement (7) with REF*F8, and validates clean', async () => {
    const { payerId, sent } = await submitted(1);
    const [a] = sent as [ClaimView];
    await deliverAdjudication(
      claims,
      adjudicatedEvent(a, {
        outcome: 'paid',
        claimStatusCode: '1',
        payerClaimControlNumber: 'ACME-77',
        paidCents: 100,
      }),
    );
    // an original (1) would duplicate the adjudicated claim
    const original = await correct<Problem>(a.id, { frequencyCode: '1', placeOfService: '22' });
    expect(original.status).toBe(400);
    expect(original.body.errors).toEqual([
      { field: 'frequencyCode', messages: [expect.stringMatching(/replacement \(7\) or a void \(8\)/)] },
    ]);
    const fixed = await correct<{ status: string; revision: number }>(a.id, { placeOfService: '22' });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ status: 'ready', revision: 2 });
    expect(await claim(a.id)).toMatchObject({ frequencyCode: '7', status: 'ready' });
    const text = await sendToPayer(claims, payerId);
    expect(x12Errors(text)).toEqual([]);
    const [written] = parse837(text).file.transactions[0]!.claims;
    expect(written).toMatchObject({
      claimId: a.patientControlNumber,
      facilityCode: '22',
      frequencyCode: '7',
      payerClaimControlNumber: 'ACME-77',
    });
    expect(text).toContain(`CLM*${a.patientControlNumber}*`);
    expect(text).toMatch(/\*22:B:7\*/);
    expect(text).toContain('REF*F8*ACME-77~');
    expect((await historyOf(claims, a.id)).changes.map((x) => x.to)).toEqual([
      'ready',
      'batched',
      'submitted',
      'paid',
      'ready',
      'batched',
      'submitted',
    ]);
  });

  it('a void after adjudication goes out with frequency 8 and REF*F8, and is voided when the payer reverses the claim', async () => {
    const { payerId, sent } = await submitted(1);
    const [c] = sent as [ClaimView];
    await deliverAdjudication(
      claims,
      adjudicatedEvent(c, {
        outcome: 'denied',
        claimStatusCode: '4',
        payerClaimControlNumber: 'ACME-88',
        paidCents: 0,
      }),
    );
    // a void withdraws the claim as billed
    expect((await correct<Problem>(c.id, { frequencyCode: '8', placeOfService: '22' })).status).toBe(400);
    const voided = await correct<{ status: string; scrub: unknown }>(c.id, { frequencyCode: '8' });
    expect(voided.body).toMatchObject({ status: 'ready', scrub: null });
    expect(await claim(c.id)).toMatchObject({ status: 'ready', frequencyCode: '8' });
    const text = await sendToPayer(claims, payerId);
    expect(x12Errors(text)).toEqual([]);
    expect(text).toMatch(/\*11:B:8\*/);
    expect(text).toContain('REF*F8*ACME-88~');
    await deliverAdjudication(
      claims,
      adjudicatedEvent(c, {
        outcome: 'reversed',
        claimStatusCode: '22',
        payerClaimControlNumber: 'ACME-88',
        paidCents: 0,
      }),
    );
    expect(await claim(c.id)).toMatchObject({ status: 'voided' });
    expect((await historyOf(claims, c.id)).changes.map((x) => x.to).slice(-3)).toEqual([
      'submitted',
      'reversed',
      'voided',
    ]);
  });

  it('refuses a replacement or void of a claim without the payer claim number, naming frequencyCode', async () => {
    const { sent } = await submitted(1);
    const [a] = sent as [ClaimView];
    // the 835 gave no CLP07 (and no 277CA gave REF*1K)
    await deliverAdjudication(
      claims,
      adjudicatedEvent(a, { outcome: 'denied', claimStatusCode: '4', paidCents: 0 }),
    );
    for (const body of [{ placeOfService: '22' }, { frequencyCode: '8' }]) {
      const r = await correct<Problem>(a.id, body);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'frequencyCode',
          messages: [expect.stringMatching(/payer's claim control number \(REF\*F8/)],
        },
      ]);
    }
    expect(await claim(a.id)).toMatchObject({ status: 'denied', frequencyCode: '1', revision: 1 });
    // a claim never adjudicated has nothing to replace
    const payerId = randomUUID();
    await storeReadyClaims(claims, payerId, 1);
    const [fresh] = await claimsOf(payerId);
    const r = await correct<Problem>(fresh!.id, { frequencyCode: '7' });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'frequencyCode', messages: [expect.stringMatching(/never adjudicated/)] },
    ]);
  });
});
