import { ClaimCreated } from '@revcycle/contracts';
import { adjudicateClaimFile, secondaryClaimFile } from '@revcycle/payer-simulator';
import { ServiceUnderTest } from '@revcycle/runtime';
import { parse835, parse837, write837 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { remittanceServiceSpec } from '../remittance.app';
import {
  BilledRemittance,
  billAndAdjudicate,
  deliverClaimsCreated,
} from '../advices/remittance.test-support';

interface Account {
  paidCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
  postings: unknown[];
}
interface Aging {
  payers: Array<{ payerId: string; totalCents: number; claims: number }>;
  patient: { totalCents: number; claims: number };
  totals: { payerCents: number; patientCents: number; arCents: number };
}

/**
 * Coordination of benefits in AR, over real HTTP on a real PostgreSQL: the primary's 835 leaves the
 * patient a share (PR); billing that share to the secondary payer moves it from the patient's
 * receivable to the secondary's — the total AR does not change — and the secondary's 835 then
 * decides what the patient owes. The primary's PR is never counted beside the secondary's.
 */
describe('AR counts what a secondary payer took over once', () => {
  let remittance: ServiceUnderTest;
  let billed: BilledRemittance;
  const secondaryPayerId = randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  let secondaries: ClaimCreated[] = [];
  let secondaryText = '';

  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    billed = await billAndAdjudicate(remittance, 40, 57);
    expect(
      (
        await remittance.send('POST', '/remittance/advices', 'finance', {
          body: billed.text,
          contentType: 'application/edi-x12',
        })
      ).status,
    ).toBe(201);
    // What the provider bills the secondary after the primary's 835 (2320 AMT*D, 2430 per line).
    const model = secondaryClaimFile(parse837(billed.claimFile).file, parse835(billed.text).file, {
      suffix: 'S',
    });
    const billedToSecondary = model.transactions.flatMap((t) => t.claims);
    secondaries = billedToSecondary.map((c) => {
      const primary = billed.events.find((e) => `${e.patientControlNumber}S` === c.claimId)!;
      return {
        ...primary,
        claimId: randomUUID(),
        patientControlNumber: c.claimId,
        payerId: secondaryPayerId,
        primaryClaimId: primary.claimId,
      };
    });
    secondaryText = write837(model, { at: new Date('2026-11-20T09:00:00Z') });
  }, 180_000);
  afterAll(() => remittance?.stop(), 60_000);

  const account = async (pcn: string) =>
    (await remittance.call<Account>('GET', `/remittance/claims/${pcn}`, 'finance')).body;
  const aging = async () => {
    const r = await remittance.call<Aging>('GET', `/remittance/ar-aging?asOf=${today}`, 'finance');
    expect(r.status).toBe(200);
    return r.body;
  };
  const payerTotal = (a: Aging, payerId: string) =>
    a.payers.find((p) => p.payerId === payerId)?.totalCents ?? 0;
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

  it('billing the secondary moves the primary’s patient share to the secondary’s receivable; AR stays', async () => {
    const before = await aging();
    const primaries = await Promise.all(billed.patientControlNumbers.map(account));
    expect(before.totals.patientCents).toBe(sum(primaries.map((a) => a.patientResponsibilityCents)));
    expect(secondaries.length).toBeGreaterThan(10);

    await deliverClaimsCreated(remittance, secondaries);
    const after = await aging();
    const taken = await Promise.all(
      secondaries.map(
        async (s) => (await account(s.patientControlNumber.slice(0, -1))).patientResponsibilityCents,
      ),
    );
    expect(sum(taken)).toBeGreaterThan(0);
    expect(after.totals.arCents).toBe(before.totals.arCents);
    expect(after.totals.patientCents).toBe(before.totals.patientCents - sum(taken));
    expect(payerTotal(after, secondaryPayerId)).toBe(sum(taken));
    expect(payerTotal(after, billed.events[0].payerId)).toBe(payerTotal(before, billed.events[0].payerId));
  });

  it('after the secondary’s 835 the patient owes what the secondary assigned, and only that', async () => {
    const payer = adjudicateClaimFile(secondaryText, { seed: 57 });
    const posted = await remittance.send('POST', '/remittance/advices', 'finance', {
      body: payer.files['835']!,
      contentType: 'application/edi-x12',
    });
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.text)).toMatchObject({ unmatched: 0 });

    const after = await aging();
    const withSecondary = new Set(secondaries.map((s) => s.patientControlNumber.slice(0, -1)));
    const primaries = await Promise.all(
      billed.patientControlNumbers.filter((p) => !withSecondary.has(p)).map(account),
    );
    const second = await Promise.all(secondaries.map((s) => account(s.patientControlNumber)));
    expect(sum(second.map((a) => a.paidCents))).toBeGreaterThan(0);
    expect(after.totals.patientCents).toBe(
      sum(primaries.map((a) => a.patientResponsibilityCents)) +
        sum(second.map((a) => a.patientResponsibilityCents)),
    );
    // A secondary the payer rejected (277CA) has no 835 yet: what the primary left is still its to pay.
    const unposted = await Promise.all(
      secondaries
        .filter((_, i) => second[i].postings.length === 0)
        .map(async (s) => (await account(s.patientControlNumber.slice(0, -1))).patientResponsibilityCents),
    );
    expect(unposted.length).toBeLessThan(secondaries.length);
    expect(payerTotal(after, secondaryPayerId)).toBe(
      sum(second.filter((a) => a.postings.length > 0).map((a) => a.balanceCents)) + sum(unposted),
    );
    expect(after.totals.arCents).toBe(after.totals.payerCents + after.totals.patientCents);
  });

  it('leaves the secondary’s payments out of the fee-schedule variance: they pay on what the primary left', async () => {
    const put = await remittance.call('PUT', `/remittance/fee-schedules/${secondaryPayerId}`, 'finance', {
      effectiveDate: '2026-01-01',
      rates: [{ procedureCode: '99213', allowedCents: 11000 }],
    });
    expect(put.status).toBe(200);
    const r = await remittance.call<{ totals: { claims: number; lines: number } }>(
      'GET',
      `/remittance/payment-variance?payerId=${secondaryPayerId}&from=${today}&to=${today}`,
      'finance',
    );
    expect(r.status).toBe(200);
    expect(r.body.totals).toMatchObject({ claims: 0, lines: 0 });
  });
});
