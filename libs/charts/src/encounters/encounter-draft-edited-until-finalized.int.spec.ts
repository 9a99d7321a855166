import { withNpiCheckDigit } from '@revcycle/contracts';
import { openEventEnvelope } from '@revcycle/messaging';
import { eventually } from '@revcycle/runtime';
import { Role } from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { ChartsTestService } from '../charts-test-service';

type Row = { id: string } & Record<string, unknown>;
interface Problem {
  statusCode: number;
  message: string;
  errors?: Array<{ field: string; messages: string[] }>;
}
type Audit = { outcome: string; action: string; resourceId?: string; patientId?: string; operation: string };

/**
 * A biller fixes an open (draft) encounter with `PATCH /encounters/:id` before signing it off: the
 * fields given replace the stored ones, validated as create validates them and checked together
 * with the fields kept; the codes stay sealed at rest; the change is audited in its transaction
 * without PHI and emits no event (nothing downstream sees a draft) — charts.encounter.finalized
 * carries the fixed encounter. A finalized encounter is a 409 (corrections go through claims).
 */
describe('an open encounter is edited until it is finalized', () => {
  const charts = new ChartsTestService();
  const run = randomBytes(3).toString('hex');
  const npi = () => withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '7'));
  const ids = {} as Record<'payer' | 'billing' | 'rendering' | 'patient' | 'primary' | 'secondary', string>;
  let otherPatientsCoverage: string;

  const post = async (path: string, body: unknown) => {
    const r = await charts.call<Row>('POST', path, body);
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const patch = (id: string, body: unknown, role: Role = 'biller') =>
    charts.call<Row & Problem>('PATCH', `/encounters/${id}`, body, role);
  const fields = (p: Problem) => (p.errors ?? []).map((e) => e.field);

  async function patientWithCoverage(lastName: string) {
    const patient = await post('/patients', {
      mrn: `ED-${randomUUID().slice(0, 8)}`,
      firstName: 'Ines',
      lastName,
      dateOfBirth: '1961-02-03',
      sex: 'F',
      address: { line1: '7 Lake Rd', city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    const coverage = await post(`/patients/${patient}/coverages`, {
      payerId: ids.payer,
      memberId: `MB${run}1`,
      relationship: 'self',
    });
    return { patient, coverage };
  }

  beforeAll(async () => {
    await charts.start();
    ids.payer = await post('/payers', { name: 'Draft Plan', payerId: `DRF${run}` });
    const provider = (name: string) =>
      post('/providers', {
        npi: npi(),
        kind: 'organization',
        name,
        taxId: '123456789',
        address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '53703' },
      });
    ids.billing = await provider('Draft Clinic');
    ids.rendering = await provider('Draft Surgery');
    const mine = await patientWithCoverage('Quillfeather');
    ids.patient = mine.patient;
    ids.primary = mine.coverage;
    ids.secondary = await post(`/patients/${ids.patient}/coverages`, {
      payerId: ids.payer,
      memberId: `SC${run}2`,
      relationship: 'spouse',
      subscriber: { firstName: 'Ole', lastName: 'Quillfeather', dateOfBirth: '1960-01-01', sex: 'M' },
    });
    otherPatientsCoverage = (await patientWithCoverage('Elsewhere')).coverage;
  }, 120_000);
  afterAll(() => charts.stop(), 60_000);

  const draft = () =>
    post('/encounters', {
      patientId: ids.patient,
      coverageId: ids.primary,
      billingProviderId: ids.billing,
      renderingProviderId: ids.billing,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'I10' }, { code: 'E11.9' }],
      procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1, 2] }],
    });

  it('replaces the fields given, keeps the codes sealed in the row, audits without PHI and emits nothing', async () => {
    const id = await draft();
    const r = await patch(id, {
      dateOfService: '2026-09-15',
      placeOfService: '22',
      renderingProviderId: ids.rendering,
      secondaryCoverageId: ids.secondary,
      diagnoses: [{ code: 'e11.65' }],
      procedures: [
        { code: '99214', modifiers: ['25'], units: 1, chargeCents: 18000, diagnosisPointers: [1] },
      ],
    });
    expect(r.status).toBe(200);
    const expected = {
      id,
      patientId: ids.patient,
      coverageId: ids.primary,
      secondaryCoverageId: ids.secondary,
      billingProviderId: ids.billing,
      renderingProviderId: ids.rendering,
      dateOfService: '2026-09-15',
      placeOfService: '22',
      diagnoses: [{ code: 'E1165', sequence: 1 }],
      procedures: [
        { code: '99214', modifiers: ['25'], units: 1, chargeCents: 18000, diagnosisSequences: [1] },
      ],
      status: 'open',
    };
    expect(r.body).toMatchObject({ ...expected, warnings: [] });
    expect((await charts.call('GET', `/encounters/${id}`)).body).toMatchObject(expected);

    const [row] = await charts.query<Record<string, string>>(
      `SELECT diagnoses, procedures, date_of_service::text AS dos, place_of_service AS pos
         FROM charts.encounter WHERE id = $1`,
      [id],
    );
    expect(row).toMatchObject({ dos: '2026-09-15', pos: '22' });
    for (const clear of ['E1165', 'E11.65', '99214', '18000'])
      expect(`${row!.diagnoses} ${row!.procedures}`).not.toContain(clear);

    expect(await charts.outbox(id)).toEqual([]);
    const audits = (await charts.outbox(ids.patient, 'audit.recorded'))
      .map((e) => e.payload as unknown as Audit)
      .filter((a) => a.resourceId === id && a.action === 'update');
    expect(audits).toEqual([
      expect.objectContaining({
        outcome: 'success',
        resourceId: id,
        patientId: ids.patient,
        operation: 'PATCH /encounters/:id',
      }),
    ]);
    for (const leak of ['E1165', '99214', '2026-09-15', 'Quillfeather'])
      expect(JSON.stringify(audits)).not.toContain(leak);
  });

  it('a partial patch changes only what it names; null clears the secondary coverage and the referring provider', async () => {
    const id = await draft();
    await patch(id, { secondaryCoverageId: ids.secondary, referringProviderId: ids.rendering });
    const before = (await charts.call<Row>('GET', `/encounters/${id}`)).body;
    const pos = await patch(id, { placeOfService: '02' });
    expect(pos.status).toBe(200);
    expect(pos.body).toEqual({ ...before, placeOfService: '02', warnings: [] });
    const cleared = await patch(id, { secondaryCoverageId: null, referringProviderId: null });
    expect(cleared.body).toMatchObject({ secondaryCoverageId: null, referringProviderId: null });
    const noop = await patch(id, {});
    expect([noop.status, noop.body.placeOfService]).toEqual([200, '02']);
    // Fewer diagnoses are fine when the kept procedures point at none past them.
    const fewer = await patch(id, { diagnoses: [{ code: 'I10' }, { code: 'E11.9' }, { code: 'Z00.00' }] });
    expect(fewer.body.diagnoses).toHaveLength(3);
  });

  it('finalized: the event carries the fixed encounter, and a later patch is a 409 that changes nothing', async () => {
    const id = await draft();
    await patch(id, { dateOfService: '2026-09-16', placeOfService: '22' });
    expect((await charts.call('POST', `/encounters/${id}/finalize`)).status).toBe(200);
    const [finalized] = await charts.outbox(id);
    expect(finalized).toMatchObject({
      topic: 'charts.encounter.finalized',
      payload: { dateOfService: '2026-09-16', placeOfService: '22' },
    });
    const late = await patch(id, { placeOfService: '11' });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/was finalized at .*correct the claim/);
    expect((await charts.call<Row>('GET', `/encounters/${id}`)).body.placeOfService).toBe('22');
    expect(await charts.outbox(id)).toHaveLength(1);
  });

  it('refuses coder, finance and compliance with a 403 (admin may), audited as refused without the id', async () => {
    const id = await draft();
    for (const role of ['coder', 'finance', 'compliance'] as const)
      expect([role, (await patch(id, { placeOfService: '22' }, role)).status]).toEqual([role, 403]);
    expect((await patch(id, { placeOfService: 'XX' }, 'coder')).status).toBe(403);
    const admin = await patch(id, { placeOfService: '19' }, 'admin');
    expect([admin.status, admin.body.placeOfService]).toEqual([200, '19']);
    expect((await charts.call<Row>('GET', `/encounters/${id}`)).body.placeOfService).toBe('19');

    const refused = await eventually(async () => {
      const rows = await charts.query<{ envelope: unknown }>(
        `SELECT envelope FROM charts.outbox WHERE topic = 'audit.recorded' ORDER BY seq`,
      );
      const entries = rows
        .map((r) => openEventEnvelope<Audit>(r.envelope))
        .filter((e) => e.payload.outcome === 'refused' && e.payload.operation === 'PATCH /encounters/:id');
      return entries.length >= 4 ? entries : undefined;
    }, 'four refusals of PATCH /encounters/:id');
    expect(new Set(refused.map((e) => e.actor.role))).toEqual(new Set(['coder', 'finance', 'compliance']));
    for (const e of refused) expect(e.payload).toMatchObject({ resourceType: 'Encounter', action: 'update' });
    expect(JSON.stringify(refused)).not.toContain(id);
  });

  it('locates every bad field in a 400 and stores nothing', async () => {
    const id = await draft();
    const before = (await charts.call<Row>('GET', `/encounters/${id}`)).body;
    const cases: Array<[unknown, string, RegExp?]> = [
      [{ placeOfService: 'XX' }, 'placeOfService'],
      [{ dateOfService: '2026-02-30' }, 'dateOfService'],
      [{ placeOfService: null }, 'placeOfService', /cannot be null/],
      [{ diagnoses: null }, 'diagnoses', /cannot be null/],
      [{ patientId: randomUUID() }, 'patientId'],
      [{ status: 'finalized' }, 'status'],
      [{ coverageId: 'not-a-uuid' }, 'coverageId'],
      [{ coverageId: randomUUID() }, 'coverageId', /does not exist/],
      [{ coverageId: otherPatientsCoverage }, 'coverageId', /belongs to another patient/],
      [{ secondaryCoverageId: ids.primary }, 'secondaryCoverageId', /another coverage than the primary/],
      [{ renderingProviderId: randomUUID() }, 'renderingProviderId', /does not exist/],
      [{ diagnoses: [] }, 'diagnoses'],
      [{ diagnoses: [{ code: 'I10' }] }, 'diagnoses', /procedure 1 points at diagnosis 2/],
      [
        { procedures: [{ code: '99213', units: 1, chargeCents: 100, diagnosisPointers: [3] }] },
        'procedures.0.diagnosisPointers',
        /points past the 2 diagnoses/,
      ],
      [
        { procedures: [{ code: '99213', units: 0, chargeCents: 100, diagnosisPointers: [1] }] },
        'procedures.0.units',
      ],
    ];
    for (const [body, field, message] of cases) {
      const r = await patch(id, body);
      expect({ body, status: r.status, fields: fields(r.body) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
      expect(r.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
      if (message) expect(r.body.errors![0]!.messages.join(' ')).toMatch(message);
    }
    expect((await charts.call<Row>('GET', `/encounters/${id}`)).body).toEqual(before);
  });

  it('an unknown encounter is a 404, a bad id a 400', async () => {
    const missing = await patch(randomUUID(), { placeOfService: '22' });
    expect([missing.status, missing.body.message]).toEqual([404, expect.stringMatching(/not found/)]);
    expect((await patch('not-a-uuid', { placeOfService: '22' })).status).toBe(400);
  });

  it('GET /encounters sorts by the whitelisted orders; another sort is a 400 naming sort', async () => {
    const dates = ['2026-03-03', '2026-01-01', '2026-02-02'];
    const made: string[] = [];
    for (const dateOfService of dates) {
      const id = await draft();
      await patch(id, { dateOfService });
      made.push(id);
    }
    const listed = async (sort: string) => {
      const r = await charts.call<{ items: Row[] }>('GET', `/encounters?limit=500&sort=${sort}`);
      expect(r.status).toBe(200);
      return r.body.items.filter((e) => made.includes(e.id)).map((e) => e.dateOfService);
    };
    expect(await listed('date-of-service')).toEqual(['2026-01-01', '2026-02-02', '2026-03-03']);
    expect(await listed('-date-of-service')).toEqual(['2026-03-03', '2026-02-02', '2026-01-01']);
    expect(await listed('created-at')).toEqual(dates);
    expect(await listed('-created-at')).toEqual([...dates].reverse());
    expect((await charts.call('POST', `/encounters/${made[0]}/finalize`)).status).toBe(200);
    const all = (await charts.call<{ items: Row[] }>('GET', '/encounters?limit=500&sort=-status')).body.items;
    const firstFinalized = all.findIndex((e) => e.status === 'finalized');
    expect(firstFinalized).toBeGreaterThan(0);
    expect(all.slice(firstFinalized).every((e) => e.status === 'finalized')).toBe(true);
    const bad = await charts.call<Problem>('GET', '/encounters?sort=dateOfService');
    expect([bad.status, fields(bad.body)]).toEqual([400, ['sort']]);
  });
});
