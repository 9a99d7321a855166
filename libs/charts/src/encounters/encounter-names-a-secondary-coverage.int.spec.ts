import { withNpiCheckDigit } from '@revcycle/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { ChartsTestService } from '../charts-test-service';

type Row = { id: string } & Record<string, unknown>;
type Problem = { errors?: Array<{ field: string; messages: string[] }> };

/**
 * Coordination of benefits starts in the chart: an encounter names the patient's secondary
 * coverage, and charts.encounter.finalized carries it (event-carried state) for claims to bill the
 * secondary payer after the primary's 835. A coverage of another patient, or the primary again, is
 * a 400 naming secondaryCoverageId.
 */
describe('an encounter names a secondary coverage', () => {
  const charts = new ChartsTestService();
  const run = randomBytes(3).toString('hex');
  const npi = () => withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '7'));
  let primaryPayer: Row;
  let secondaryPayer: Row;
  let billing: Row;
  beforeAll(async () => {
    await charts.start();
    primaryPayer = (await charts.call<Row>('POST', '/payers', { name: 'First Plan', payerId: `FST${run}` }))
      .body;
    secondaryPayer = (
      await charts.call<Row>('POST', '/payers', { name: 'Second Plan', payerId: `SND${run}` })
    ).body;
    billing = (
      await charts.call<Row>('POST', '/providers', {
        npi: npi(),
        kind: 'organization',
        name: 'COB Clinic',
        taxId: '123456789',
        address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
      })
    ).body;
  }, 120_000);
  afterAll(() => charts.stop(), 60_000);

  async function patientWithCoverages() {
    const patient = (
      await charts.call<Row>('POST', '/patients', {
        mrn: `COB-${randomUUID().slice(0, 8)}`,
        firstName: 'Jo',
        lastName: 'Twocover',
        dateOfBirth: '1970-05-05',
        sex: 'F',
        address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
      })
    ).body;
    const coverage = async (payerId: string, memberId: string, relationship: string) =>
      (
        await charts.call<Row>('POST', `/patients/${patient.id}/coverages`, {
          payerId,
          memberId,
          relationship,
          ...(relationship === 'self'
            ? {}
            : {
                subscriber: { firstName: 'Pat', lastName: 'Twocover', dateOfBirth: '1969-01-01', sex: 'M' },
              }),
        })
      ).body;
    return {
      patient,
      primary: await coverage(primaryPayer.id, 'PRI123456', 'self'),
      secondary: await coverage(secondaryPayer.id, 'SEC654321', 'spouse'),
    };
  }
  const encounter = (patientId: string, coverageId: string, secondaryCoverageId?: string) =>
    charts.call<Row & Problem>('POST', '/encounters', {
      patientId,
      coverageId,
      secondaryCoverageId,
      billingProviderId: billing.id,
      renderingProviderId: billing.id,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'I10' }],
      procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
    });

  it('carries the secondary coverage in charts.encounter.finalized', async () => {
    const { patient, primary, secondary } = await patientWithCoverages();
    const created = await encounter(patient.id, primary.id, secondary.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ coverageId: primary.id, secondaryCoverageId: secondary.id });
    expect((await charts.call('POST', `/encounters/${created.body.id}/finalize`)).status).toBe(200);
    const [finalized] = await charts.outbox(created.body.id);
    expect(finalized).toMatchObject({
      topic: 'charts.encounter.finalized',
      payload: {
        coverage: { id: primary.id, payer: { payerId: `FST${run}` }, relationship: 'self' },
        secondaryCoverage: {
          id: secondary.id,
          memberId: 'SEC654321',
          relationship: 'spouse',
          payer: { id: secondaryPayer.id, name: 'Second Plan', payerId: `SND${run}` },
        },
      },
    });
    // without one, the event has none
    const plain = await encounter(patient.id, primary.id);
    expect(plain.body).toMatchObject({ secondaryCoverageId: null });
    await charts.call('POST', `/encounters/${plain.body.id}/finalize`);
    const [event] = await charts.outbox(plain.body.id);
    expect(event!.payload).not.toHaveProperty('secondaryCoverage');
  });

  it("refuses the primary again, another patient's coverage or an unknown one, naming secondaryCoverageId", async () => {
    const a = await patientWithCoverages();
    const b = await patientWithCoverages();
    for (const [secondaryId, message] of [
      [a.primary.id, /another coverage than the primary/],
      [b.secondary.id, /belongs to another patient/],
      [randomUUID(), /does not exist/],
    ] as const) {
      const r = await encounter(a.patient.id, a.primary.id, secondaryId);
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        { field: 'secondaryCoverageId', messages: [expect.stringMatching(message)] },
      ]);
    }
    const bad = await encounter(a.patient.id, a.primary.id, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toEqual(['secondaryCoverageId']);
  });
});
