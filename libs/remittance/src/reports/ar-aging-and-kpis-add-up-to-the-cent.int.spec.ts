import { ServiceUnderTest } from '@revcycle/runtime';
import { remittanceServiceSpec } from '../remittance.app';
import { billAndAdjudicate } from '../advices/remittance.test-support';

interface Account {
  chargeCents: number;
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
}
interface Aging {
  asOf: string;
  payers: Array<{
    payerId: string;
    totalCents: number;
    claims: number;
    buckets: Array<{ label: string; cents: number }>;
  }>;
  patient: { totalCents: number; buckets: Array<{ label: string; cents: number }> };
  totals: { payerCents: number; patientCents: number; arCents: number };
}
interface Kpis {
  claimsBilled: number;
  chargesCents: number;
  cleanClaimRate: number;
  claimsAdjudicated: number;
  firstPassPaymentRate: number;
  denialRate: number;
  deniedByCarc: Array<{ carc: string; description: string; postings: number }>;
  deniedByPayer: Array<{ payerId: string; denialRate: number }>;
  paidCents: number;
  netCollectionRate: number;
  arCents: number;
  daysInAr: number;
  collections: Array<{ date: string; paidCents: number }>;
}

/**
 * AR aging and the KPIs over real HTTP on a real PostgreSQL after an 835 of the payer simulator:
 * to the cent, total charges = paid + adjustments + patient responsibility + open balance, and the
 * aging and KPIs say the same as the claims' own accounts.
 */
describe('AR aging and KPIs add up to the cent', () => {
  let remittance: ServiceUnderTest;
  let billed: Awaited<ReturnType<typeof billAndAdjudicate>>;
  const today = new Date().toISOString().slice(0, 10);
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    billed = await billAndAdjudicate(remittance, 50, 31);
    const posted = await remittance.send('POST', '/remittance/advices', 'finance', {
      body: billed.text,
      contentType: 'application/edi-x12',
    });
    expect(posted.status).toBe(201);
  }, 180_000);
  afterAll(() => remittance?.stop(), 60_000);

  const accounts = async () =>
    Promise.all(
      billed.patientControlNumbers.map(
        async (pcn) => (await remittance.call<Account>('GET', `/remittance/claims/${pcn}`, 'finance')).body,
      ),
    );

  it('ages what payers and patients owe, and the money adds up', async () => {
    const all = await accounts();
    const sum = (f: (a: Account) => number) => all.reduce((s, a) => s + f(a), 0);
    expect(sum((a) => a.chargeCents)).toBe(
      sum((a) => a.paidCents + a.adjustmentCents + a.patientResponsibilityCents + a.balanceCents),
    );
    const { status, body } = await remittance.call<Aging>(
      'GET',
      `/remittance/ar-aging?asOf=${today}`,
      'finance',
    );
    expect(status).toBe(200);
    expect(body.totals.payerCents).toBe(sum((a) => a.balanceCents));
    expect(body.totals.patientCents).toBe(sum((a) => a.patientResponsibilityCents));
    expect(body.totals.arCents).toBe(body.totals.payerCents + body.totals.patientCents);
    expect(body.payers).toHaveLength(1);
    // date of service 2026-09-14: every balance sits in the bucket of its age today
    const age = Math.round((Date.parse(today) - Date.parse('2026-09-14')) / 86_400_000);
    const bucket =
      age <= 30 ? '0-30' : age <= 60 ? '31-60' : age <= 90 ? '61-90' : age <= 120 ? '91-120' : '120+';
    expect(body.payers[0].buckets.find((b) => b.label === bucket)!.cents).toBe(body.totals.payerCents);
    expect(body.patient.buckets.find((b) => b.label === bucket)!.cents).toBe(body.totals.patientCents);
    const before = await remittance.call<Aging>('GET', '/remittance/ar-aging?asOf=2020-01-01', 'finance');
    expect(before.body.totals.arCents).toBe(0);
  });

  it('measures the office: first pass, denials by CARC and payer, collections, days in AR', async () => {
    const { status, body } = await remittance.call<Kpis>(
      'GET',
      `/remittance/kpis?from=${today}&to=${today}`,
      'finance',
    );
    expect(status).toBe(200);
    const decided = billed.payer.claims.filter((c) => c.outcome !== 'rejected');
    const deniedOrPartial = decided.filter((c) => c.outcome === 'denied' || c.outcome === 'partially_paid');
    expect(body.claimsBilled).toBe(50);
    expect(body.cleanClaimRate).toBe(1);
    expect(body.claimsAdjudicated).toBe(decided.length);
    expect(body.firstPassPaymentRate).toBe(
      Math.round(
        ((decided.length - decided.filter((c) => c.outcome === 'denied').length) / decided.length) * 10_000,
      ) / 10_000,
    );
    expect(body.denialRate).toBe(Math.round((deniedOrPartial.length / decided.length) * 10_000) / 10_000);
    expect(body.deniedByCarc.length).toBeGreaterThan(0);
    expect(body.deniedByCarc.every((c) => c.description.length > 0 && c.postings > 0)).toBe(true);
    expect(body.deniedByPayer).toHaveLength(1);
    const all = await accounts();
    expect(body.paidCents).toBe(all.reduce((s, a) => s + a.paidCents, 0));
    expect(body.collections.reduce((s, c) => s + c.paidCents, 0)).toBe(0); // the 835 pays on a later date
    expect(body.netCollectionRate).toBeGreaterThan(0);
    expect(body.netCollectionRate).toBeLessThanOrEqual(1);
    expect(body.arCents).toBeGreaterThan(0);
    expect(body.daysInAr).toBeGreaterThan(0);
  });

  it('measures what the payer allowed against its fee schedule, line by line', async () => {
    const pcn = billed.patientControlNumbers[0];
    const { payerId } = (
      await remittance.call<{ payerId: string }>('GET', `/remittance/ledger/${pcn}`, 'finance')
    ).body;
    const put = await remittance.call('PUT', `/remittance/fee-schedules/${payerId}`, 'finance', {
      effectiveDate: '2026-01-01',
      rates: [{ procedureCode: '99213', allowedCents: 11000 }],
    });
    expect(put.status).toBe(200);
    const { status, body } = await remittance.call<{
      totals: {
        claims: number;
        lines: number;
        unpricedLines: number;
        expectedAllowedCents: number;
        allowedCents: number;
        varianceCents: number;
      };
      claims: Array<{
        patientControlNumber: string;
        varianceCents: number;
        allowedCents: number;
        expectedAllowedCents: number;
        lines: Array<{
          procedureCode: string;
          units: number;
          expectedAllowedCents: number;
          allowedCents: number;
          varianceCents: number;
          status: string;
        }>;
      }>;
    }>('GET', `/remittance/payment-variance?payerId=${payerId}&from=${today}&to=${today}`, 'finance');
    expect(status).toBe(200);
    expect(body.totals.claims).toBeGreaterThan(0);
    // 36415 has no rate: unpriced, not expected at zero
    expect(body.totals.unpricedLines).toBeGreaterThan(0);
    for (const c of body.claims) {
      for (const l of c.lines) {
        expect(l.procedureCode).toBe('99213');
        expect(l.expectedAllowedCents).toBe(11000 * l.units);
        expect(l.varianceCents).toBe(l.allowedCents - l.expectedAllowedCents);
        expect(l.status).toBe(
          l.varianceCents === 0 ? 'as_expected' : l.varianceCents < 0 ? 'underpaid' : 'overpaid',
        );
      }
      expect(c.varianceCents).toBe(c.allowedCents - c.expectedAllowedCents);
    }
    const variances = body.claims.map((c) => c.varianceCents);
    expect(variances).toEqual([...variances].sort((a, b) => a - b));
    expect(body.totals.varianceCents).toBe(body.totals.allowedCents - body.totals.expectedAllowedCents);
    expect(body.totals.lines).toBe(body.claims.reduce((s, c) => s + c.lines.length, 0));

    expect((await remittance.call('GET', '/remittance/payment-variance', 'finance')).status).toBe(400);
    expect((await remittance.call('GET', '/remittance/payment-variance?payerId=x', 'finance')).status).toBe(
      400,
    );
    expect(
      (await remittance.call('GET', `/remittance/payment-variance?payerId=${payerId}`, 'coder')).status,
    ).toBe(403);
  });

  it('refuses a bad date or window with the field named, and a coder', async () => {
    for (const [query, field] of [
      ['ar-aging?asOf=2026-13-01', 'asOf'],
      ['kpis?from=2026-12-02&to=2026-12-01', 'from'],
      ['kpis?to=yesterday', 'to'],
      ['kpis?from=1990-01-01&to=2026-01-01', 'from'],
    ]) {
      const r = await remittance.call<{ errors: Array<{ field: string }> }>(
        'GET',
        `/remittance/${query}`,
        'finance',
      );
      expect(r.status).toBe(400);
      expect(r.body.errors[0].field).toBe(field);
    }
    expect((await remittance.call('GET', '/remittance/kpis', 'coder')).status).toBe(403);
    expect((await remittance.call('GET', '/remittance/ar-aging', 'coder')).status).toBe(403);
  });
});
