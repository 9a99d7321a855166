import { withNpiCheckDigit } from '@revcycle/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { ChartsTestService } from './charts-test-service';

type Row = { id: string } & Record<string, unknown>;
type Problem = { message: string; errors?: Array<{ field: string; messages: string[] }> };

/**
 * PATCH on patients, coverages, providers and payers: validated as on create, a no-op when nothing
 * changes, and each real change emits charts.<party>.updated in the transaction that stores it.
 */
describe('billing staff fix chart parties', () => {
  const charts = new ChartsTestService();
  const run = randomBytes(3).toString('hex');
  const npi = () => withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '7'));
  let payer: Row;
  let otherPayer: Row;
  let billing: Row;
  let rendering: Row;

  beforeAll(async () => {
    await charts.start();
    payer = (await charts.call<Row>('POST', '/payers', { name: 'Fix Health', payerId: `FIX${run}` })).body;
    otherPayer = (await charts.call<Row>('POST', '/payers', { name: 'Other Plan', payerId: `OTH${run}` }))
      .body;
    billing = (
      await charts.call<Row>('POST', '/providers', {
        npi: npi(),
        kind: 'organization',
        name: 'Fix Clinic',
        taxId: '123456789',
        address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
      })
    ).body;
    rendering = (
      await charts.call<Row>('POST', '/providers', {
        npi: npi(),
        kind: 'individual',
        name: 'Okafor',
        firstName: 'Ada',
      })
    ).body;
  }, 120_000);
  afterAll(() => charts.stop(), 60_000);

  async function patientWithCoverage(lastName = 'Smiht') {
    const patient = (
      await charts.call<Row>('POST', '/patients', {
        mrn: `FIX-${randomUUID().slice(0, 8)}`,
        firstName: 'Jo',
        lastName,
        dateOfBirth: '1970-05-05',
        sex: 'F',
        address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
      })
    ).body;
    const coverage = (
      await charts.call<Row>('POST', `/patients/${patient.id}/coverages`, {
        payerId: payer.id,
        memberId: 'XZ123456789',
        relationship: 'self',
      })
    ).body;
    return { patient, coverage };
  }

  describe('PATCH /patients/:id', () => {
    it('stores the fix, emits the new snapshot, and the self coverage follows the patient', async () => {
      const { patient, coverage } = await patientWithCoverage();
      const r = await charts.call<Row>('PATCH', `/patients/${patient.id}`, {
        lastName: 'Smith',
        address: { line1: '7 Oak St', city: 'Madison', state: 'WI', postalCode: '53704' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: patient.id, lastName: 'Smith', firstName: 'Jo', mrn: patient.mrn });
      expect((await charts.call<Row>('GET', `/patients/${patient.id}`)).body.lastName).toBe('Smith');

      const events = await charts.outbox(patient.id);
      expect(events.map((e) => e.topic)).toEqual(['charts.patient.updated']);
      expect(events[0].payload).toMatchObject({
        patient: { id: patient.id, lastName: 'Smith', address: { line1: '7 Oak St' } },
        changed: ['lastName', 'address'],
      });
      const coverageEvents = await charts.outbox(coverage.id);
      expect(coverageEvents.map((e) => e.topic)).toEqual(['charts.coverage.updated']);
      expect(coverageEvents[0].payload).toMatchObject({
        patientId: patient.id,
        coverage: { id: coverage.id, subscriber: { lastName: 'Smith', address: { line1: '7 Oak St' } } },
        changed: ['subscriber'],
      });
      const [stored] = (await charts.call<{ items: Row[] }>('GET', `/patients/${patient.id}/coverages`)).body
        .items;
      expect(stored.subscriber).toMatchObject({ lastName: 'Smith' });
    });

    it('is validated as on create: bad values, unknown fields and null for a required field are 400s', async () => {
      const { patient } = await patientWithCoverage();
      const r = await charts.call<Problem>('PATCH', `/patients/${patient.id}`, {
        dateOfBirth: '2026-02-30',
        sex: 'Q',
        address: { line1: '1 A St', city: 'B', state: 'Wisconsin', postalCode: '53703' },
        ssn: '123-45-6789',
      });
      expect(r.status).toBe(400);
      expect(r.body.errors!.map((e) => e.field).sort()).toEqual(
        ['address.state', 'dateOfBirth', 'sex', 'ssn'].sort(),
      );
      const nulls = await charts.call<Problem>('PATCH', `/patients/${patient.id}`, { lastName: null });
      expect(nulls.status).toBe(400);
      expect(nulls.body.errors).toEqual([{ field: 'lastName', messages: [expect.stringMatching(/null/)] }]);
      expect((await charts.call('PATCH', `/patients/${randomUUID()}`, { lastName: 'X' })).status).toBe(404);
      expect((await charts.call<Row>('GET', `/patients/${patient.id}`)).body.lastName).toBe('Smiht');
      expect(await charts.outbox(patient.id)).toEqual([]);
    });

    it('an empty patch, or one that changes nothing, is a no-op: 200 and no event', async () => {
      const { patient } = await patientWithCoverage();
      for (const patch of [{}, { lastName: 'Smiht', sex: 'F' }]) {
        const r = await charts.call<Row>('PATCH', `/patients/${patient.id}`, patch);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: patient.id, lastName: 'Smiht' });
      }
      expect(await charts.outbox(patient.id)).toEqual([]);
    });

    it('the event commits with the change or not at all', async () => {
      const { patient, coverage } = await patientWithCoverage();
      // A real failure late in the transaction: after the patient row and its event, at the coverage.
      await charts.query(`CREATE FUNCTION charts.refuse_coverage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'coverage writes refused by the test'; END $$`);
      await charts.query(`CREATE TRIGGER refuse_coverage BEFORE UPDATE ON charts.coverage
        FOR EACH ROW WHEN (OLD.id = '${coverage.id}') EXECUTE FUNCTION charts.refuse_coverage()`);
      try {
        const r = await charts.call('PATCH', `/patients/${patient.id}`, { firstName: 'Joanna' });
        expect(r.status).toBeGreaterThanOrEqual(400);
      } finally {
        await charts.query(`DROP TRIGGER refuse_coverage ON charts.coverage`);
        await charts.query(`DROP FUNCTION charts.refuse_coverage()`);
      }
      expect((await charts.call<Row>('GET', `/patients/${patient.id}`)).body.firstName).toBe('Jo');
      expect(await charts.outbox(patient.id)).toEqual([]);
      expect(await charts.outbox(coverage.id)).toEqual([]);
    });

    it('is audited as a PHI write', async () => {
      const { patient } = await patientWithCoverage();
      await charts.call('PATCH', `/patients/${patient.id}`, { firstName: 'Jody' });
      const audit = await charts.outbox(patient.id, 'audit.recorded');
      expect(audit.map((a) => a.payload)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ resourceType: 'Patient', action: 'update', outcome: 'success' }),
        ]),
      );
      expect(JSON.stringify(audit)).not.toContain('Jody');
    });

    it('needs chart:write', async () => {
      const { patient } = await patientWithCoverage();
      expect(
        (await charts.call('PATCH', `/patients/${patient.id}`, { firstName: 'X' }, 'coder')).status,
      ).toBe(403);
    });
  });

  describe('PATCH /patients/:id/coverages/:coverageId', () => {
    it('changes payer and member id, and emits the coverage with its payer', async () => {
      const { patient, coverage } = await patientWithCoverage();
      const r = await charts.call<Row>('PATCH', `/patients/${patient.id}/coverages/${coverage.id}`, {
        payerId: otherPayer.id,
        memberId: 'W987654321',
        groupNumber: 'G-1',
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ payerId: otherPayer.id, memberId: 'W987654321', groupNumber: 'G-1' });
      const [event] = await charts.outbox(coverage.id);
      expect(event).toMatchObject({
        topic: 'charts.coverage.updated',
        payload: {
          coverage: { memberId: 'W987654321', payer: { id: otherPayer.id, name: 'Other Plan' } },
          changed: ['payerId', 'memberId', 'groupNumber'],
        },
      });
      const cleared = await charts.call<Row>('PATCH', `/patients/${patient.id}/coverages/${coverage.id}`, {
        groupNumber: null,
      });
      expect(cleared.body.groupNumber).toBeNull();
    });

    it('leaving self needs the subscriber; coming back to self takes the patient', async () => {
      const { patient, coverage } = await patientWithCoverage();
      const path = `/patients/${patient.id}/coverages/${coverage.id}`;
      const missing = await charts.call<Problem>('PATCH', path, { relationship: 'spouse' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors![0].field).toBe('subscriber');
      const spouse = { firstName: 'Sam', lastName: 'Smiht', dateOfBirth: '1968-02-01', sex: 'M' };
      const r = await charts.call<Row>('PATCH', path, { relationship: 'spouse', subscriber: spouse });
      expect(r.body).toMatchObject({ relationship: 'spouse', subscriber: spouse });
      const back = await charts.call<Row>('PATCH', path, { relationship: 'self' });
      expect(back.body.subscriber).toMatchObject({ firstName: 'Jo', dateOfBirth: '1970-05-05' });
    });

    it('refuses an unknown payer and a coverage of another patient', async () => {
      const a = await patientWithCoverage();
      const b = await patientWithCoverage();
      const unknown = await charts.call<Problem>(
        'PATCH',
        `/patients/${a.patient.id}/coverages/${a.coverage.id}`,
        {
          payerId: randomUUID(),
        },
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors![0].field).toBe('payerId');
      const foreign = await charts.call('PATCH', `/patients/${a.patient.id}/coverages/${b.coverage.id}`, {
        memberId: 'XX1',
      });
      expect(foreign.status).toBe(404);
      expect(await charts.outbox(b.coverage.id)).toEqual([]);
    });
  });

  describe('PATCH /providers/:id and /payers/:id', () => {
    it('fixes a provider and emits its snapshot; a taken NPI is a 409 and emits nothing', async () => {
      const r = await charts.call<Row>('PATCH', `/providers/${rendering.id}`, {
        taxonomy: '207Q00000X',
        name: 'Okafor-Ade',
      });
      expect(r.status).toBe(200);
      const events = await charts.outbox(rendering.id);
      expect(events).toEqual([
        {
          topic: 'charts.provider.updated',
          payload: {
            provider: expect.objectContaining({
              id: rendering.id,
              name: 'Okafor-Ade',
              taxonomy: '207Q00000X',
            }),
            changed: ['taxonomy', 'name'],
          },
        },
      ]);
      const taken = await charts.call('PATCH', `/providers/${rendering.id}`, { npi: billing.npi });
      expect(taken.status).toBe(409);
      const badNpi = await charts.call<Problem>('PATCH', `/providers/${rendering.id}`, { npi: '1234567890' });
      expect(badNpi.body.errors![0].field).toBe('npi');
      const noFirst = await charts.call<Problem>('PATCH', `/providers/${rendering.id}`, { firstName: null });
      expect(noFirst.status).toBe(400);
      expect(noFirst.body.errors![0].field).toBe('firstName');
      expect(await charts.outbox(rendering.id)).toHaveLength(1);
    });

    it('fixes a payer and emits its snapshot; a taken payerId is a 409', async () => {
      const r = await charts.call<Row>('PATCH', `/payers/${payer.id}`, { name: 'Fix Health Plan' });
      expect(r.status).toBe(200);
      expect(await charts.outbox(payer.id)).toEqual([
        {
          topic: 'charts.payer.updated',
          payload: {
            payer: { id: payer.id, name: 'Fix Health Plan', payerId: payer.payerId },
            changed: ['name'],
          },
        },
      ]);
      expect(
        (await charts.call('PATCH', `/payers/${payer.id}`, { payerId: otherPayer.payerId })).status,
      ).toBe(409);
      expect((await charts.call('PATCH', `/payers/${payer.id}`, { payerId: 'bad id!' })).status).toBe(400);
      expect(await charts.outbox(payer.id)).toHaveLength(1);
    });
  });

  it('an encounter finalized after the fix carries the new snapshot', async () => {
    const { patient, coverage } = await patientWithCoverage('Smiht');
    await charts.call('PATCH', `/patients/${patient.id}`, { lastName: 'Smith' });
    await charts.call('PATCH', `/patients/${patient.id}/coverages/${coverage.id}`, {
      memberId: 'H555000111',
    });
    const doctor = (
      await charts.call<Row>('POST', '/providers', {
        npi: npi(),
        kind: 'individual',
        name: 'Lee',
        firstName: 'Sam',
      })
    ).body;
    await charts.call('PATCH', `/providers/${doctor.id}`, { name: 'Lee-Park' });
    const encounter = (
      await charts.call<Row>('POST', '/encounters', {
        patientId: patient.id,
        coverageId: coverage.id,
        billingProviderId: billing.id,
        renderingProviderId: doctor.id,
        dateOfService: '2026-09-14',
        placeOfService: '11',
        diagnoses: [{ code: 'I10' }],
        procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
      })
    ).body;
    expect((await charts.call('POST', `/encounters/${encounter.id}/finalize`)).status).toBe(200);
    const [finalized] = await charts.outbox(encounter.id);
    expect(finalized).toMatchObject({
      topic: 'charts.encounter.finalized',
      payload: {
        patient: { id: patient.id, lastName: 'Smith' },
        coverage: { memberId: 'H555000111', subscriber: { lastName: 'Smith' } },
        renderingProvider: { id: doctor.id, name: 'Lee-Park' },
      },
    });
    // The row as stored holds the snapshot sealed, not in clear: the MRN ('FIX-…', '-' is outside
    // base64, so no ciphertext holds it by chance) and the provider's name are nowhere in it.
    const [row] = await charts.query<{ envelope: string }>(
      `SELECT envelope::text AS envelope FROM charts.outbox WHERE message_key = $1 AND topic = $2`,
      [encounter.id, 'charts.encounter.finalized'],
    );
    expect(row.envelope).not.toContain(patient.mrn as string);
    expect(row.envelope).not.toContain('Lee-Park');
    expect(row.envelope).not.toContain('H555000111');
    expect(JSON.parse(row.envelope)).toEqual({
      id: expect.any(String),
      type: 'charts.encounter.finalized',
      version: 1,
      occurredAt: expect.any(String),
      aggregateId: encounter.id,
      correlationId: expect.any(String),
      actor: expect.any(Object),
      sealedPayload: expect.stringMatching(/^v2:default:/),
    });
  });
});
