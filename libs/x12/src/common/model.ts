/** Building blocks shared by the 837 and 835 models. Money is integer cents; dates are YYYY-MM-DD. */

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  /** Two-letter state or province code (N402). */
  state?: string;
  /** ZIP (5 or 9 digits, N403). */
  postalCode?: string;
  /** N404, absent for US addresses. */
  countryCode?: string;
  /** N407, for non-US addresses. */
  countrySubdivision?: string;
}

/** REF: a qualified reference number. */
export interface Reference {
  qualifier: string;
  value: string;
}

/** PER: a contact and its numbers (TE phone, EM email, FX fax, UR web). */
export interface Contact {
  /** PER01: IC information contact, BL billing contact. */
  function?: string;
  name?: string;
  numbers: { qualifier: string; value: string }[];
}

/**
 * A segment kept verbatim because the typed model has no field for it (e.g. CR1 ambulance transport).
 * First item is the segment id; a composite element is an array of components.
 */
export type RawSegment = (string | string[])[];

/** NM1 with what follows it in the same loop: N3/N4 address, REF, PER, PRV, DMG. */
export interface Party {
  /** NM102: person (1) or organization (2). */
  entityType: 'person' | 'organization';
  /** NM103: last name or organization name. */
  name?: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
  /** NM108, e.g. XX (NPI), 46 (ETIN), PI (payer id), MI (member id). */
  idQualifier?: string;
  id?: string;
  address?: Address;
  references?: Reference[];
  contacts?: Contact[];
  /** PRV: provider role (BI billing, PE performing, AT attending…) and taxonomy code. */
  specialty?: { role: string; taxonomy: string };
  /** DMG: date of birth and gender (M/F/U). */
  birthDate?: string;
  gender?: string;
  extraSegments?: RawSegment[];
}

/** CAS: one adjustment (group code + CARC reason + amount + optional quantity). */
export interface Adjustment {
  /** CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction. */
  group: string;
  reason: string;
  amountCents: number;
  quantity?: number;
}

/** AMT: a qualified amount. */
export interface Amount {
  qualifier: string;
  cents: number;
}

/** DTP/DTM: a qualified date or date range; `format`/`value` keep formats other than D8/RD8 verbatim. */
export interface QualifiedDate {
  qualifier: string;
  date?: string;
  endDate?: string;
  format?: string;
  value?: string;
}

/** NTE: a free-text note. */
export interface Note {
  code: string;
  text: string;
}
