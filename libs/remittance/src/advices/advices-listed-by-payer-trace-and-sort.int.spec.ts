import { ServiceUnderTest } from '@revcycle/runtime';
import { remittanceServiceSpec } from '../remittance.app';
import { billAndAdjudicate } from './remittance.test-support';

interface Advice {
  id: string;
  fileId: string;
  payerId: string;
  traceNumber: string;
  paidCents: number;
  paymentDate: string;
  postedAt: string;
}
type Page = { total: number; items: Advice[] };

/**
 * GET /remittance/advices as finance's remittances screen asks it: by payer and by trace (TRN02),
 * newest posted first, latest payment date first or the largest payment first, paged without
 * overlap; a bad sort or trace is a 400 naming it.
 */
describe('the remittance advices, listed by payer, trace and in the order asked', () => {
  let remittance: ServiceUnderTest;
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    for (const [count, seed] of [
      [8, 41],
      [20, 42],
    ]) {
      const billed = await billAndAdjudicate(remittance, count, seed);
      const posted = await remittance.send('POST', '/remittance/advices', 'finance', {
        body: billed.text,
        contentType: 'application/edi-x12',
      });
      expect(posted.status).toBe(201);
    }
  }, 180_000);
  afterAll(() => remittance?.stop(), 60_000);

  const list = async (query: string) => {
    const r = await remittance.call<Page>('GET', `/remittance/advices${query}`, 'finance');
    expect(r.status).toBe(200);
    return r.body;
  };

  it('sorts newest posted first by default, or by payment date, or by the money paid', async () => {
    const all = (await list('?limit=500')).items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const posted = all.map((a) => a.postedAt);
    expect(posted).toEqual([...posted].sort().reverse());
    const byDate = (await list('?sort=payment-date&limit=500')).items.map((a) => a.paymentDate);
    expect(byDate).toEqual([...byDate].sort().reverse());
    const largest = (await list('?sort=largest&limit=500')).items;
    expect(largest.map((a) => a.paidCents)).toEqual(all.map((a) => a.paidCents).sort((a, b) => b - a));
    const paged = [];
    for (let offset = 0; offset < all.length; offset += 1)
      paged.push(...(await list(`?sort=largest&limit=1&offset=${offset}`)).items.map((a) => a.id));
    expect(paged).toEqual(largest.map((a) => a.id));
  });

  it("filters by the payer's id and by the trace number", async () => {
    const all = (await list('?limit=500')).items;
    const one = all[all.length - 1];
    const byTrace = await list(`?traceNumber=${one.traceNumber}`);
    expect(byTrace.items.map((a) => a.id)).toEqual(
      all.filter((a) => a.traceNumber === one.traceNumber).map((a) => a.id),
    );
    const byPayer = await list(`?payerId=${encodeURIComponent(one.payerId)}&limit=500`);
    expect(byPayer.total).toBe(all.filter((a) => a.payerId === one.payerId).length);
    expect((await list('?traceNumber=000000000000001')).total).toBe(0);
  });

  it('refuses a bad sort or trace with the parameter named', async () => {
    for (const bad of ['?sort=cheapest', '?traceNumber=1;2']) {
      const r = await remittance.call<{ errors: Array<{ field: string }> }>(
        'GET',
        `/remittance/advices${bad}`,
        'finance',
      );
      expect([r.status, r.body.errors[0].field]).toEqual([400, bad.slice(1).split('=')[0]]);
    }
  });
});
