import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { remittanceServiceSpec } from '../remittance.app';

interface Item {
  id: string;
  paidCents: number;
  chargeCents: number;
  payerId: string;
  payerName: string | null;
  createdAt: string;
}
interface Problem {
  statusCode: number;
  message: string;
  errors: Array<{ field: string; messages: string[] }>;
}

// Three payers (one without a name: it sorts by its identifier); ties in every column.
const PAYERS = [
  { payerId: 'P-ACME', name: 'Acme Health' },
  { payerId: 'P-BETA', name: 'Beta Mutual' },
  { payerId: 'P-CARE', name: null },
];
const ITEMS = [
  { payer: 0, paid: 1200, charge: 5000, at: '2026-09-14T08:00:00Z' },
  { payer: 1, paid: 0, charge: 5000, at: '2026-09-14T08:00:00Z' },
  { payer: 2, paid: 1200, charge: 9000, at: '2026-09-13T08:00:00Z' },
  { payer: 0, paid: 300, charge: 700, at: '2026-09-15T08:00:00Z' },
  { payer: 1, paid: 1200, charge: 700, at: '2026-09-13T08:00:00Z' },
  { payer: 2, paid: 300, charge: 5000, at: '2026-09-15T08:00:00Z' },
  { payer: 0, paid: 0, charge: 9000, at: '2026-09-14T08:00:00Z' },
];

/**
 * `GET /remittance/unmatched?sort=` on real review rows: received (created-at), paid, charge and
 * payer, each both ways with equal values in id order, oldest first without `?sort=`, pages that
 * neither overlap nor skip, and a sort outside the whitelist a 400 naming `sort`.
 */
describe('the unmatched review queue sorts on the server', () => {
  let remittance: ServiceUnderTest;
  let rows: Array<(typeof ITEMS)[number] & { id: string; payerKey: string }>;

  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    const db = remittance.running.app.get<DataSource>(getDataSourceToken('remittance'));
    const fileId = randomUUID();
    await db.query(
      `INSERT INTO remittance.remittance_file (id, sha256, byte_count, received_via, received_by)
       VALUES ($1, $2, 100, 'upload', 'test')`,
      [fileId, randomUUID()],
    );
    const adviceIds = PAYERS.map(() => randomUUID());
    for (const [i, p] of PAYERS.entries())
      await db.query(
        `INSERT INTO remittance.remittance_advice (id, file_id, payer_id, payer_name, trace_number, paid_cents,
           payment_method, payment_date, transaction_set_control_number)
         VALUES ($1, $2, $3, $4, $5, 0, 'CHK', '2026-09-12', $6)`,
        [adviceIds[i], fileId, p.payerId, p.name, `TRN${i}`, `000${i}`],
      );
    rows = ITEMS.map((item) => ({
      ...item,
      id: randomUUID(),
      payerKey: PAYERS[item.payer].name ?? PAYERS[item.payer].payerId,
    }));
    for (const [i, r] of rows.entries())
      await db.query(
        `INSERT INTO remittance.remittance_review (id, advice_id, kind, patient_control_number, claim_status_code,
           charge_cents, paid_cents, reason, created_at)
         VALUES ($1, $2, 'claim_not_found', $3, '1', $4, $5, 'no claim of ours', $6)`,
        [r.id, adviceIds[r.payer], `NOPE${i}`, r.charge, r.paid, r.at],
      );
  }, 120_000);
  afterAll(() => remittance?.stop(), 60_000);

  const ids = async (query: string) => {
    const r = await remittance.call<{ total: number; items: Item[] }>(
      'GET',
      `/remittance/unmatched${query}`,
      'finance',
    );
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(ITEMS.length);
    return r.body.items.map((i) => i.id);
  };
  const expected = (value: (r: (typeof rows)[number]) => string | number) =>
    [...rows]
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
      })
      .map((r) => r.id);

  it.each([
    ['created-at', (r: (typeof rows)[number]) => r.at],
    ['paid', (r: (typeof rows)[number]) => r.paid],
    ['charge', (r: (typeof rows)[number]) => r.charge],
    ['payer', (r: (typeof rows)[number]) => r.payerKey],
  ])('?sort=%s orders the items by it, and the - form the other way', async (sort, value) => {
    const order = expected(value);
    expect(await ids(`?sort=${sort}`)).toEqual(order);
    expect(await ids(`?sort=-${sort}`)).toEqual([...order].reverse());
  });

  it('keeps oldest first without ?sort=, names the payer, and pages a sort with ties without overlap', async () => {
    expect(await ids('')).toEqual(expected((r) => r.at));
    const listed = await remittance.call<{ items: Item[] }>(
      'GET',
      '/remittance/unmatched?sort=payer',
      'finance',
    );
    expect(listed.body.items.map((i) => i.payerName ?? i.payerId)).toEqual(
      [...rows].map((r) => r.payerKey).sort(),
    );
    const whole = await ids('?sort=-paid');
    const paged: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 2)
      paged.push(...(await ids(`?sort=-paid&limit=2&offset=${offset}`)));
    expect(paged).toEqual(whole);
  });

  it('refuses a sort outside the whitelist with a 400 naming sort', async () => {
    for (const bad of ['paid_cents', 'a.payer_name', 'amount;', '-']) {
      const r = await remittance.call<Problem>(
        'GET',
        `/remittance/unmatched?sort=${encodeURIComponent(bad)}`,
        'finance',
      );
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        statusCode: 400,
        errors: [
          {
            field: 'sort',
            messages: [
              'sort must be one of created-at, -created-at, paid, -paid, charge, -charge, payer, -payer',
            ],
          },
        ],
      });
    }
  });
});
