import { AuditRecorded } from '@revcycle/contracts';
import { openEventEnvelope } from '@revcycle/messaging';
import { randomBytes, randomUUID } from 'node:crypto';
import { ChartsTestService } from '../charts-test-service';
import { syntheticOfficeVisit, syntheticPatient, syntheticPractice } from '@revcycle/runtime';
import type { SyntheticPatient, SyntheticPractice } from '@revcycle/runtime';

interface BatchResult {
  stored: number;
  refused: number;
  results: Array<{
    index: number;
    status: number;
    id?: string;
    warnings?: Array<{ field: string }>;
    errors?: Array<{ field: string; messages: string[] }>;
  }>;
}
type Problem = { statusCode: number; errors?: Array<{ field: string; messages: string[] }> };

/**
 * `POST /encounters/batch`, a practice-management feed over real HTTP on a real PostgreSQL: each
 * encounter validated and stored on its own (a bad one is refused with errors located as
 * `encounters.<index>.<field>`, the others stored, each with its audit entry), at most 1,000 per
 * request (413 beyond), a malformed envelope a located 400, and only roles that may write charts.
 */
describe('an encounter batch stores the good encounters and locates the bad ones', () => {
  const charts = new ChartsTestService();
  const run = randomBytes(3).toString('hex').toUpperCase();
  let practice: SyntheticPractice;
  let patient: SyntheticPatient;
  const visit = (n: number) => syntheticOfficeVisit(practice, patient, n);

  beforeAll(async () => {
    await charts.start();
    const call = <T>(method: string, pathname: string, body?: unknown) =>
      charts.call<T>(method, pathname, body);
    practice = await syntheticPractice(call, run);
    patient = await syntheticPatient(call, practice, run, 1);
  }, 120_000);
  afterAll(() => charts.stop(), 60_000);

  const batch = (encounters: unknown, role: 'biller' | 'coder' = 'biller') =>
    charts.call<BatchResult & Problem>('POST', '/encounters/batch', { encounters }, role);

  it('stores the good ones, each audited, and refuses each bad one with located errors', async () => {
    const { dateOfService: _dropped, ...noDate } = visit(2);
    const r = await batch([
      visit(0),
      noDate,
      { ...visit(3), patientId: randomUUID() },
      { ...visit(4), procedures: [{ code: '99213', units: 1, chargeCents: 100, diagnosisPointers: [3] }] },
      { ...visit(5), bogus: true },
      { ...visit(6), procedures: [{ code: 'Q9999', units: 1, chargeCents: 100, diagnosisPointers: [1] }] },
    ]);
    expect(r.status).toBe(200);
    expect({ stored: r.body.stored, refused: r.body.refused }).toEqual({ stored: 2, refused: 4 });
    expect(r.body.results.map((x) => [x.index, x.status, x.errors?.map((e) => e.field) ?? []])).toEqual([
      [0, 201, []],
      [1, 400, ['encounters.1.dateOfService']],
      [2, 400, ['encounters.2.patientId']],
      [3, 400, ['encounters.3.procedures.0.diagnosisPointers']],
      [4, 400, ['encounters.4.bogus']],
      [5, 201, []],
    ]);
    expect(r.body.results[5].warnings?.map((w) => w.field)).toEqual(['encounters.5.procedures.0.code']);

    const stored = await charts.call<{ id: string; status: string; patientId: string }>(
      'GET',
      `/encounters/${r.body.results[0].id}`,
    );
    expect(stored.body).toMatchObject({ status: 'open', patientId: patient.patientId });
    // It finalizes like any other encounter.
    expect((await charts.call('POST', `/encounters/${r.body.results[0].id}/finalize`)).status).toBe(200);

    const audit = (
      await charts.query<{ envelope: never }>(
        `SELECT envelope FROM charts.outbox WHERE topic = 'audit.recorded'`,
      )
    )
      .map((row) => openEventEnvelope<AuditRecorded>(row.envelope).payload)
      .filter((p) => p.operation === 'POST /encounters/batch');
    const outcomes = audit.map((p) => `${p.outcome}:${p.resourceId ?? '-'}`).sort();
    expect(outcomes).toEqual(
      [
        `success:${r.body.results[0].id}`,
        `success:${r.body.results[5].id}`,
        'failure:-',
        'failure:-',
        'failure:-',
        'failure:-',
      ].sort(),
    );
  });

  it('takes 1,000 at once (a body past the 100 kB default limit) and refuses 1,001 with a 413', async () => {
    const thousand = Array.from({ length: 1000 }, (_, n) => visit(n));
    const r = await batch(thousand);
    expect({ status: r.status, stored: r.body.stored, refused: r.body.refused }).toEqual({
      status: 200,
      stored: 1000,
      refused: 0,
    });
    const ids = r.body.results.map((x) => x.id);
    const [{ n }] = await charts.query<{ n: string }>(
      `SELECT count(*) AS n FROM charts.encounter WHERE id = ANY($1)`,
      [ids],
    );
    expect(Number(n)).toBe(1000);

    const tooMany = await batch([...thousand, visit(1000)]);
    expect({ status: tooMany.status, fields: tooMany.body.errors?.map((e) => e.field) }).toEqual({
      status: 413,
      fields: ['encounters'],
    });
  }, 120_000);

  it.each([
    ['missing', undefined],
    ['empty', []],
    ['not a list', { patientId: 'x' }],
    ['a list of non-objects', [1, 'two']],
  ])('refuses a body whose encounters are %s with a 400 naming encounters', async (_, encounters) => {
    const r = await batch(encounters);
    expect(r.status).toBe(400);
    expect(r.body.errors?.map((e) => e.field)).toEqual(['encounters']);
  });

  it('is for roles that may write charts, like a single create', async () => {
    expect((await batch([visit(0)], 'coder')).status).toBe(403);
    const anonymous = await fetch(`${charts.url}/encounters/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encounters: [visit(0)] }),
    });
    expect(anonymous.status).toBe(401);
  });
});
