import { withNpiCheckDigit } from '@revcycle/contracts';
import { DistributedServices } from './distributed-services';

/**
 * A small synthetic practice set up through charts' API — one payer, a clinic and a physician,
 * `patients` patients each with coverage and one finalized office visit (no real people) — for the
 * e2e tests that follow claims out to the payer and money back. Returns the payer and encounter ids.
 */
export async function syntheticPracticeDay(
  services: DistributedServices,
  run: string,
  patients: number,
  dateOfService = '2026-10-05',
): Promise<{ payerId: string; encounterIds: string[] }> {
  const post = async (pathname: string, body: unknown): Promise<{ id: string }> => {
    const r = await services.call<{ id: string }>('charts', 'POST', pathname, 'biller', body);
    if (r.status !== 201) throw new Error(`POST ${pathname}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const payerId = (await post('/payers', { name: `Health Plan ${run}`, payerId: `HP${run}` })).id;
  const billing = await post('/providers', {
    npi: withNpiCheckDigit(`1${digits(8)}`),
    kind: 'organization',
    name: 'Lakeside Clinic',
    taxId: '391234567',
    taxonomy: '261QP2300X',
    address: { line1: '9 Lake Rd', city: 'Madison', state: 'WI', postalCode: '537031234' },
  });
  const rendering = await post('/providers', {
    npi: withNpiCheckDigit(`1${digits(8)}`),
    kind: 'individual',
    name: 'Lindqvist',
    firstName: 'Maja',
    taxonomy: '207Q00000X',
  });
  const encounterIds: string[] = [];
  for (let n = 0; n < patients; n++) {
    const patient = await post('/patients', {
      mrn: `E2E-${run}-${n}`,
      firstName: 'Synthetic',
      lastName: `Patient${n}`,
      dateOfBirth: `1975-03-${String((n % 28) + 1).padStart(2, '0')}`,
      sex: n % 2 ? 'M' : 'F',
      address: { line1: `${n} Birch Ln`, city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    const coverage = await post(`/patients/${patient.id}/coverages`, {
      payerId,
      memberId: `M${run}${n}`,
      relationship: 'self',
    });
    const encounter = await post('/encounters', {
      patientId: patient.id,
      coverageId: coverage.id,
      billingProviderId: billing.id,
      renderingProviderId: rendering.id,
      dateOfService,
      placeOfService: '11',
      diagnoses: [{ code: 'E11.9' }, { code: 'I10' }],
      procedures: [
        { code: '99213', units: 1, chargeCents: 14000 + n * 100, diagnosisPointers: [1, 2] },
        { code: '36415', units: 1, chargeCents: 1500, diagnosisPointers: [1] },
      ],
    });
    const finalized = await services.call('charts', 'POST', `/encounters/${encounter.id}/finalize`, 'biller');
    if (finalized.status !== 200) throw new Error(`finalize: ${finalized.status}`);
    encounterIds.push(encounter.id);
  }
  return { payerId, encounterIds };
}

function digits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}
