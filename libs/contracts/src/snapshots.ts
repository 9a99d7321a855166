import { array, cents, int, isoDate, npi, object, oneOf, optional, str } from './validation';

/** Event-carried state: what the 837 needs, so claims never reads charts' tables. */
export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

export interface PatientSnapshot {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** 837 DMG03: F, M or U. */
  sex: 'F' | 'M' | 'U';
  address: Address;
}

/** 837P 2000B SBR02 / 2000C PAT01: patient's relationship to the subscriber. */
export type Relationship = 'self' | 'spouse' | 'child' | 'other';

export interface PayerSnapshot {
  id: string;
  name: string;
  /** The payer's electronic id (2010BB NM109). */
  payerId: string;
}

export interface CoverageSnapshot {
  id: string;
  payer: PayerSnapshot;
  memberId: string;
  groupNumber?: string;
  relationship: Relationship;
  subscriber: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: 'F' | 'M' | 'U';
    address?: Address;
  };
}

export interface ProviderSnapshot {
  id: string;
  npi: string;
  /** Organization name, or the individual's last name. */
  name: string;
  firstName?: string;
  taxonomy?: string;
  taxId?: string;
  address?: Address;
}

export interface EncounterDiagnosis {
  /** ICD-10-CM without the dot, e.g. E1165. */
  code: string;
  sequence: number;
}

export interface EncounterProcedure {
  /** CPT or HCPCS Level II. */
  code: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  /** 1-based sequences of the encounter's diagnoses this service treats (837P SV107). */
  diagnosisSequences: number[];
  dateOfService?: string;
}

export const address = object({
  line1: str({ min: 1, max: 55 }),
  line2: optional(str({ max: 55 })),
  city: str({ min: 1, max: 30 }),
  state: str({ pattern: /^[A-Z]{2}$/, what: 'a 2-letter state code' }),
  postalCode: str({ pattern: /^\d{5}(\d{4})?$/, what: 'a 5- or 9-digit ZIP code' }),
});
const sex = oneOf('F', 'M', 'U');
export const patientSnapshot = object({
  id: str({ min: 1 }),
  mrn: str({ min: 1, max: 50 }),
  firstName: str({ min: 1, max: 35 }),
  lastName: str({ min: 1, max: 60 }),
  dateOfBirth: isoDate,
  sex,
  address,
});
export const payerSnapshot = object({
  id: str({ min: 1 }),
  name: str({ min: 1, max: 60 }),
  payerId: str({ min: 2, max: 80 }),
});
export const coverageSnapshot = object({
  id: str({ min: 1 }),
  payer: payerSnapshot,
  memberId: str({ min: 2, max: 80 }),
  groupNumber: optional(str({ max: 50 })),
  relationship: oneOf('self', 'spouse', 'child', 'other'),
  subscriber: object({
    firstName: str({ min: 1, max: 35 }),
    lastName: str({ min: 1, max: 60 }),
    dateOfBirth: isoDate,
    sex,
    address: optional(address),
  }),
});
export const providerSnapshot = object({
  id: str({ min: 1 }),
  npi,
  name: str({ min: 1, max: 60 }),
  firstName: optional(str({ max: 35 })),
  taxonomy: optional(str({ pattern: /^[0-9A-Z]{9}X$/, what: 'a 10-character NUCC taxonomy code' })),
  taxId: optional(str({ pattern: /^\d{9}$/, what: 'a 9-digit TIN' })),
  address: optional(address),
});
export const encounterDiagnosis = object({
  code: str({ min: 3, max: 7 }),
  sequence: int({ min: 1, max: 12 }),
});
export const encounterProcedure = object({
  code: str({ min: 5, max: 5 }),
  modifiers: array(str({ pattern: /^[0-9A-Z]{2}$/, what: 'a 2-character modifier' }), { max: 4 }),
  units: int({ min: 1, max: 9999 }),
  chargeCents: cents,
  diagnosisSequences: array(int({ min: 1, max: 12 }), { min: 1, max: 4 }),
  dateOfService: optional(isoDate),
});
