/**
 * Code lists read in a 277CA (005010X214) STC composite: claim status category codes (STC01-1,
 * external code list 507), claim status codes (STC01-2, code list 508) and entity identifier codes
 * (STC01-3, element 98). Descriptions are the published texts without their "Usage:"/"Note:" sender
 * instructions. 507 is complete; 508 holds the codes payers and clearinghouses use on claim
 * acknowledgments (the list has ~800); 98 holds the entities a 277CA names.
 */

/**
 * What a category says about the claim on the payer's front end:
 * - `accepted`: in the payer's (or data reporting) system — A2, A5, and the pended/finalized/request categories.
 * - `received`: received or forwarded, not rejected, not yet accepted into adjudication — A0, A1.
 * - `rejected`: never entered adjudication; correct and send the claim again — A3 A4 A6 A7 A8, DR03–DR07, E*.
 *   A4 "not found" and the E "response not possible" categories are rejections here: the claim is not in the
 *   payer's system, so waiting gets nothing.
 */
export type ClaimStatusEffect = 'accepted' | 'received' | 'rejected';

export interface ClaimStatusCategory {
  /** Short title, e.g. `Acknowledgement/Rejected for Invalid Information`. */
  label: string;
  /** The full published description. */
  description: string;
  effect: ClaimStatusEffect;
}

const category = (
  label: string,
  rest: string | undefined,
  effect: ClaimStatusEffect,
): ClaimStatusCategory => ({
  label,
  // 507 separates title and text with "-" or, in later codes, " - " (written here as a leading space).
  description: rest === undefined ? label : rest.startsWith(' ') ? `${label} -${rest}` : `${label}-${rest}`,
  effect,
});

/** STC01-1 Health Care Claim Status Category Code (code list 507), every active code. */
export const CLAIM_STATUS_CATEGORIES: Readonly<Record<string, ClaimStatusCategory>> = {
  A0: category(
    'Acknowledgement/Forwarded',
    'The claim/encounter has been forwarded to another entity.',
    'received',
  ),
  A1: category(
    'Acknowledgement/Receipt',
    'The claim/encounter has been received. This does not mean that the claim has been accepted for adjudication.',
    'received',
  ),
  A2: category(
    'Acknowledgement/Acceptance into adjudication system',
    'The claim/encounter has been accepted into the adjudication system.',
    'accepted',
  ),
  A3: category(
    'Acknowledgement/Returned as unprocessable claim',
    'The claim/encounter has been rejected and has not been entered into the adjudication system.',
    'rejected',
  ),
  A4: category(
    'Acknowledgement/Not Found',
    'The claim/encounter can not be found in the adjudication system.',
    'rejected',
  ),
  A5: category(
    'Acknowledgement/Split Claim',
    'The claim/encounter has been split upon acceptance into the adjudication system.',
    'accepted',
  ),
  A6: category(
    'Acknowledgement/Rejected for Missing Information',
    ' The claim/encounter is missing the information specified in the Status details and has been rejected.',
    'rejected',
  ),
  A7: category(
    'Acknowledgement/Rejected for Invalid Information',
    ' The claim/encounter has invalid information as specified in the Status details and has been rejected.',
    'rejected',
  ),
  A8: category('Acknowledgement/Rejected for relational field in error.', undefined, 'rejected'),
  DR01: category(
    'Acknowledgement/Receipt',
    ' The claim/encounter has been received. This does not mean the claim has been accepted into the data reporting/processing system.',
    'received',
  ),
  DR02: category(
    'Acknowledgement/Acceptance into the data reporting/processing system',
    ' The claim/encounter has been accepted into the data reporting/processing system.',
    'accepted',
  ),
  DR03: category(
    'Acknowledgement/Returned as unprocessable claim',
    ' The claim/encounter has been rejected and has not been entered into the data reporting/processing system.',
    'rejected',
  ),
  DR04: category(
    'Acknowledgement/Not Found',
    ' The claim/encounter can not be found in the data reporting/processing system.',
    'rejected',
  ),
  DR05: category(
    'Acknowledgement/Rejected for Missing Information',
    ' The claim/encounter is missing the information specified in the Status details and has been rejected.',
    'rejected',
  ),
  DR06: category(
    'Acknowledgment/Rejected for invalid information',
    ' The claim/encounter has invalid information as specified in the Status details and has been rejected.',
    'rejected',
  ),
  DR07: category('Acknowledgement/Rejected for relational field in error.', undefined, 'rejected'),
  DR08: category(
    'Acknowledgement/Warning',
    ' The claim/encounter has been accepted into the data reporting/processing system but has received a warning as specified in the Status details.',
    'accepted',
  ),
  P0: category(
    'Pending: Adjudication/Details',
    'This is a generic message about a pended claim. A pended claim is one for which no remittance advice has been issued, or only part of the claim has been paid.',
    'accepted',
  ),
  P1: category('Pending/In Process', 'The claim or encounter is in the adjudication system.', 'accepted'),
  P2: category(
    'Pending/Payer Review',
    'The claim/encounter is suspended and is pending review (e.g. medical review, repricing, Third Party Administrator processing).',
    'accepted',
  ),
  P3: category(
    'Pending/Provider Requested Information',
    ' The claim or encounter is waiting for information that has already been requested from the provider.',
    'accepted',
  ),
  P4: category(
    'Pending/Patient Requested Information',
    ' The claim or encounter is waiting for information that has already been requested from the patient.',
    'accepted',
  ),
  P5: category('Pending/Payer Administrative/System hold', undefined, 'accepted'),
  F0: category(
    'Finalized',
    'The claim/encounter has completed the adjudication cycle and no more action will be taken.',
    'accepted',
  ),
  F1: category('Finalized/Payment', 'The claim/line has been paid.', 'accepted'),
  F2: category('Finalized/Denial', 'The claim/line has been denied.', 'accepted'),
  F3: category('Finalized/Revised', ' Adjudication information has been changed', 'accepted'),
  F3F: category(
    'Finalized/Forwarded',
    "The claim/encounter processing has been completed. Any applicable payment has been made and the claim/encounter has been forwarded to a subsequent entity as identified on the original claim or in this payer's records.",
    'accepted',
  ),
  F3N: category(
    'Finalized/Not Forwarded',
    'The claim/encounter processing has been completed. Any applicable payment has been made. The claim/encounter has NOT been forwarded to any subsequent entity identified on the original claim.',
    'accepted',
  ),
  F4: category(
    'Finalized/Adjudication Complete - No payment forthcoming',
    'The claim/encounter has been adjudicated and no further payment is forthcoming.',
    'accepted',
  ),
  R0: category(
    'Requests for additional Information/General Requests',
    "Requests that don't fall into other R-type categories.",
    'accepted',
  ),
  R1: category(
    'Requests for additional Information/Entity Requests',
    'Requests for information about specific entities (subscribers, patients, various providers).',
    'accepted',
  ),
  R3: category(
    'Requests for additional Information/Claim/Line',
    'Requests for information that could normally be submitted on a claim.',
    'accepted',
  ),
  R4: category(
    'Requests for additional Information/Documentation',
    'Requests for additional supporting documentation. Examples: certification, x-ray, notes.',
    'accepted',
  ),
  R5: category(
    'Request for additional information/more specific detail',
    'Additional information as a follow up to a previous request is needed. The original information was received but is inadequate. More specific/detailed information is requested.',
    'accepted',
  ),
  R6: category('Requests for additional information - Regulatory requirements', undefined, 'accepted'),
  R7: category(
    'Requests for additional information - Confirm care is consistent with Health Plan policy coverage',
    undefined,
    'accepted',
  ),
  R8: category(
    'Requests for additional information - Confirm care is consistent with health plan coverage exceptions',
    undefined,
    'accepted',
  ),
  R9: category(
    'Requests for additional information - Determination of medical necessity',
    undefined,
    'accepted',
  ),
  R10: category(
    'Requests for additional information - Support a filed grievance or appeal',
    undefined,
    'accepted',
  ),
  R11: category('Requests for additional information - Pre-payment review of claims', undefined, 'accepted'),
  R12: category(
    'Requests for additional information - Clarification or justification of use for specified procedure code',
    undefined,
    'accepted',
  ),
  R13: category(
    'Requests for additional information - Original documents submitted are not readable. Used only for subsequent request(s).',
    undefined,
    'accepted',
  ),
  R14: category(
    'Requests for additional information - Original documents received are not what was requested. Used only for subsequent request(s).',
    undefined,
    'accepted',
  ),
  R15: category(
    'Requests for additional information - Workers Compensation coverage determination.',
    undefined,
    'accepted',
  ),
  R16: category('Requests for additional information - Eligibility determination', undefined, 'accepted'),
  R17: category(
    'Replacement of a Prior Request. Used to indicate that the current attachment request replaces a prior attachment request.',
    undefined,
    'accepted',
  ),
  E0: category('Response not possible - error on submitted request data', undefined, 'rejected'),
  E1: category('Response not possible - System Status', undefined, 'rejected'),
  E2: category('Information Holder is not responding; resubmit at a later time.', undefined, 'rejected'),
  E3: category('Correction required - relational fields in error.', undefined, 'rejected'),
  E4: category(
    'Trading partner agreement specific requirement not met: Data correction required.',
    undefined,
    'rejected',
  ),
  D0: category(
    'Data Search Unsuccessful',
    ' The payer is unable to return status on the requested claim(s) based on the submitted search criteria.',
    'rejected',
  ),
};

/** STC01-2 Health Care Claim Status Code (code list 508): the codes seen on claim acknowledgments. */
export const CLAIM_STATUS_CODES: Readonly<Record<string, string>> = {
  '0': 'Cannot provide further status electronically.',
  '1': 'For more detailed information, see remittance advice.',
  '2': 'More detailed information in letter.',
  '3': 'Claim has been adjudicated and is awaiting payment cycle.',
  '6': 'Balance due from the subscriber.',
  '12': 'One or more originally submitted procedure codes have been combined.',
  '15': 'One or more originally submitted procedure code have been modified.',
  '16': 'Claim/encounter has been forwarded to entity.',
  '17': 'Claim/encounter has been forwarded by third party entity to entity.',
  '18': 'Entity received claim/encounter, but returned invalid status.',
  '19': 'Entity acknowledges receipt of claim/encounter.',
  '20': 'Accepted for processing.',
  '21': 'Missing or invalid information.',
  '23': 'Returned to Entity.',
  '24': 'Entity not approved as an electronic submitter.',
  '25': 'Entity not approved.',
  '26': 'Entity not found.',
  '27': 'Policy canceled.',
  '29': 'Subscriber and policy number/contract number mismatched.',
  '30': 'Subscriber and subscriber id mismatched.',
  '31': 'Subscriber and policyholder name mismatched.',
  '32': 'Subscriber and policy number/contract number not found.',
  '33': 'Subscriber and subscriber id not found.',
  '34': 'Subscriber and policyholder name not found.',
  '35': 'Claim/encounter not found.',
  '54': 'Duplicate of a previously processed claim/line.',
  '78': 'Duplicate of an existing claim/line, awaiting processing.',
  '84': 'Service not authorized.',
  '85': 'Entity not primary.',
  '86': 'Diagnosis and patient gender mismatch.',
  '88': 'Entity not eligible for benefits for submitted dates of service.',
  '90': 'Entity not eligible for medical benefits for submitted dates of service.',
  '91': 'Entity not eligible/not approved for dates of service.',
  '92': 'Entity does not meet dependent or student qualification.',
  '96': 'No agreement with entity.',
  '97': 'Patient eligibility not found with entity.',
  '101': 'Claim was processed as adjustment to previous claim.',
  '104':
    'Processed according to plan provisions (Plan refers to provisions that exist between the Health Plan and the Consumer or Patient)',
  '106': "This amount is not entity's responsibility.",
  '107':
    'Processed according to contract provisions (Contract refers to provisions that exist between the Health Plan and a Provider of Health Care Services)',
  '109': 'Entity not eligible.',
  '111': "At the policyholder's request these claims cannot be submitted electronically.",
  '114': 'Claim/service should be processed by entity.',
  '116': 'Claim submitted to incorrect payer.',
  '117': 'Claim requires signature-on-file indicator.',
  '121': 'Service line number greater than maximum allowable for payer.',
  '125': "Entity's name.",
  '126': "Entity's address.",
  '127': "Entity's Communication Number.",
  '128': "Entity's tax id.",
  '132': "Entity's Medicaid provider id.",
  '135': "Entity's commercial provider id.",
  '142': "Entity's license/certification number.",
  '143': "Entity's state license number.",
  '145': "Entity's specialty/taxonomy code.",
  '153': "Entity's id number.",
  '155': "Entity's relationship to patient.",
  '156': 'Patient relationship to subscriber',
  '157': "Entity's Gender.",
  '158': "Entity's date of birth.",
  '159': "Entity's date of death.",
  '163': "Entity's policy/group number.",
  '164': "Entity's contract/member number.",
  '171': 'Other insurance coverage information (health, liability, auto, etc.).',
  '178': 'Submitted charges.',
  '183': 'Amount entity has paid.',
  '187': 'Date(s) of service.',
  '188': 'Statement from-through dates.',
  '189': 'Facility admission date',
  '190': 'Facility discharge date',
  '192': 'Date of first service for current series/symptom/illness.',
  '197': 'Effective coverage date(s).',
  '216': 'Drug information.',
  '218': 'NDC number.',
  '228': 'Type of bill for UB claim',
  '229': 'Hospital admission source.',
  '230': 'Hospital admission hour.',
  '231': 'Hospital admission type.',
  '232': 'Admitting diagnosis.',
  '234': 'Patient discharge status.',
  '247': 'Line information.',
  '249': 'Place of service.',
  '250': 'Type of service.',
  '251': 'Total anesthesia minutes.',
  '252': "Entity's prior authorization/certification number.",
  '254': 'Principal diagnosis code.',
  '255': 'Diagnosis code.',
  '256': 'DRG code(s).',
  '258': 'Days/units for procedure/revenue code.',
  '400': 'Claim is out of balance',
  '401': 'Source of payment is not valid',
  '402': 'Amount must be greater than zero.',
  '453': 'Procedure Code Modifier(s) for Service(s) Rendered',
  '454': 'Procedure code for services rendered.',
  '455': 'Revenue code for services rendered.',
  '460': 'NUBC Condition Code(s)',
  '464': 'Payer Assigned Claim Control Number',
  '465': 'Principal Procedure Code for Service(s) Rendered',
  '466': "Entity's Original Signature.",
  '467': 'Entity Signature Date.',
  '468': 'Patient Signature Source',
  '473': 'Missing or invalid lab indicator',
  '474': 'Procedure code and patient gender mismatch',
  '475': 'Procedure code not valid for patient age',
  '476': 'Missing or invalid units of service',
  '477': 'Diagnosis code pointer is missing or invalid',
  '478': "Claim submitter's identifier",
  '479': 'Other Carrier payer ID is missing or invalid',
  '480': "Entity's claim filing indicator.",
  '481': 'Claim/submission format is invalid.',
  '486': 'Principal Procedure Date',
  '487': "Claim not found, claim should have been submitted to/through 'entity'.",
  '488': 'Diagnosis code(s) for the services rendered.',
  '489': 'Attachment Control Number',
  '490': 'Other Procedure Code for Service(s) Rendered',
  '491': 'Entity not eligible for encounter submission.',
  '492': 'Other Procedure Date',
  '493': 'Version/Release/Industry ID code not currently supported by information holder',
  '495':
    'Requests for re-adjudication must reference the newly assigned payer claim control number for this previously adjusted claim. Correct the payer claim control number and re-submit.',
  '496': 'Submitter not approved for electronic claim submissions on behalf of this entity.',
  '500': "Entity's Postal/Zip Code.",
  '501': "Entity's State/Province.",
  '502': "Entity's City.",
  '503': "Entity's Street Address.",
  '504': "Entity's Last Name.",
  '505': "Entity's First Name.",
  '506':
    'Entity is changing processor/clearinghouse. This claim must be submitted to the new processor/clearinghouse.',
  '507': 'HCPCS',
  '509': 'External Cause of Injury Code.',
  '510': 'Future date.',
  '511': 'Invalid character.',
  '512': "Length invalid for receiver's application system.",
  '513': 'HIPPS Rate Code for services Rendered',
  '514': "Entity's Middle Name",
  '535': 'Claim Frequency Code',
  '538': 'Claim or Encounter Identifier',
  '541': 'Claim Submission Reason Code',
  '544': 'Clinical Laboratory Improvement Amendment (CLIA) Number',
  '555': 'Delay Reason Code',
  '560': "Entity's Additional/Secondary Identifier.",
  '562': "Entity's National Provider Identifier (NPI).",
  '583': 'Line Item Charge Amount',
  '584': 'Line Item Control Number',
  '588': 'Medical Record Number',
  '589': 'Provider Accept Assignment Code',
  '663': "Entity's Group Name.",
  '672': "Other Payer's payment information is out of balance",
  '678': 'Revenue code and patient gender mismatch',
  '679': "Submit newborn services on mother's claim",
  '680': "Entity's Country.",
  '684':
    'Rejected. Syntax error noted for this claim/service/inquiry. See Functional or Implementation Acknowledgement for details.',
  '688': 'Present on Admission Indicator for reported diagnosis code(s).',
  '693': 'Amount must be greater than or equal to zero.',
  '694': 'Amount must not be equal to zero.',
  '697': 'Invalid Decimal Precision.',
  '700': 'ICD10.',
  '718': 'Claim/service not submitted within the required timeframe (timely filing).',
  '719': 'NUBC Occurrence Code(s)',
  '721': 'NUBC Occurrence Span Code(s)',
  '725': 'NUBC Value Code(s)',
  '732': 'Information submitted inconsistent with billing guidelines.',
  '733': "Prefix for entity's contract/member number.",
  '743': "Entity's credential/enrollment information.",
  '745': 'Identifier Qualifier',
  '746': 'Duplicate Submission',
  '748': 'Corrected Data',
  '754': 'Entity Name Suffix.',
  '755': "Entity's primary identifier.",
  '761': "Entity's referral number.",
  '770': 'Duplicate of a claim processed or in process as a crossover/coordination of benefits claim.',
  '772': 'The greatest level of diagnosis code specificity is required.',
  '775': 'Entity Type Qualifier (Person/Non-Person Entity).',
};

/** STC01-3 / NM101 Entity Identifier Code (element 98): the entities a 277CA status names. */
export const ENTITY_IDENTIFIER_CODES: Readonly<Record<string, string>> = {
  '03': 'Dependent',
  '1P': 'Provider',
  '1Z': 'Home Health Care',
  '2B': 'Third-Party Administrator',
  '36': 'Employer',
  '40': 'Receiver',
  '41': 'Submitter',
  '45': 'Drop-off Location',
  '71': 'Attending Physician',
  '72': 'Operating Physician',
  '73': 'Other Physician',
  '77': 'Service Location',
  '82': 'Rendering Provider',
  '85': 'Billing Provider',
  '87': 'Pay-to Provider',
  DK: 'Ordering Physician',
  DN: 'Referring Provider',
  DQ: 'Supervising Physician',
  FA: 'Facility',
  GB: 'Other Insured',
  HK: 'Subscriber',
  IL: 'Insured or Subscriber',
  LI: 'Independent Lab',
  P3: 'Primary Care Provider',
  PE: 'Payee',
  PR: 'Payer',
  PW: 'Pickup Address',
  QB: 'Purchase Service Provider',
  QC: 'Patient',
  QD: 'Responsible Party',
  SJ: 'Service Provider',
  TL: 'Testing Laboratory',
  TU: 'Third Party Repricing Organization',
  ZZ: 'Mutually Defined',
};

const has = (table: object, code: string) => Object.prototype.hasOwnProperty.call(table, code);

/** The category row of `code`; undefined when the code is not in code list 507. */
export function claimStatusCategory(code: string): ClaimStatusCategory | undefined {
  return has(CLAIM_STATUS_CATEGORIES, code) ? CLAIM_STATUS_CATEGORIES[code] : undefined;
}

export function describeClaimStatusCode(code: string): string {
  return has(CLAIM_STATUS_CODES, code)
    ? CLAIM_STATUS_CODES[code]
    : `status code ${code || '(empty)'} (not in our table)`;
}

export function describeEntity(code: string): string {
  return has(ENTITY_IDENTIFIER_CODES, code)
    ? ENTITY_IDENTIFIER_CODES[code]
    : `entity ${code} (not in our table)`;
}
