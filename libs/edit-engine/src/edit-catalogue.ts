import { EditCategory, EditSeverity } from './claim';

export interface EditDefinition {
  id: string;
  category: EditCategory;
  severity: EditSeverity;
  summary: string;
}

/** Every built-in edit: stable ids (payer rules add their own ids under category `payer-rule`). */
export const EDITS = {
  PTP_MODIFIER_NOT_ALLOWED: {
    category: 'ncci-ptp',
    severity: 'reject',
    summary:
      'NCCI PTP pair on one date of service, modifier indicator 0: the column 2 code is never separately payable with the column 1 code',
  },
  PTP_MODIFIER_REQUIRED: {
    category: 'ncci-ptp',
    severity: 'reject',
    summary:
      'NCCI PTP pair on one date of service, modifier indicator 1, and no NCCI-associated modifier on the right line',
  },
  MUE_LINE: {
    category: 'mue',
    severity: 'reject',
    summary: 'units on one line exceed the MUE (MAI 1, claim line edit)',
  },
  MUE_DATE_OF_SERVICE_POLICY: {
    category: 'mue',
    severity: 'reject',
    summary: 'units of one code on one date exceed the MUE (MAI 2, policy: not appealable)',
  },
  MUE_DATE_OF_SERVICE_CLINICAL: {
    category: 'mue',
    severity: 'reject',
    summary:
      'units of one code on one date exceed the MUE (MAI 3, clinical benchmark: appealable with records)',
  },
  ADDON_WITHOUT_PRIMARY: {
    category: 'add-on',
    severity: 'reject',
    summary: 'type 1 add-on code without one of its primary codes on the same date',
  },
  ADDON_PRIMARY_NOT_LISTED: {
    category: 'add-on',
    severity: 'warn',
    summary: 'type 3 add-on code without a CMS-listed primary code (the contractor may accept others)',
  },
  ICD_INVALID: {
    category: 'icd-invalid',
    severity: 'reject',
    summary: 'diagnosis is not an ICD-10-CM code in any loaded release',
  },
  ICD_HEADER: {
    category: 'icd-header',
    severity: 'reject',
    summary: 'diagnosis is a category header, not billable: code to the highest specificity',
  },
  ICD_NOT_VALID_ON_DATE: {
    category: 'icd-date',
    severity: 'reject',
    summary: 'diagnosis not in the ICD-10-CM release for the date of service fiscal year',
  },
  ICD_RELEASE_NOT_LOADED: {
    category: 'icd-date',
    severity: 'warn',
    summary:
      'no ICD-10-CM release loaded for the date of service; codes were checked against the nearest release',
  },
  ICD_AGE_CONFLICT: {
    category: 'age',
    severity: 'reject',
    summary: "diagnosis conflicts with the patient's age (MCE age lists)",
  },
  ICD_SEX_CONFLICT: {
    category: 'sex',
    severity: 'reject',
    summary: "diagnosis conflicts with the patient's sex (MCE sex lists)",
  },
  ICD_MANIFESTATION_PRINCIPAL: {
    category: 'manifestation',
    severity: 'reject',
    summary: 'manifestation code reported as principal / first-listed diagnosis',
  },
  DX_POINTER_INVALID: {
    category: 'dx-pointer',
    severity: 'reject',
    summary: 'diagnosis pointer points at no diagnosis, or more than 4 pointers on a line',
  },
  DX_POINTER_MISSING: {
    category: 'dx-pointer',
    severity: 'reject',
    summary: 'professional service line without a diagnosis pointer',
  },
  PROCEDURE_CODE_INVALID: {
    category: 'procedure-code',
    severity: 'reject',
    summary: 'procedure code is not 5 letters/digits',
  },
  PROCEDURE_CODE_UNKNOWN: {
    category: 'procedure-code',
    severity: 'reject',
    summary: 'HCPCS Level II code not in the HCPCS file',
  },
  PROCEDURE_CODE_NOT_IN_TABLES: {
    category: 'procedure-code',
    severity: 'warn',
    summary: 'CPT-format code not found in any loaded CMS table (no CPT list is packaged): verify it',
  },
  PROCEDURE_CODE_NOT_EFFECTIVE: {
    category: 'procedure-code',
    severity: 'reject',
    summary: 'HCPCS code added after, or terminated before, the date of service',
  },
  MODIFIER_INVALID: {
    category: 'modifier',
    severity: 'reject',
    summary: 'modifier is not two letters/digits',
  },
  MODIFIER_DUPLICATE: {
    category: 'modifier',
    severity: 'reject',
    summary: 'same modifier twice on one line',
  },
  MODIFIER_TOO_MANY: {
    category: 'modifier',
    severity: 'reject',
    summary: 'more than 4 modifiers on one line (837 SV1-01-3..6)',
  },
  MODIFIER_CONFLICT: {
    category: 'modifier',
    severity: 'reject',
    summary: 'mutually exclusive modifiers on one line (LT+RT, 26+TC)',
  },
  NPI_BILLING_INVALID: {
    category: 'npi',
    severity: 'reject',
    summary: 'billing provider NPI fails the check digit (Luhn, 80840 prefix)',
  },
  NPI_RENDERING_INVALID: {
    category: 'npi',
    severity: 'reject',
    summary: 'rendering provider NPI fails the check digit',
  },
  NPI_REFERRING_INVALID: {
    category: 'npi',
    severity: 'reject',
    summary: 'referring provider NPI fails the check digit',
  },
  CLAIM_UNREADABLE: {
    category: 'required',
    severity: 'reject',
    summary: 'claim could not be read (not an object, or a field of the wrong type)',
  },
  REQUIRED_CLAIM_ID: {
    category: 'required',
    severity: 'reject',
    summary: 'patient control number (CLM01) missing',
  },
  REQUIRED_SUBSCRIBER_ID: {
    category: 'required',
    severity: 'reject',
    summary: 'subscriber / member id missing',
  },
  REQUIRED_PAYER_ID: { category: 'required', severity: 'reject', summary: 'payer id missing' },
  REQUIRED_BILLING_NPI: { category: 'required', severity: 'reject', summary: 'billing provider NPI missing' },
  REQUIRED_BILLING_TIN: {
    category: 'required',
    severity: 'reject',
    summary: 'billing provider TIN missing or not 9 digits',
  },
  REQUIRED_BILLING_ADDRESS: {
    category: 'required',
    severity: 'reject',
    summary: 'billing provider street, city, state or 9-digit ZIP missing',
  },
  REQUIRED_PATIENT_BIRTH_DATE: {
    category: 'required',
    severity: 'reject',
    summary: 'patient date of birth missing or not a date',
  },
  REQUIRED_PATIENT_SEX: {
    category: 'required',
    severity: 'reject',
    summary: 'patient sex missing or not M/F/U',
  },
  REQUIRED_PLACE_OF_SERVICE: {
    category: 'required',
    severity: 'reject',
    summary: 'place of service missing or not a CMS POS code',
  },
  REQUIRED_FREQUENCY_CODE: {
    category: 'required',
    severity: 'reject',
    summary: 'claim frequency code not valid for the claim type',
  },
  REQUIRED_SERVICE_LINES: {
    category: 'required',
    severity: 'reject',
    summary: 'claim without service lines',
  },
  REQUIRED_DIAGNOSIS: { category: 'required', severity: 'reject', summary: 'claim without a diagnosis' },
  REQUIRED_DIAGNOSIS_LIMIT: {
    category: 'required',
    severity: 'reject',
    summary: 'more diagnoses than the 837 carries (12 for 837P, 25 for 837I)',
  },
  REQUIRED_LINE_LIMIT: {
    category: 'required',
    severity: 'reject',
    summary: 'more service lines than the 837 allows (50 for 837P, 999 for 837I)',
  },
  DATE_INVALID: {
    category: 'date',
    severity: 'reject',
    summary: 'date missing or not a real YYYY-MM-DD date (1900–2199)',
  },
  DATE_IN_FUTURE: { category: 'date', severity: 'reject', summary: 'service date after the scrub date' },
  DATE_RANGE_REVERSED: { category: 'date', severity: 'reject', summary: 'from date after to date' },
  DATE_OUTSIDE_STATEMENT: {
    category: 'date',
    severity: 'reject',
    summary: 'line date outside the claim statement period',
  },
  DATE_BEFORE_BIRTH: {
    category: 'date',
    severity: 'reject',
    summary: "service date before the patient's birth",
  },
  DATE_IMPLAUSIBLE_AGE: {
    category: 'date',
    severity: 'reject',
    summary: 'patient older than 125 years on the date of service',
  },
  DUPLICATE_LINE: {
    category: 'duplicate',
    severity: 'reject',
    summary: 'same code, modifiers and date as an earlier line',
  },
  DUPLICATE_CLAIM: {
    category: 'duplicate',
    severity: 'reject',
    summary: 'same patient, payer, providers and services as an earlier claim of the batch or on file',
  },
  DUPLICATE_CLAIM_ID: {
    category: 'duplicate',
    severity: 'warn',
    summary: 'patient control number already used by another claim of the batch',
  },
  TIMELY_FILING_EXPIRED: {
    category: 'timely-filing',
    severity: 'reject',
    summary: "past the payer's filing limit",
  },
  TIMELY_FILING_NEAR: {
    category: 'timely-filing',
    severity: 'warn',
    summary: "within 30 days of the payer's filing limit",
  },
  CHARGE_NOT_POSITIVE: {
    category: 'units-charge',
    severity: 'reject',
    summary: 'line charge zero, negative or not whole cents',
  },
  UNITS_NOT_POSITIVE: {
    category: 'units-charge',
    severity: 'reject',
    summary: 'units zero, negative or not a number',
  },
  CLAIM_TOTAL_MISMATCH: {
    category: 'units-charge',
    severity: 'reject',
    summary: 'claim total charge differs from the sum of line charges',
  },
} as const satisfies Record<string, { category: EditCategory; severity: EditSeverity; summary: string }>;

export type EditId = keyof typeof EDITS;

export function editCatalogue(): EditDefinition[] {
  return (Object.entries(EDITS) as [string, Omit<EditDefinition, 'id'>][]).map(([id, d]) => ({ id, ...d }));
}
