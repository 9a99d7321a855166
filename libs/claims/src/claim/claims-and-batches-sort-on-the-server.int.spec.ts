import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { ClaimBatch } from '../submission/claim-batch.entity';
import { Claim, ClaimParties } from './claim.entity';

type Row = { id: string } & Record<string, unknown>;
interface Listed {
  total: number;
  items: Row[];
}
interface Problem {
  statusCode: number;
  message: string;
  errors: Array<{ field: string; messages: string[] }>;
}

const payerId = randomUUID();
const parties = {
  patient: { id: randomUUID(), lastName: 'Synthetic' },
  coverage: { payer: { id: payerId, name: 'Sorting Plan', payerId: 'SO1' } },
} as unknown as ClaimParties;

// Ties on every column (so the id must order equals); values whose order no collation changes.
const CHARGES = [500, 1500, 500, 9900, 1500, 250, 9900, 500];
const DATES = [
  '2026-09-14',
  '2026-08-01',
  '2026-09-14',
  '2026-07-30',
  '2026-08-01',
  '2026-09-20',
  '2026-07-30',
  '2026-09-14',
];
const STATUSES = ['ready', 'rejected', 'paid', 'ready', 'denied', 'accepted', 'paid', 'ready'];
const INSTANTS = ['2026-09-14T08:00:00Z', '2026-09-14T09:00:00Z', '2026-09-14T10:00:00Z'];

/** Rows in the order `?sort=<column>` must give: by the value, equal values by id, `-` the exact reverse. */
function expected(rows: Row[], value: (r: Row) => string | number): string[] {
  return [...rows]
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((r) => r.id);
}

/**
 * `GET /claims` and `GET /claims/batches` sorted by the server (`?sort=` a column, `-` descending):
 * real rows in order both ways, equal values by id so that pages neither overlap nor skip, the
 * default order unchanged without `?sort=`, and a sort outside the whitelist a 400 naming `sort`.
 */
describe('claims and batches sort on the server', () => {
  let claims: ServiceUnderTest;
  let claimRows: Row[];
  let batchRows: Row[];

  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    const db = claims.running.app.get<DataSource>(getDataSourceToken('claims'));
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const rows = CHARGES.map(
      (charge, i) =>
        ({
          id: randomUUID(),
          patientControlNumber: `SO${tag}${String((i * 5) % 8)}`,
          encounterId: randomUUID(),
          patientId: parties.patient.id,
          payerId,
          claimType: 'professional',
          frequencyCode: '1',
          status: STATUSES[i],
          revision: 1,
          scrubbedAt: null,
          dateOfService: DATES[i],
          placeOfService: '11',
          totalChargeCents: charge,
          diagnoses: ['J069'],
          parties,
        }) as Claim,
    );
    await db.getRepository(Claim).insert(rows);
    const batches = CHARGES.slice(0, 6).map(
      (charge, i) =>
        ({
          id: randomUUID(),
          payerId,
          claimType: 'professional',
          claimCount: [3, 1, 3, 7, 1, 2][i],
          totalChargeCents: charge,
          senderId: 'SENDER',
          receiverId: 'RECEIVER',
          interchangeControlNumber: String(900000000 + i),
          groupControlNumber: String(900 + i),
          usageIndicator: 'T',
          status: ['created', 'submitted', 'rejected', 'created', 'acknowledged', 'submitted'][i],
          fileBytes: 100,
          fileSha256: '0'.repeat(64),
          deliveryMethod: 'download',
          createdBy: 'test',
        }) as ClaimBatch,
    );
    await db.getRepository(ClaimBatch).insert(batches);
    for (const [table, list] of [
      ['claim', rows],
      ['claim_batch', batches],
    ] as const)
      for (const [i, r] of list.entries())
        await db.query(`UPDATE claims.${table} SET created_at = $2 WHERE id = $1`, [r.id, INSTANTS[i % 3]]);
    claimRows = (await claims.call<Listed>('GET', `/claims?payerId=${payerId}&limit=500`, 'biller')).body
      .items;
    batchRows = (await claims.call<Listed>('GET', `/claims/batches?payerId=${payerId}&limit=500`, 'biller'))
      .body.items;
  }, 300_000); // the service loads the national edit tables and joins the broker first

  afterAll(() => claims?.stop(), 60_000);

  const ids = async (path: string) => {
    const r = await claims.call<Listed>('GET', path, 'biller');
    expect(r.status).toBe(200);
    return r.body.items.map((c) => c.id);
  };

  it.each([
    ['created-at', (r: Row) => String(r['createdAt'])],
    ['charge', (r: Row) => Number(r['totalChargeCents'])],
    ['status', (r: Row) => String(r['status'])],
    ['date-of-service', (r: Row) => String(r['dateOfService'])],
    ['patient-control-number', (r: Row) => String(r['patientControlNumber'])],
  ])('GET /claims?sort=%s orders the claims by it, and the - form the other way', async (sort, value) => {
    const order = expected(claimRows, value);
    expect(await ids(`/claims?payerId=${payerId}&sort=${sort}`)).toEqual(order);
    expect(await ids(`/claims?payerId=${payerId}&sort=-${sort}`)).toEqual([...order].reverse());
  });

  it.each([
    ['created-at', (r: Row) => String(r['createdAt'])],
    ['claim-count', (r: Row) => Number(r['claimCount'])],
    ['charge', (r: Row) => Number(r['totalChargeCents'])],
    ['status', (r: Row) => String(r['status'])],
  ])(
    'GET /claims/batches?sort=%s orders the batches by it, and the - form the other way',
    async (sort, value) => {
      const order = expected(batchRows, value);
      expect(await ids(`/claims/batches?payerId=${payerId}&sort=${sort}`)).toEqual(order);
      expect(await ids(`/claims/batches?payerId=${payerId}&sort=-${sort}`)).toEqual([...order].reverse());
    },
  );

  it('keeps newest first without ?sort=, and pages a sort with ties without overlap or gap', async () => {
    expect(claimRows.map((r) => r.id)).toEqual(expected(claimRows, (r) => String(r['createdAt'])).reverse());
    expect(batchRows.map((r) => r.id)).toEqual(expected(batchRows, (r) => String(r['createdAt'])).reverse());
    for (const path of [
      `/claims?payerId=${payerId}&sort=-charge`,
      `/claims/batches?payerId=${payerId}&sort=status`,
    ]) {
      const whole = await ids(path);
      const paged: string[] = [];
      for (let offset = 0; offset < whole.length; offset += 3)
        paged.push(...(await ids(`${path}&limit=3&offset=${offset}`)));
      expect(paged).toEqual(whole);
    }
  });

  it.each(['/claims', '/claims/batches'])(
    '%s?sort= outside the whitelist is a 400 naming sort',
    async (path) => {
      for (const bad of ['total_charge_cents', 'charge;DROP', '--charge', 'id']) {
        const r = await claims.call<Problem>('GET', `${path}?sort=${encodeURIComponent(bad)}`, 'biller');
        expect(r.status).toBe(400);
        expect(r.body).toMatchObject({ statusCode: 400, errors: [{ field: 'sort' }] });
        expect(r.body.errors[0].messages[0]).toContain('-charge');
      }
    },
  );
});
