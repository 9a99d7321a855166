import { withNpiCheckDigit } from '@revcycle/contracts';
import { randomBytes } from 'node:crypto';
import { DistributedServices, eventually } from './distributed-services';

type Row = { id: string } & Record<string, unknown>;
interface ClaimView {
  id: string;
  payerId: string;
  parties: {
    patient: { lastName: string; address: { line1: string } };
    coverage: { memberId: string; payer: { name: string }; subscriber: { lastName: string } };
    renderingProvider: { taxonomy?: string };
  };
}

/**
 * Billing staff fix a chart (PATCH patient, coverage, payer, provider) with the five services on
 * Kafka: a claim built afterwards carries the fix; a claim built before takes it on a correction
 * with refreshParties, from the charts.*.updated snapshots claims received (never charts' tables).
 */
describe('chart fixes reach claims', () => {
  const services = new DistributedServices();
  const run = randomBytes(3).toString('hex');
  const ids = {} as Record<'payer' | 'billing' | 'rendering' | 'patient' | 'coverage', string>;
  const post = async (path: string, body: unknown) =>
    (await services.call<Row>('charts', 'POST', path, 'biller', body)).body.id;

  beforeAll(async () => {
    await services.start();
    ids.payer = await post('/payers', { name: 'Fix Health', payerId: `FXE${run}` });
    ids.billing = await post('/providers', {
      npi: withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '3')),
      kind: 'organization',
      name: 'Fix Clinic',
      taxId: '123456789',
      taxonomy: '261QP2300X',
      address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
    });
    ids.rendering = await post('/providers', {
      npi: withNpiCheckDigit(`1${randomBytes(4).readUInt32BE() % 10 ** 8}`.padEnd(9, '5')),
      kind: 'individual',
      name: 'Okafor',
      firstName: 'Ada',
    });
    ids.patient = await post('/patients', {
      mrn: `FXE-${run}`,
      firstName: 'Jo',
      lastName: 'Smiht',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    ids.coverage = await post(`/patients/${ids.patient}/coverages`, {
      payerId: ids.payer,
      memberId: 'XZ111111111',
      relationship: 'self',
    });
  }, 180_000);
  afterAll(() => services.stop(), 120_000);

  async function claimOfNewEncounter(): Promise<ClaimView> {
    const encounterId = await post('/encounters', {
      patientId: ids.patient,
      coverageId: ids.coverage,
      billingProviderId: ids.billing,
      renderingProviderId: ids.rendering,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      diagnoses: [{ code: 'I10' }],
      procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
    });
    expect(
      (await services.call('charts', 'POST', `/encounters/${encounterId}/finalize`, 'biller')).status,
    ).toBe(200);
    const [claim] = await eventually(
      async () => {
        const r = await services.call<{ items: Row[] }>(
          'claims',
          'GET',
          `/claims?encounterId=${encounterId}`,
          'biller',
        );
        return r.body.items.length > 0 ? r.body.items : undefined;
      },
      60_000,
      `the claim of encounter ${encounterId}`,
    );
    return (await services.call<ClaimView>('claims', 'GET', `/claims/${claim.id}`, 'biller')).body;
  }

  const patch = async (path: string, body: unknown) =>
    expect((await services.call('charts', 'PATCH', path, 'biller', body)).status).toBe(200);

  it('a claim built after a fix carries it; an earlier claim takes it on a correction with refreshParties', async () => {
    const before = await claimOfNewEncounter();
    expect(before.parties.patient.lastName).toBe('Smiht');

    await patch(`/patients/${ids.patient}`, {
      lastName: 'Smith',
      address: { line1: '7 Oak St', city: 'Madison', state: 'WI', postalCode: '53704' },
    });
    await patch(`/patients/${ids.patient}/coverages/${ids.coverage}`, { memberId: 'XZ222222222' });
    await patch(`/payers/${ids.payer}`, { name: 'Fix Health Plan' });
    await patch(`/providers/${ids.rendering}`, { taxonomy: '207Q00000X' });

    const after = await claimOfNewEncounter();
    expect(after.parties).toMatchObject({
      patient: { lastName: 'Smith', address: { line1: '7 Oak St' } },
      coverage: {
        memberId: 'XZ222222222',
        payer: { name: 'Fix Health Plan' },
        subscriber: { lastName: 'Smith' },
      },
      renderingProvider: { taxonomy: '207Q00000X' },
    });

    // The earlier claim still has what it was built with, until a correction re-snapshots it.
    expect(
      (await services.call<ClaimView>('claims', 'GET', `/claims/${before.id}`, 'biller')).body.parties,
    ).toMatchObject({ patient: { lastName: 'Smiht' }, coverage: { memberId: 'XZ111111111' } });
    const refreshed = new Set<string>();
    await eventually(
      async () => {
        const r = await services.call<{ status: string; refreshedParties: string[] }>(
          'claims',
          'POST',
          `/claims/${before.id}/corrections`,
          'biller',
          { refreshParties: true },
        );
        expect(r.status).toBe(200);
        r.body.refreshedParties.forEach((p) => refreshed.add(p));
        return (
          ['patient', 'coverage', 'payer', 'renderingProvider'].every((p) => refreshed.has(p)) || undefined
        );
      },
      60_000,
      'the charts.*.updated snapshots at claims',
    );
    const corrected = (await services.call<ClaimView>('claims', 'GET', `/claims/${before.id}`, 'biller'))
      .body;
    expect(corrected.parties).toEqual(after.parties);
    expect(corrected.payerId).toBe(ids.payer);
    expect([...refreshed].sort()).toEqual(['coverage', 'patient', 'payer', 'renderingProvider']);
  });

  it('refreshParties must be a boolean', async () => {
    const claim = await claimOfNewEncounter();
    const r = await services.call<{ errors: Array<{ field: string }> }>(
      'claims',
      'POST',
      `/claims/${claim.id}/corrections`,
      'biller',
      { refreshParties: 'yes' },
    );
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('refreshParties');
  });
});
