/**
 * What the scrubber reads from a claim: the fields the edits need and nothing else. Adapters build
 * it from an 837P/837I (`@revcycle/x12`) or from the claims service's own model.
 * Money is integer cents; dates are `YYYY-MM-DD`; ICD-10-CM codes without the dot.
 */
export type ClaimType = 'professional' | 'institutional';

export interface ScrubClaim {
  /** Patient control number (CLM01). */
  claimId: string;
  /** 837P = professional (default), 837I = institutional: picks the NCCI practitioner or outpatient-hospital tables. */
  claimType?: ClaimType;
  /** CLM05-3: 1 original, 7 replacement, 8 void (837P); NUBC type-of-bill 3rd digit (837I). Default 1. */
  frequencyCode?: string;
  payerId?: string;
  subscriberId?: string;
  patient: { birthDate?: string; sex?: string };
  billingProvider: { npi?: string; taxId?: string; address?: PostalAddress };
  /** 2310B: the claim's rendering provider; a line's own (2420A) overrides it for that line. */
  renderingProviderNpi?: string;
  referringProviderNpi?: string;
  /**
   * An 837P from a DME supplier (to a DME MAC): its MUEs come from the DME supplier table. Other
   * professional claims use the practitioner table only, and 837I the outpatient hospital one.
   */
  dmeSupplier?: boolean;
  /**
   * 837I CLM05-1 facility type code (first two digits of the type of bill). Inpatient types
   * (11, 18, 21, 28, 41, 81, 82) are not subject to the NCCI outpatient PTP/MUE edits.
   */
  facilityTypeCode?: string;
  /** CLM05-1 place of service (837P); lines may override it. */
  placeOfService?: string;
  /** Statement period (837I DTP*434); when given, every line date must fall inside it. */
  statementFrom?: string;
  statementTo?: string;
  /** CLM02; when given it must equal the sum of the line charges. */
  totalChargeCents?: number;
  /** Diagnoses in claim order; [0] is the principal / first-listed diagnosis. */
  diagnoses: string[];
  lines: ScrubServiceLine[];
}

export interface PostalAddress {
  line1?: string;
  city?: string;
  state?: string;
  postalCode?: string;
}

export interface ScrubServiceLine {
  /** CPT/HCPCS code (SV101-2 / SV202-2). */
  procedureCode: string;
  modifiers?: string[];
  units: number;
  chargeCents: number;
  serviceDate: string;
  serviceDateTo?: string;
  /** 1-based pointers into `diagnoses` (SV107, 837P). */
  diagnosisPointers?: number[];
  /** SV105 line place of service (837P), overrides the claim's. */
  placeOfService?: string;
  /** 2420A rendering provider of this line (a group claim may list several); else the claim's. */
  renderingProviderNpi?: string;
  /** SV201 revenue code (837I). */
  revenueCode?: string;
}

export type EditSeverity = 'reject' | 'warn';

/** The fixed category vocabulary scripts may rely on. */
export const EDIT_CATEGORIES = [
  'ncci-ptp',
  'mue',
  'add-on',
  'icd-invalid',
  'icd-header',
  'icd-date',
  'age',
  'sex',
  'manifestation',
  'dx-pointer',
  'procedure-code',
  'modifier',
  'npi',
  'required',
  'date',
  'duplicate',
  'timely-filing',
  'units-charge',
  'payer-rule',
] as const;
export type EditCategory = (typeof EDIT_CATEGORIES)[number];

export interface ClaimEdit {
  id: string;
  category: EditCategory;
  severity: EditSeverity;
  /** 1-based service line number; null for a claim-level edit. */
  line: number | null;
  /** The codes involved (procedure, diagnosis, modifier or field values). */
  codes: string[];
  /** What is wrong and how to fix it, for billing staff. */
  message: string;
}

export type ScrubStatus = 'clean' | 'rejected' | 'warning';

export interface ScrubResult {
  claimId: string;
  status: ScrubStatus;
  edits: ClaimEdit[];
}

/** Counts over scrub results (what `revcycle scrub` prints as its summary). */
export interface ScrubTally {
  claims: number;
  clean: number;
  rejected: number;
  warning: number;
  /** Inputs that were not a claim (malformed NDJSON line, non-object). */
  unreadable: number;
  edits: number;
  byCategory: Partial<Record<EditCategory, number>>;
}

export function newTally(): ScrubTally {
  return { claims: 0, clean: 0, rejected: 0, warning: 0, unreadable: 0, edits: 0, byCategory: {} };
}

/** Adds (sign 1) or removes (sign -1) results from a tally. */
export function tallyResults(t: ScrubTally, results: readonly ScrubResult[], sign = 1): ScrubTally {
  for (const r of results) {
    t.claims += sign;
    t[r.status] += sign;
    if (r.edits[0]?.id === 'CLAIM_UNREADABLE') t.unreadable += sign;
    for (const e of r.edits) {
      t.edits += sign;
      t.byCategory[e.category] = (t.byCategory[e.category] ?? 0) + sign;
    }
  }
  return t;
}

export function mergeTally(into: ScrubTally, t: ScrubTally): ScrubTally {
  into.claims += t.claims;
  into.clean += t.clean;
  into.rejected += t.rejected;
  into.warning += t.warning;
  into.unreadable += t.unreadable;
  into.edits += t.edits;
  for (const [k, v] of Object.entries(t.byCategory) as [EditCategory, number][])
    into.byCategory[k] = (into.byCategory[k] ?? 0) + v;
  return into;
}
