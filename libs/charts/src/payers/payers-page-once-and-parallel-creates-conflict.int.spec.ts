import { ServiceUnderTest } from '@revcycle/runtime';
import { chartsServiceSpec } from '../charts.app';

interface Listed {
  total: number;
  items: Array<{ id: string; payerId: string }>;
}

const PAYERS = 240;

/**
 * `GET /payers` pages like every list ({total, items}, newest first, id tie-break): walked in pages
 * of 25 it gives each payer exactly once. Parallel creates of one payer id: one 201, the rest 409
 * (the unique index decides; it was a 500 when the check-then-insert lost the race). The directory
 * is reference data: every portal role reads it (payer:read), finance too, which reads no chart.
 */
describe('payers', () => {
  let charts: ServiceUnderTest;

  beforeAll(async () => {
    charts = await ServiceUnderTest.start(chartsServiceSpec);
    for (let i = 0; i < PAYERS; i += 20) {
      const batch = Array.from({ length: Math.min(20, PAYERS - i) }, (_, k) =>
        charts.call('POST', '/payers', 'biller', { name: `Plan ${i + k}`, payerId: `PG${i + k}` }),
      );
      expect((await Promise.all(batch)).map((r) => r.status)).toEqual(batch.map(() => 201));
    }
  }, 120_000);

  afterAll(() => charts?.stop(), 60_000);

  it('GET /payers walks every payer exactly once', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 25) {
      const page = await charts.call<Listed>('GET', `/payers?limit=25&offset=${offset}`, 'biller');
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(PAYERS);
      seen.push(...page.body.items.map((p) => p.payerId));
      if (page.body.items.length < 25) break;
    }
    expect(seen).toHaveLength(PAYERS);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: PAYERS }, (_, i) => `PG${i}`)));
  });

  it('every portal role reads the payer directory; finance still reads no chart, a payer token not even this', async () => {
    for (const role of ['coder', 'biller', 'finance', 'compliance', 'admin'] as const) {
      const page = await charts.call<Listed>('GET', '/payers?limit=1', role);
      expect([role, page.status, page.body.total]).toEqual([role, 200, expect.any(Number)]);
      expect(Object.keys(page.body.items[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'payerId']);
    }
    expect((await charts.call('GET', '/patients', 'finance')).status).toBe(403);
    expect((await charts.call('GET', '/encounters', 'finance')).status).toBe(403);
    expect((await charts.send('GET', '/payers', { role: 'payer', payerId: 'PG1' })).status).toBe(403);
    expect((await charts.call('POST', '/payers', 'finance', { name: 'No', payerId: 'NOPE1' })).status).toBe(
      403,
    );
  });

  it('parallel creates of the same payer id: one 201, every other a 409 naming payerId', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        charts.call<{ errors?: Array<{ field: string }> }>('POST', '/payers', 'biller', {
          name: 'Race Plan',
          payerId: 'RACE1',
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 500)).toEqual([]);
    const listed = await charts.call<Listed>('GET', '/payers?limit=500', 'biller');
    expect(listed.body.items.filter((p) => p.payerId === 'RACE1')).toHaveLength(1);
  });
});
