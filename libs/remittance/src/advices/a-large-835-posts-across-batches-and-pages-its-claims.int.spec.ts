import { getDataSourceToken } from '@nestjs/typeorm';
import { reversalOf } from '@revcycle/payer-simulator';
import { ClaimsAdjudicated } from '@revcycle/contracts';
import { openEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { ClaimPayment, RemittanceAdvice, parse835 } from '@revcycle/x12';
import { DataSource } from 'typeorm';
import { remittanceServiceSpec } from '../remittance.app';
import { POSTING_BATCH } from './transaction-poster';
import { BilledRemittance, billAndAdjudicate, rewrite835 } from './remittance.test-support';

interface Account {
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
  chargeCents: number;
  postings: { claimStatusCode: string }[];
}
interface AdviceDetail {
  id: string;
  claimCount: number;
  claimsTotal: number;
  claims: { postingId: string; patientControlNumber: string; claimStatusCode: string }[];
  reviewTotal: number;
  review: unknown[];
  providerAdjustments: unknown[];
}

const CLAIMS = 2 * POSTING_BATCH + 300;
/** Where set 1 ends: set 2 reverses a claim set 1 paid, at set 2's start (as payers do). */
const SPLIT = 700;

/**
 * Posting pipelines batches within a set (a batch is staged while the one before it is still being
 * written) and runs two sets at once: a claim reversed one batch after it was paid, and a claim
 * reversed in the next set, must post exactly as if everything ran one statement at a time. The
 * advice's claims then come back one page at a time.
 */
describe('a large 835 posts across batches and sets, and its advice pages its claims', () => {
  let remittance: ServiceUnderTest;
  let db: DataSource;
  let billed: BilledRemittance;
  /** CLP01 of the simulator's 835, in its order. */
  let paidIn835: string[] = [];
  let text: string;
  let sets: RemittanceAdvice[];
  let posted: { status: number; body: { advices: { id: string }[]; claims: number; matched: number } };

  const sumPaid = (clps: ClaimPayment[]) => clps.reduce((s, c) => s + c.paidCents, 0);
  const plbOf = (a: RemittanceAdvice) =>
    a.providerAdjustments.flatMap((p) => p.adjustments).reduce((s, x) => s + x.amountCents, 0);

  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    db = remittance.running.app.get(getDataSourceToken('remittance'));
    billed = await billAndAdjudicate(remittance, CLAIMS, 91);
    text = rewrite835(billed.text, (file) => {
      const [only] = file.transactions;
      const claims = only.claims;
      // the simulator rejects a few claims at the 277CA: they are not in the 835
      expect(claims.length).toBeGreaterThan(POSTING_BATCH + SPLIT);
      paidIn835 = claims.map((c) => c.claimId);
      const paidAgain = (c: ClaimPayment): ClaimPayment => ({
        ...c,
        payerClaimControlNumber: `${c.payerClaimControlNumber ?? c.claimId}R`,
      });
      // In set 1: claim 1 (batch 1) reversed and paid again as the first CLPs of batch 2.
      const first = claims.slice(0, SPLIT);
      first.splice(POSTING_BATCH, 0, reversalOf(claims[0]), paidAgain(claims[0]));
      // Set 2 (its own payment and trace) opens with the reversal of claim 6, which set 1 paid.
      const second = [reversalOf(claims[5]), paidAgain(claims[5]), ...claims.slice(SPLIT)];
      const one: RemittanceAdvice = { ...only, claims: first };
      const two: RemittanceAdvice = {
        ...only,
        claims: second,
        providerAdjustments: [],
        trace: { ...only.trace, traceNumber: `${only.trace.traceNumber}2` },
        payment: { ...only.payment, totalPaidCents: sumPaid(second) },
      };
      one.payment = { ...only.payment, totalPaidCents: sumPaid(first) - plbOf(one) };
      file.transactions = [one, two];
    });
    sets = parse835(text).file.transactions;
    const r = await remittance.send('POST', '/remittance/advices', 'finance', {
      body: text,
      contentType: 'application/edi-x12',
    });
    posted = { status: r.status, body: JSON.parse(r.text) };
  }, 300_000);
  afterAll(() => remittance?.stop(), 60_000);

  it('posts both sets, every CLP once, each in one adjudication event of its batch', async () => {
    const clps = sets.flatMap((s) => s.claims);
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ claims: clps.length, matched: clps.length, unmatched: 0 });
    const [row] = await db.query(
      `SELECT count(*)::int AS n, coalesce(sum(paid_cents), 0)::float8 AS paid FROM remittance.claim_posting`,
    );
    expect(row).toEqual({ n: clps.length, paid: sumPaid(clps) });
    const events: { envelope: unknown }[] = await db.query(
      `SELECT envelope FROM remittance.outbox WHERE topic = 'remittance.claims.adjudicated' ORDER BY seq`,
    );
    const claims = events.flatMap((e) => openEventEnvelope<ClaimsAdjudicated>(e.envelope).payload.claims);
    // sets post concurrently: their events interleave, each set's in its own order
    expect(claims.map((c) => c.patientControlNumber).sort()).toEqual(clps.map((c) => c.claimId).sort());
    expect(events.length).toBeLessThan(clps.length / 50);
  });

  it.each([
    ['reversed one batch after it was paid, in the same set', 0],
    ['reversed in the next set', 5],
    ['paid once, in the last batch', -1],
  ])('a claim %s reads to the cent', async (_, index) => {
    const pcn = paidIn835.at(index)!;
    const clps = sets.flatMap((s) => s.claims).filter((c) => c.claimId === pcn);
    const { body } = await remittance.call<Account>('GET', `/remittance/claims/${pcn}`, 'biller');
    expect(body.postings).toHaveLength(clps.length);
    expect(body.paidCents).toBe(sumPaid(clps));
    expect(body.balanceCents).toBe(
      body.chargeCents - body.paidCents - body.adjustmentCents - body.patientResponsibilityCents,
    );
    if (clps.length > 1) {
      // the reversal took back the first payment, not nothing (no review item)
      const [{ reversed }] = await db.query(
        `SELECT count(*)::int AS reversed FROM remittance.claim_posting
          WHERE patient_control_number = $1 AND reversed_by_posting_id IS NOT NULL`,
        [pcn],
      );
      expect(reversed).toBe(1);
    }
    const [{ review }] = await db.query(`SELECT count(*)::int AS review FROM remittance.remittance_review`);
    expect(review).toBe(0);
  });

  const advice = (query: string) =>
    remittance.call<AdviceDetail>(
      'GET',
      `/remittance/advices/${posted.body.advices[0].id}${query}`,
      'finance',
    );

  it('pages the claims of an advice in file order: 50 by default, every claim on exactly one page', async () => {
    const expected = sets[0].claims.map((c) => `${c.claimId}:${c.status}`);
    const first = await advice('');
    expect(first.status).toBe(200);
    expect(first.body.claimsTotal).toBe(expected.length);
    expect(first.body.claimCount).toBe(expected.length);
    expect(first.body.claims).toHaveLength(50);
    expect(first.body).toMatchObject({ reviewTotal: 0, review: [] });
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 300) {
      const page = await advice(`?limit=300&offset=${offset}`);
      seen.push(...page.body.claims.map((c) => `${c.patientControlNumber}:${c.claimStatusCode}`));
    }
    expect(seen).toEqual(expected);
    const last = await advice(`?limit=500&offset=${expected.length - 7}`);
    expect(last.body.claims).toHaveLength(7);
    expect((await advice(`?offset=${expected.length}`)).body.claims).toEqual([]);
  });

  it('pages a later set in file order too, though its reversals of the set before posted last', async () => {
    const expected = sets[1].claims.map((c) => `${c.claimId}:${c.status}`);
    expect(expected).toContain(`${paidIn835.at(5)}:22`);
    const page = await remittance.call<AdviceDetail>(
      'GET',
      `/remittance/advices/${posted.body.advices[1].id}?limit=500`,
      'finance',
    );
    expect(page.body.claims.map((c) => `${c.patientControlNumber}:${c.claimStatusCode}`)).toEqual(
      expected.slice(0, 500),
    );
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1.5', 'offset'],
    ['limit=10&limit=20', 'limit'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const r = await remittance.send(
      'GET',
      `/remittance/advices/${posted.body.advices[0].id}?${query}`,
      'finance',
    );
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ statusCode: 400, errors: [{ field }] });
  });
});
