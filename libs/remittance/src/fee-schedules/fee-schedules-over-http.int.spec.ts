import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { remittanceServiceSpec } from '../remittance.app';
import { FeeSchedule, expectedAllowed } from './fee-schedule';

interface Problem {
  statusCode: number;
  errors?: Array<{ field: string; messages: string[] }>;
}

/** Fee schedules over real HTTP on a real PostgreSQL: versions by effective date, located 400s. */
describe('payer fee schedules', () => {
  let remittance: ServiceUnderTest;
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
  }, 120_000);
  afterAll(() => remittance?.stop(), 60_000);

  const payerId = randomUUID();
  const put = (body: unknown, id: string = payerId, role: 'finance' | 'biller' = 'finance') =>
    remittance.call<FeeSchedule & Problem & { versions: string[] }>(
      'PUT',
      `/remittance/fee-schedules/${id}`,
      role,
      body,
    );
  const get = (query = '', id: string = payerId) =>
    remittance.call<FeeSchedule & Problem & { versions: string[] }>(
      'GET',
      `/remittance/fee-schedules/${id}${query}`,
      'finance',
    );

  it('stores a version per effective date, answers the one in effect, and a PUT replaces its version whole', async () => {
    const v2026 = await put({
      effectiveDate: '2026-01-01',
      rates: [
        { procedureCode: '99213', allowedCents: 9245 },
        { procedureCode: '71046', modifier: '26', allowedCents: 1200 },
        { procedureCode: '71046', allowedCents: 4100 },
      ],
    });
    expect(v2026.status).toBe(200);
    expect(v2026.body).toEqual({
      payerId,
      effectiveDate: '2026-01-01',
      rates: [
        { procedureCode: '71046', modifier: '', allowedCents: 4100 },
        { procedureCode: '71046', modifier: '26', allowedCents: 1200 },
        { procedureCode: '99213', modifier: '', allowedCents: 9245 },
      ],
      versions: ['2026-01-01'],
    });
    await put({ effectiveDate: '2027-01-01', rates: [{ procedureCode: '99213', allowedCents: 9500 }] });
    // The same version again, changed: replaced, not merged.
    await put({ effectiveDate: '2027-01-01', rates: [{ procedureCode: '99213', allowedCents: 9600 }] });

    const on2026 = await get('?asOf=2026-12-31');
    expect(on2026.body).toMatchObject({
      effectiveDate: '2026-01-01',
      versions: ['2026-01-01', '2027-01-01'],
    });
    expect(
      expectedAllowed(on2026.body, { procedureCode: '71046', modifiers: ['59', '26'] })?.allowedCents,
    ).toBe(1200);
    const on2027 = await get('?asOf=2027-03-01');
    expect(on2027.body.rates).toEqual([{ procedureCode: '99213', modifier: '', allowedCents: 9600 }]);
    expect((await get('?asOf=2025-12-31')).status).toBe(404);
    expect((await get('', randomUUID())).status).toBe(404);
  });

  it('refuses bad schedules with every field located, and stores nothing of them', async () => {
    const res = await put({
      effectiveDate: '2026-02-30',
      rates: [
        { procedureCode: '9921', allowedCents: 100 },
        { procedureCode: '99213', modifier: '2', allowedCents: -1 },
        { procedureCode: '99214', allowedCents: 10.5 },
        { procedureCode: '99214', allowedCents: 100 },
      ],
      extra: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual(
      [
        'effectiveDate',
        'extra',
        'rates',
        'rates.0.procedureCode',
        'rates.1.modifier',
        'rates.1.allowedCents',
        'rates.2.allowedCents',
      ].sort(),
    );
    expect(res.body.errors?.find((e) => e.field === 'rates')?.messages.join()).toMatch(
      /99214 given more than once/,
    );
    expect((await put({ effectiveDate: '2026-01-01', rates: [] })).status).toBe(400);
    expect(
      (
        await put(
          { effectiveDate: '2026-01-01', rates: [{ procedureCode: '99213', allowedCents: 1 }] },
          'not-a-uuid',
        )
      ).status,
    ).toBe(400);
    expect((await get('?asOf=2026-13-01')).body).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'asOf' }],
    });
    // Nothing of the refused bodies landed.
    expect((await get('?asOf=2026-06-01')).body.rates).toHaveLength(3);
  });

  it('refuses a modifier or procedure code of the wrong type with a located 400, not a 500', async () => {
    for (const modifier of [12345, true, { a: 1 }, ['26'], 1.5]) {
      const res = await put({
        effectiveDate: '2026-01-01',
        rates: [
          { procedureCode: '99213', allowedCents: 9000 },
          { procedureCode: '99214', modifier, allowedCents: 1 },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(['rates.1.modifier']);
    }
    const res = await put({
      effectiveDate: '2026-01-01',
      rates: [{ procedureCode: 99213, modifier: 26, allowedCents: 9000 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual([
      'rates.0.modifier',
      'rates.0.procedureCode',
    ]);
  });

  it('only finance (and admin) set fee schedules', async () => {
    const res = await put(
      { effectiveDate: '2026-01-01', rates: [{ procedureCode: '99213', allowedCents: 1 }] },
      payerId,
      'biller',
    );
    expect(res.status).toBe(403);
  });
});
