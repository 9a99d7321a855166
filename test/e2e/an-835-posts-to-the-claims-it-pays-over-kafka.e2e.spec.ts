import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { parse835 } from '@revcycle/x12';
import { randomBytes } from 'node:crypto';
import { DistributedServices, eventually } from './distributed-services';
import { syntheticPracticeDay } from '@revcycle/runtime';

interface Account {
  chargeCents: number;
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  balanceCents: number;
  status: string;
  postings: Array<{ claimStatusCode: string }>;
}

/**
 * Money back, with the five services on real Kafka: encounters → claims → one batch the payer
 * downloads → its 999 and 277CA → its 835 (with a reversal and its correction) posted to remittance,
 * then posted again (a duplicate: nothing twice) → every claim's figures to the cent as the 835 says,
 * and claims follows: each claim paid, partially paid or denied as adjudicated.
 */
describe('an 835 posts to the claims it pays, over Kafka', () => {
  const services = new DistributedServices();
  const run = randomBytes(3).toString('hex');
  let payerId: string;

  beforeAll(async () => {
    await services.start();
    ({ payerId } = await syntheticPracticeDay(services.chartsAsBiller, run, 12));
  }, 240_000);
  afterAll(() => services.stop(), 120_000);

  const raw = async (service: 'claims' | 'remittance', pathname: string, body: string, token: string) => {
    const r = await fetch(`${services.urls[service]}${pathname}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
      body,
    });
    return { status: r.status, body: JSON.parse(await r.text()) };
  };

  it('posts every claim to the cent once, and claims follow', async () => {
    await eventually(
      async () => {
        const r = await services.call<{ total: number }>(
          'claims',
          'GET',
          `/claims?payerId=${payerId}&status=ready`,
          'biller',
        );
        return r.body.total === 12 ? true : undefined;
      },
      90_000,
      'twelve ready claims',
    );
    const [batch] = (
      await services.call<Array<{ id: string }>>('claims', 'POST', '/claims/batches', 'biller', { payerId })
    ).body;
    const payerToken = services.tokenFor({ id: `payer-${payerId}`, role: 'payer', payerId });
    const download = await fetch(`${services.urls.claims}/payer/claim-files/${batch.id}`, {
      headers: { authorization: `Bearer ${payerToken}` },
    });
    expect(download.status).toBe(200);
    const payer = adjudicateClaimFile(await download.text(), { seed: 3 });
    const biller = services.token('biller');
    expect((await raw('claims', '/claims/acknowledgments', payer.files['999'], biller)).status).toBe(201);
    expect((await raw('claims', '/claims/acknowledgments', payer.files['277ca']!, biller)).status).toBe(201);

    // every claim of ours must be in remittance's ledger before its 835 comes (claims.claim.created)
    const remittance = payer.files['835']!;
    const clps = parse835(remittance).file.transactions.flatMap((t) => t.claims);
    const pcns = [...new Set(clps.map((c) => c.claimId))];
    await eventually(
      async () => {
        const found = await Promise.all(
          pcns.map((p) => services.call('remittance', 'GET', `/remittance/ledger/${p}`, 'finance')),
        );
        return found.every((f) => f.status === 200) ? true : undefined;
      },
      60_000,
      'the ledger entries',
    );

    const finance = services.token('finance');
    const first = await raw('remittance', '/remittance/advices', remittance, finance);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ duplicate: false, claims: clps.length, unmatched: 0 });
    const again = await raw('remittance', '/remittance/advices', remittance, finance);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, id: first.body.id });

    let charges = 0;
    let accounted = 0;
    for (const pcn of pcns) {
      const mine = clps.filter((c) => c.claimId === pcn);
      const cas = mine.flatMap((c) => [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)]);
      const account = (
        await services.call<Account>('remittance', 'GET', `/remittance/claims/${pcn}`, 'finance')
      ).body;
      expect(account.paidCents).toBe(mine.reduce((s, c) => s + c.paidCents, 0));
      expect(account.patientResponsibilityCents).toBe(
        cas.filter((a) => a.group === 'PR').reduce((s, a) => s + a.amountCents, 0),
      );
      expect(account.adjustmentCents).toBe(
        cas.filter((a) => a.group !== 'PR').reduce((s, a) => s + a.amountCents, 0),
      );
      expect(account.postings).toHaveLength(mine.length); // posted once, though uploaded twice
      charges += account.chargeCents;
      accounted +=
        account.paidCents +
        account.adjustmentCents +
        account.patientResponsibilityCents +
        account.balanceCents;
    }
    expect(accounted).toBe(charges);
    expect(clps.some((c) => c.status === '22')).toBe(true); // the 835 carried a reversal

    // claims follows remittance.claim.adjudicated: each claim as the payer last decided it
    const decided = payer.claims.filter((c) => c.outcome !== 'rejected');
    const statuses = await eventually(
      async () => {
        const r = await services.call<{ items: Array<{ patientControlNumber: string; status: string }> }>(
          'claims',
          'GET',
          `/claims?payerId=${payerId}&limit=100`,
          'biller',
        );
        const now = new Map(r.body.items.map((c) => [c.patientControlNumber, c.status]));
        return decided.every((d) => now.get(d.claimId) === d.outcome) ? now : undefined;
      },
      60_000,
      'every claim paid, partially paid or denied as the payer decided',
    );
    expect(decided.map((d) => statuses.get(d.claimId))).toEqual(decided.map((d) => d.outcome));
  }, 300_000);
});
