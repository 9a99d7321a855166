/**
 * Which CARCs say what kind of denial, and what a billing office does next. The grouping follows
 * the CARC descriptions themselves (X12 code list 139) in the families revenue-cycle teams work
 * denials in (HFMA / MGMA denial-management practice: front-end eligibility and authorization,
 * mid-cycle coding and documentation, back-end filing limits): a CARC sits in the family its
 * description names. CARCs not listed here are "other" (e.g. 45, a contractual reduction, not a
 * denial to work). Deactivated codes (15, 62, 125) stay: older remittances still carry them.
 */
export const DENIAL_CATEGORIES = [
  'eligibility',
  'authorization',
  'coding',
  'medical_necessity',
  'timely_filing',
  'duplicate',
  'bundling',
  'missing_information',
  'other',
] as const;
export type DenialCategory = (typeof DENIAL_CATEGORIES)[number];

export const NEXT_ACTIONS = ['correct_and_resubmit', 'appeal', 'bill_patient', 'write_off'] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

export const CARC_CATEGORIES: Record<Exclude<DenialCategory, 'other'>, readonly string[]> = {
  // Coverage: before/after/lapse (26, 27, 200), not our insured or dependent (31, 32, 33), ID and
  // name mismatch (140), another payer is primary or responsible (22, 109), capitation (24),
  // eligibility requirements (177), provider not eligible (185), not covered by the plan (204).
  eligibility: ['22', '24', '26', '27', '31', '32', '33', '109', '140', '177', '185', '200', '204'],
  // Prior authorization, pre-certification, referral: missing, denied, exceeded, out of network.
  authorization: ['15', '39', '62', '197', '198', '243', '288'],
  // Code-to-code, code-to-patient and code-to-date consistency (4–12), invalid codes on the date
  // (146, 181, 182), unlisted code billed (189), revenue/procedure mismatch (199), provider type (170).
  coding: ['4', '5', '6', '7', '8', '9', '10', '11', '12', '146', '170', '181', '182', '189', '199'],
  // Not medically necessary, experimental, unproven, level/frequency/length not supported,
  // diagnosis not covered, not emergent (40).
  medical_necessity: ['40', '50', '55', '56', '150', '151', '152', '167'],
  timely_filing: ['29'],
  duplicate: ['18'],
  // Included in another service (97), not paid separately (234), mutually exclusive (231), NCCI
  // procedure-to-procedure incompatibility (236).
  bundling: ['97', '231', '234', '236'],
  // Lacks information / billing error (16, 125), attachment required (252), information requested
  // and not sent (226, 227), NPI missing / invalid / not matched (206–208).
  missing_information: ['16', '125', '206', '207', '208', '226', '227', '252'],
};

/**
 * RARCs that say more than a general CARC (16 "lacks information", 96 "non-covered", 125, …):
 * they refine a missing-information or other denial into the family they name.
 */
export const RARC_REFINEMENTS: Record<string, DenialCategory> = {
  N30: 'eligibility', // Patient ineligible for this service.
  MA04: 'eligibility', // Secondary payment cannot be considered without the primary payer's information.
  M20: 'coding', // Missing/incomplete/invalid HCPCS.
  M51: 'coding', // Missing/incomplete/invalid procedure code(s).
  M67: 'coding', // Missing/incomplete/invalid other procedure code(s).
  M76: 'coding', // Missing/incomplete/invalid diagnosis or condition.
  M81: 'coding', // You are required to code to the highest level of specificity.
  N56: 'coding', // Procedure code billed is not correct/valid for the services or date billed.
  N115: 'medical_necessity', // Decision based on a Local Coverage Determination (LCD).
  N386: 'medical_necessity', // Decision based on a National Coverage Determination (NCD).
};

/** What to do about each family, unless the group or the CARC says otherwise (see categorize). */
export const NEXT_ACTION_BY_CATEGORY: Record<DenialCategory, NextAction> = {
  // Fix the coverage on file (right payer, subscriber id, dates) and send it again.
  eligibility: 'correct_and_resubmit',
  // The service was done: ask for retro-authorization and appeal with it.
  authorization: 'appeal',
  coding: 'correct_and_resubmit',
  // Appeal with the medical records that support necessity.
  medical_necessity: 'appeal',
  // A CO timely-filing denial cannot be billed to the patient; appeal only with proof of timely filing.
  timely_filing: 'write_off',
  // The original claim carries the payment: clear this one.
  duplicate: 'write_off',
  // Bundled into another paid service under CO: not billable to the patient.
  bundling: 'write_off',
  missing_information: 'correct_and_resubmit',
  other: 'write_off',
};

/** CARCs whose own wording points to a different action than their family's. */
export const NEXT_ACTION_BY_CARC: Record<string, NextAction> = {
  '15': 'correct_and_resubmit', // an authorization number we have but sent wrong: correct it
  '231': 'correct_and_resubmit', // distinct services: the right modifier (59/XE/XS/XP/XU) and resend
  '236': 'correct_and_resubmit', // NCCI PTP edit with modifier indicator 1: modifier and resend
};

/**
 * CARCs that adjust a payment as agreed rather than deny it: nothing to work. The patient's share
 * (1 deductible, 2 coinsurance, 3 copay, 66 blood deductible), the contract (45, and 42 before it;
 * 131 negotiated discount; 59 multiple-procedure rules; 144 incentive; 104 managed-care withhold),
 * another payer's share (23, COB), and mandated reductions (253 sequestration, 105 tax withholding).
 */
export const NOT_DENIAL_CARCS: readonly string[] = [
  '1',
  '2',
  '3',
  '23',
  '42',
  '45',
  '59',
  '66',
  '104',
  '105',
  '131',
  '144',
  '253',
];
