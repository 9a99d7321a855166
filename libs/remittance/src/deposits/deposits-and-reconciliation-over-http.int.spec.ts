import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { remittanceServiceSpec } from '../remittance.app';

interface Received {
  id: string;
  duplicate: boolean;
  format: string;
  deposits: number;
  totalCents: number;
  alreadyReported: number;
  matched: number;
  unmatched: number;
}
interface Problem {
  statusCode: number;
  message: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

const bai2 = readFileSync(join(__dirname, 'bank-file', 'fixtures', 'ok', 'lockbox-and-ach-day.bai'), 'utf8');
const broken = readFileSync(
  join(__dirname, 'bank-file', 'fixtures', 'not-ok', 'totals-and-fields-wrong.bai'),
  'utf8',
);

/**
 * Bank files over real HTTP into a real PostgreSQL, matched to remittance advices as posting writes
 * them (inserted here with SQL): stored once, all or nothing, reconciled into exactly one bucket each.
 */
describe('deposits and reconciliation', () => {
  let remittance: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    db = remittance.running.app.get<DataSource>(getDataSourceToken('remittance'));
    const fileId = randomUUID();
    await db.query(
      `INSERT INTO remittance.remittance_file (id, sha256, byte_count, received_via, received_by) VALUES ($1, $2, 1, 'api', 'it')`,
      [fileId, randomUUID()],
    );
    const advice = (trace: string, originator: string | null, cents: number, method: string, date: string) =>
      db.query(
        `INSERT INTO remittance.remittance_advice (id, file_id, payer_id, payer_name, trace_number, trace_originator,
           paid_cents, payment_method, payment_date, transaction_set_control_number)
         VALUES ($1, $2, $3, 'PAYER', $4, $5, $6, $7, $8, '0001')`,
        [randomUUID(), fileId, randomUUID(), trace, originator, cents, method, date],
      );
    await advice('EFT20261130001', '1066033492', 125000, 'ACH', '2026-11-29'); // matches line 4
    await advice('EFT20261130002', '1123456789', 87000, 'ACH', '2026-11-29'); // bank got 876.00: mismatch
    await advice('EFT20261130099', '1123456789', 4200, 'ACH', '2026-11-30'); // no deposit yet
    await advice('NOPAY1', '1123456789', 0, 'NON', '2026-11-30'); // BPR04 NON: expects no deposit
  }, 120_000);
  afterAll(() => remittance?.stop(), 60_000);

  const post = (body: string, contentType = 'text/plain', role: 'finance' | 'biller' = 'finance') =>
    remittance.send('POST', '/remittance/deposits', role, { body, contentType });
  const depositCount = async () =>
    (await remittance.call<{ total: number }>('GET', '/remittance/deposits?limit=1', 'finance')).body.total;

  let first: Received;
  it('stores a BAI2 day of deposits and says how many match a posted remittance', async () => {
    const res = await post(bai2);
    expect(res.status).toBe(201);
    first = JSON.parse(res.text) as Received;
    expect(first).toEqual({
      id: expect.any(String),
      duplicate: false,
      format: 'bai2',
      deposits: 3,
      totalCents: 338100,
      alreadyReported: 0,
      matched: 1,
      unmatched: 2,
    });
    const list = await remittance.call<{
      total: number;
      items: Array<{ traceNumber: string; originator: string | null }>;
    }>('GET', '/remittance/deposits', 'finance');
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((d) => d.traceNumber).sort()).toEqual([
      'EFT20261130001',
      'EFT20261130002',
      'WIRE778',
    ]);
  });

  it('the same file again stores nothing and answers the first id, also when two uploads race', async () => {
    const [a, b] = await Promise.all([post(bai2), post(bai2)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(JSON.parse(a.text)).toMatchObject({ id: first.id, duplicate: true, deposits: 3, matched: 1 });
    expect(await depositCount()).toBe(3);
  });

  it('the same credits in another file (a re-sent report with a new file id) are stored once', async () => {
    const resent = await post(
      bai2.replace(
        '01,021000021,REVCYCLECLINIC,261201,0600,1,',
        '01,021000021,REVCYCLECLINIC,261201,0700,2,',
      ),
    );
    expect(resent.status).toBe(201);
    expect(JSON.parse(resent.text)).toMatchObject({
      duplicate: false,
      deposits: 3,
      alreadyReported: 3,
      matched: 1,
    });
    expect(await depositCount()).toBe(3);
  });

  it('a CSV export is read like a BAI2 one', async () => {
    const csv = [
      'Date,Amount,Trace Number,Description',
      '2026-11-30,1250.00,EFT20261130001,"HCCLAIMPMT AETNA, again"',
      '2026-11-30,42.00,EFT20261130099,HCCLAIMPMT UHC',
    ].join('\n');
    const res = await post(csv, 'text/csv');
    expect(res.status).toBe(201);
    // The CSV line carries no BAI2 account, type code or bank reference: nothing says it is the
    // BAI2's credit, so it is a deposit of its own (and reconciliation shows it unexplained).
    expect(JSON.parse(res.text)).toMatchObject({ format: 'csv', deposits: 2, totalCents: 129200 });
    expect(await depositCount()).toBe(5);
  });

  it('a bank file with bad lines is refused with each located, and nothing of it is stored', async () => {
    const res = await post(broken);
    expect(res.status).toBe(422);
    const p = JSON.parse(res.text) as Problem;
    expect(p.message).toMatch(/nothing was stored/);
    expect(p.errors?.map((e) => e.field)).toEqual([
      'line 2: as-of date',
      'line 4: amount',
      'line 5: funds type',
      'line 7: account control total',
      'line 8: number of accounts',
      'line 8: record code',
    ]);
    expect(await depositCount()).toBe(5);
    const garbage = await post('%PDF-1.7 not a bank file');
    expect(garbage.status).toBe(422);
    expect((await post('', 'text/plain')).status).toBe(400);
  });

  it('takes only bank-file media types, and only from finance', async () => {
    expect((await post(bai2, 'application/json')).status).toBe(415);
    expect((await post(bai2, 'text/plain', 'biller')).status).toBe(403);
  });

  it('reconciles a period: every deposit and paying remittance in one bucket, to the cent', async () => {
    const res = await remittance.call<{
      matched: Array<{ traceNumber: string; depositCents: number }>;
      amountMismatch: Array<{ traceNumber: string; differenceCents: number }>;
      remittanceWithoutDeposit: Array<{ traceNumber: string }>;
      depositWithoutRemittance: Array<{ traceNumber: string | null; amountCents: number }>;
      totals: Record<string, unknown>;
    }>('GET', '/remittance/reconciliation?from=2026-11-29&to=2026-11-30', 'finance');
    expect(res.status).toBe(200);
    // EFT…001 was reported twice (BAI2 with the ACH addenda's originator, CSV without): the BAI2
    // credit pairs with the remittance of its originator, the CSV one is left unexplained.
    expect(res.body.matched.map((p) => p.traceNumber)).toEqual(['EFT20261130001', 'EFT20261130099']);
    expect(res.body.amountMismatch.map((p) => [p.traceNumber, p.differenceCents])).toEqual([
      ['EFT20261130002', 600],
    ]);
    expect(res.body.remittanceWithoutDeposit).toEqual([]);
    expect(res.body.depositWithoutRemittance.map((d) => [d.traceNumber, d.amountCents]).sort()).toEqual([
      ['EFT20261130001', 125000],
      ['WIRE778', 125500],
    ]);
    expect(res.body.totals).toMatchObject({
      depositCents: 338100 + 129200,
      remittanceCents: 125000 + 87000 + 4200,
      depositWithoutRemittance: { count: 2, cents: 250500 },
      matched: { count: 2, cents: 129200 },
    });
  });

  it('a period outside the payments is empty, and bad periods are 400s naming the parameter', async () => {
    const empty = await remittance.call<{ matched: unknown[]; totals: { depositCents: number } }>(
      'GET',
      '/remittance/reconciliation?from=2025-01-01&to=2025-01-31',
      'finance',
    );
    expect(empty.body).toMatchObject({ matched: [], totals: { depositCents: 0 } });
    const bad = async (q: string) =>
      (await remittance.call<Problem>('GET', `/remittance/reconciliation${q}`, 'finance')).body;
    expect(await bad('?from=2026-02-30&to=2026-03-01')).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'from' }],
    });
    expect(await bad('?from=2026-03-02&to=2026-03-01')).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'to' }],
    });
    expect(await bad('?from=2024-01-01&to=2026-03-01')).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'to' }],
    });
    expect((await bad('')).errors?.map((e) => e.field)).toEqual(['from', 'to']);
    expect(await bad('?from=2026-01-01&from=2026-01-02&to=2026-03-01')).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'from' }],
    });
  });
});
