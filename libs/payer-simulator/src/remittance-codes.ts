/**
 * The reasons the simulated payer gives, as real payers word them: CARC (X12 claim adjustment reason
 * codes) with the RARC (remittance advice remark code) payers commonly pair with them, and 277CA claim
 * status category/status codes (code lists 507/508) for front-end rejections.
 */

export interface DenialReason {
  /** CAS01: CO contractual (provider writes it off), PR patient responsibility, OA other. */
  group: 'CO' | 'PR' | 'OA';
  carc: string;
  rarc?: string;
}

/** Whole-claim denials (CLP02 = 4): every line adjusted with this reason. */
export const CLAIM_DENIALS: readonly DenialReason[] = [
  { group: 'CO', carc: '16', rarc: 'N290' }, // lacks information: rendering provider identifier
  { group: 'CO', carc: '50', rarc: 'N115' }, // not medically necessary, per the LCD
  { group: 'CO', carc: '29' }, // timely filing limit expired
  { group: 'OA', carc: '18', rarc: 'M86' }, // exact duplicate (CARC 18 is used with OA)
  { group: 'PR', carc: '27', rarc: 'N30' }, // coverage terminated before the service: the patient owes it
  { group: 'CO', carc: '197', rarc: 'M62' }, // prior authorization absent
  { group: 'CO', carc: '204', rarc: 'N130' }, // not covered by the patient's benefit plan
];

/**
 * A claim billed to this payer as secondary (837 SBR01 S) without the primary's adjudication (no 2320
 * AMT*D): CARC 16 with MA04, "secondary payment cannot be considered without the identity of or
 * payment information from the primary payer".
 */
export const MISSING_PRIOR_PAYER: DenialReason = { group: 'CO', carc: '16', rarc: 'MA04' };

/** One line of an otherwise paid claim denied (the claim is partially paid). */
export const LINE_DENIALS: readonly DenialReason[] = [
  { group: 'CO', carc: '97', rarc: 'M15' }, // bundled into another service paid on the claim
  { group: 'CO', carc: '50', rarc: 'N115' },
  { group: 'CO', carc: '204', rarc: 'N130' },
];

export interface FrontEndRejection {
  /** STC01-1 category (A3 returned as unprocessable, A7 rejected for invalid information). */
  category: string;
  /** STC01-2 claim status code, STC01-3 entity it applies to. */
  code: string;
  entity?: string;
}

/** 277CA rejections: the claim never enters adjudication and must be corrected and sent again. */
export const FRONT_END_REJECTIONS: readonly FrontEndRejection[] = [
  { category: 'A3', code: '164', entity: 'IL' }, // subscriber's member number not on file
  { category: 'A7', code: '562', entity: '85' }, // billing provider NPI not on file
  { category: 'A3', code: '187' }, // dates of service
];

/** CARC of the contractual write-off and of the patient's share (PR-1/2/3). */
export const CONTRACTUAL = '45';
export const DEDUCTIBLE = '1';
export const COINSURANCE = '2';
export const COPAY = '3';
/** CARC 23 (group OA): the impact of prior payer(s) adjudication, including payments and adjustments. */
export const PRIOR_PAYER_IMPACT = '23';
