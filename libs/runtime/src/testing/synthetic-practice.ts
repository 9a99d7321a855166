import { withNpiCheckDigit } from '@revcycle/contracts';
import { ServiceResponse } from './distributed-environment';

/** charts' public API as a biller uses it: one JSON request, answered with its status and body. */
export type ChartsCall = <T>(method: string, pathname: string, body?: unknown) => Promise<ServiceResponse<T>>;

/** One payer, a clinic (billing provider) and a physician (rendering provider); no real people. */
export interface SyntheticPractice {
  payerId: string;
  billingProviderId: string;
  renderingProviderId: string;
}

/** A patient with coverage under the practice's payer. */
export interface SyntheticPatient {
  patientId: string;
  coverageId: string;
}

const created = async (call: ChartsCall, pathname: string, body: unknown): Promise<string> => {
  const r = await call<{ id: string }>('POST', pathname, body);
  if (r.status !== 201) throw new Error(`POST ${pathname}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
};

/** The practice, set up through charts' API; `run` keeps payer ids apart between runs on one database. */
export async function syntheticPractice(call: ChartsCall, run: string): Promise<SyntheticPractice> {
  const payerId = await created(call, '/payers', { name: `Health Plan ${run}`, payerId: `HP${run}` });
  const billingProviderId = await created(call, '/providers', {
    npi: withNpiCheckDigit(`1${digits(8)}`),
    kind: 'organization',
    name: 'Lakeside Clinic',
    taxId: '391234567',
    taxonomy: '261QP2300X',
    address: { line1: '9 Lake Rd', city: 'Madison', state: 'WI', postalCode: '537031234' },
  });
  const renderingProviderId = await created(call, '/providers', {
    npi: withNpiCheckDigit(`1${digits(8)}`),
    kind: 'individual',
    name: 'Lindqvist',
    firstName: 'Maja',
    taxonomy: '207Q00000X',
  });
  return { payerId, billingProviderId, renderingProviderId };
}

/** Synthetic patient number `n` of the run, insured by the practice's payer. */
export async function syntheticPatient(
  call: ChartsCall,
  practice: SyntheticPractice,
  run: string,
  n: number,
): Promise<SyntheticPatient> {
  const patientId = await created(call, '/patients', {
    mrn: `SYN-${run}-${n}`,
    firstName: 'Synthetic',
    lastName: `Patient${n}`,
    dateOfBirth: `1975-03-${String((n % 28) + 1).padStart(2, '0')}`,
    sex: n % 2 ? 'M' : 'F',
    address: { line1: `${n} Birch Ln`, city: 'Madison', state: 'WI', postalCode: '53703' },
  });
  const coverageId = await created(call, `/patients/${patientId}/coverages`, {
    payerId: practice.payerId,
    memberId: `M${run}${n}`,
    relationship: 'self',
  });
  return { patientId, coverageId };
}

/** `POST /encounters` body of an office visit (99213 + venipuncture) for the patient; `n` varies the charge. */
export function syntheticOfficeVisit(
  practice: SyntheticPractice,
  patient: SyntheticPatient,
  n: number,
  dateOfService = '2026-10-05',
) {
  return {
    patientId: patient.patientId,
    coverageId: patient.coverageId,
    billingProviderId: practice.billingProviderId,
    renderingProviderId: practice.renderingProviderId,
    dateOfService,
    placeOfService: '11',
    diagnoses: [{ code: 'E11.9' }, { code: 'I10' }],
    procedures: [
      { code: '99213', units: 1, chargeCents: 14000 + (n % 1000) * 100, diagnosisPointers: [1, 2] },
      { code: '36415', units: 1, chargeCents: 1500, diagnosisPointers: [1] },
    ],
  };
}

/**
 * A small synthetic practice day through charts' API — the practice, `patients` patients each with
 * coverage and one finalized office visit — for the tests that follow claims out to the payer and
 * money back. Returns the payer and encounter ids.
 */
export async function syntheticPracticeDay(
  call: ChartsCall,
  run: string,
  patients: number,
  dateOfService = '2026-10-05',
): Promise<{ payerId: string; encounterIds: string[] }> {
  const practice = await syntheticPractice(call, run);
  const encounterIds: string[] = [];
  for (let n = 0; n < patients; n++) {
    const patient = await syntheticPatient(call, practice, run, n);
    const id = await created(call, '/encounters', syntheticOfficeVisit(practice, patient, n, dateOfService));
    const finalized = await call('POST', `/encounters/${id}/finalize`);
    if (finalized.status !== 200) throw new Error(`finalize: ${finalized.status}`);
    encounterIds.push(id);
  }
  return { payerId: practice.payerId, encounterIds };
}

function digits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}
