import type { X12Issue } from '../common/issue';
import { isValidTime, parseCents } from '../common/format';
import { dateElementProblem } from './date-rules';
import type { Segment } from '../tokenizer/segment';
import { CAS_GROUP_CODES, CLAIM_FILING_CODES, CLAIM_STATUS_835, PAYER_RESPONSIBILITY } from './codes';

/** X12 data element types: AN string, ID code, N0 integer, R decimal, DT date, TM time, C composite. */
export type ElementType = 'AN' | 'ID' | 'N0' | 'R' | 'DT' | 'TM' | 'C';

export interface ElementSpec {
  name: string;
  /** M mandatory, O optional/situational, X not used in this guide. */
  usage: 'M' | 'O' | 'X';
  type: ElementType;
  min: number;
  max: number;
  codes?: ReadonlySet<string>;
  /** Components of a composite. */
  components?: ElementSpec[];
}

const e = (
  usage: 'M' | 'O' | 'X',
  type: ElementType,
  min: number,
  max: number,
  name: string,
  codes?: ReadonlySet<string>,
): ElementSpec => ({ usage, type, min, max, name, codes });
const c = (usage: 'M' | 'O', name: string, components: ElementSpec[]): ElementSpec => ({
  usage,
  type: 'C',
  min: 0,
  max: 0,
  name,
  components,
});
const X = (name: string): ElementSpec => e('X', 'AN', 0, 0, name);
const set = (...codes: string[]) => new Set(codes);

const PROCEDURE = (name: string, usage: 'M' | 'O' = 'M') =>
  c(usage, name, [
    e('M', 'ID', 2, 2, 'Product/Service ID Qualifier'),
    e('M', 'AN', 1, 48, 'Procedure Code'),
    e('O', 'AN', 2, 2, 'Procedure Modifier'),
    e('O', 'AN', 2, 2, 'Procedure Modifier'),
    e('O', 'AN', 2, 2, 'Procedure Modifier'),
    e('O', 'AN', 2, 2, 'Procedure Modifier'),
    e('O', 'AN', 1, 80, 'Description'),
    e('O', 'AN', 1, 48, 'Product/Service ID'),
  ]);

const HI_COMPOSITE = (usage: 'M' | 'O') =>
  c(usage, 'Health Care Code Information', [
    e('M', 'ID', 1, 3, 'Code List Qualifier Code'),
    e('M', 'AN', 1, 30, 'Diagnosis Code'),
    e('O', 'ID', 2, 3, 'Date Time Period Format Qualifier', set('D8', 'RD8')),
    e('O', 'AN', 1, 35, 'Date Time Period'),
    e('O', 'R', 1, 18, 'Monetary Amount'),
    e('O', 'R', 1, 15, 'Quantity'),
    e('O', 'AN', 1, 30, 'Version Identifier'),
    e('O', 'AN', 1, 30, 'Industry Code'),
    e('O', 'ID', 1, 1, 'Present on Admission Indicator', set('N', 'U', 'W', 'Y', '1')),
  ]);

const CAS: ElementSpec[] = [
  e('M', 'ID', 1, 2, 'Claim Adjustment Group Code', CAS_GROUP_CODES),
  e('M', 'ID', 1, 5, 'Claim Adjustment Reason Code'),
  e('M', 'R', 1, 18, 'Adjustment Amount'),
  e('O', 'R', 1, 15, 'Adjustment Quantity'),
];
for (let i = 0; i < 5; i++)
  CAS.push(
    e('O', 'ID', 1, 5, 'Claim Adjustment Reason Code'),
    e('O', 'R', 1, 18, 'Adjustment Amount'),
    e('O', 'R', 1, 15, 'Adjustment Quantity'),
  );

/** Element dictionary of the segments the guides use (X12 5010 data element dictionary, HIPAA usage). */
export const SEGMENT_SPECS: Record<string, ElementSpec[]> = {
  BHT: [
    e('M', 'ID', 4, 4, 'Hierarchical Structure Code'),
    e('M', 'ID', 2, 2, 'Transaction Set Purpose Code'),
    e('M', 'AN', 1, 50, 'Reference Identification'),
    e('M', 'DT', 8, 8, 'Date'),
    e('M', 'TM', 4, 8, 'Time'),
    e('O', 'ID', 2, 2, 'Transaction Type Code'),
  ],
  NM1: [
    e('M', 'ID', 2, 3, 'Entity Identifier Code'),
    e('M', 'ID', 1, 1, 'Entity Type Qualifier', set('1', '2')),
    e('O', 'AN', 1, 60, 'Name Last or Organization Name'),
    e('O', 'AN', 1, 35, 'Name First'),
    e('O', 'AN', 1, 25, 'Name Middle'),
    e('O', 'AN', 1, 10, 'Name Prefix'),
    e('O', 'AN', 1, 10, 'Name Suffix'),
    e('O', 'ID', 1, 2, 'Identification Code Qualifier'),
    e('O', 'AN', 2, 80, 'Identification Code'),
    e('O', 'ID', 2, 2, 'Entity Relationship Code'),
    e('O', 'ID', 2, 3, 'Entity Identifier Code'),
    e('O', 'AN', 1, 60, 'Name Last or Organization Name'),
  ],
  N1: [
    e('M', 'ID', 2, 3, 'Entity Identifier Code'),
    e('O', 'AN', 1, 60, 'Name'),
    e('O', 'ID', 1, 2, 'Identification Code Qualifier'),
    e('O', 'AN', 2, 80, 'Identification Code'),
  ],
  N3: [e('M', 'AN', 1, 55, 'Address Information'), e('O', 'AN', 1, 55, 'Address Information')],
  N4: [
    e('O', 'AN', 2, 30, 'City Name'),
    e('O', 'ID', 2, 2, 'State or Province Code'),
    e('O', 'ID', 3, 15, 'Postal Code'),
    e('O', 'ID', 2, 3, 'Country Code'),
    X('N405'),
    X('N406'),
    e('O', 'ID', 1, 3, 'Country Subdivision Code'),
  ],
  REF: [
    e('M', 'ID', 2, 3, 'Reference Identification Qualifier'),
    e('M', 'AN', 1, 50, 'Reference Identification'),
  ],
  PER: [
    e('M', 'ID', 2, 2, 'Contact Function Code'),
    e('O', 'AN', 1, 60, 'Name'),
    e('O', 'ID', 2, 2, 'Communication Number Qualifier'),
    e('O', 'AN', 1, 256, 'Communication Number'),
    e('O', 'ID', 2, 2, 'Communication Number Qualifier'),
    e('O', 'AN', 1, 256, 'Communication Number'),
    e('O', 'ID', 2, 2, 'Communication Number Qualifier'),
    e('O', 'AN', 1, 256, 'Communication Number'),
  ],
  DMG: [
    e('M', 'ID', 2, 3, 'Date Time Period Format Qualifier', set('D8')),
    e('M', 'AN', 1, 35, 'Date of Birth'),
    e('O', 'ID', 1, 1, 'Gender Code', set('F', 'M', 'U')),
  ],
  HL: [
    e('M', 'AN', 1, 12, 'Hierarchical ID Number'),
    e('O', 'AN', 1, 12, 'Hierarchical Parent ID Number'),
    e('M', 'ID', 1, 2, 'Hierarchical Level Code'),
    e('O', 'ID', 1, 1, 'Hierarchical Child Code', set('0', '1')),
  ],
  PRV: [
    e('M', 'ID', 1, 3, 'Provider Code'),
    e('M', 'ID', 2, 3, 'Reference Identification Qualifier', set('PXC')),
    e('M', 'AN', 1, 50, 'Provider Taxonomy Code'),
  ],
  SBR: [
    e('M', 'ID', 1, 1, 'Payer Responsibility Sequence Number Code', PAYER_RESPONSIBILITY),
    e('O', 'ID', 2, 2, 'Individual Relationship Code'),
    e('O', 'AN', 1, 50, 'Group or Policy Number'),
    e('O', 'AN', 1, 60, 'Group Name'),
    e('O', 'ID', 1, 3, 'Insurance Type Code'),
    X('SBR06'),
    X('SBR07'),
    X('SBR08'),
    e('O', 'ID', 1, 2, 'Claim Filing Indicator Code', CLAIM_FILING_CODES),
  ],
  PAT: [
    e('O', 'ID', 2, 2, 'Individual Relationship Code'),
    X('PAT02'),
    X('PAT03'),
    X('PAT04'),
    e('O', 'ID', 2, 3, 'Date Time Period Format Qualifier'),
    e('O', 'AN', 1, 35, 'Date'),
    e('O', 'ID', 2, 2, 'Unit or Basis for Measurement Code'),
    e('O', 'R', 1, 10, 'Weight'),
    e('O', 'ID', 1, 1, 'Pregnancy Indicator'),
  ],
  CLM: [
    e('M', 'AN', 1, 38, 'Patient Control Number'),
    e('M', 'R', 1, 18, 'Total Claim Charge Amount'),
    X('CLM03'),
    X('CLM04'),
    c('M', 'Health Care Service Location Information', [
      e('M', 'AN', 1, 2, 'Facility Code Value'),
      e('M', 'ID', 1, 2, 'Facility Code Qualifier', set('A', 'B')),
      e('M', 'ID', 1, 1, 'Claim Frequency Type Code'),
    ]),
    e('O', 'ID', 1, 1, 'Provider or Supplier Signature Indicator', set('N', 'Y')),
    e('O', 'ID', 1, 1, 'Assignment or Plan Participation Code', set('A', 'B', 'C')),
    e('M', 'ID', 1, 1, 'Benefits Assignment Certification Indicator', set('N', 'W', 'Y')),
    e('M', 'ID', 1, 1, 'Release of Information Code', set('I', 'Y')),
    e('O', 'ID', 1, 1, 'Patient Signature Source Code', set('P')),
    c('O', 'Related Causes Information', [
      e('M', 'ID', 2, 3, 'Related-Causes Code', set('AA', 'EM', 'OA')),
      e('O', 'ID', 2, 3, 'Related-Causes Code', set('AA', 'EM', 'OA')),
      X('CLM11-3'),
      e('O', 'ID', 2, 2, 'State or Province Code'),
      e('O', 'ID', 2, 3, 'Country Code'),
    ]),
    e('O', 'ID', 2, 3, 'Special Program Indicator', set('02', '03', '05', '09')),
    X('CLM13'),
    X('CLM14'),
    X('CLM15'),
    X('CLM16'),
    X('CLM17'),
    X('CLM18'),
    X('CLM19'),
    e(
      'O',
      'ID',
      1,
      2,
      'Delay Reason Code',
      set('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'),
    ),
  ],
  DTP: [
    e('M', 'ID', 3, 3, 'Date/Time Qualifier'),
    e('M', 'ID', 2, 3, 'Date Time Period Format Qualifier', set('D8', 'RD8', 'DT', 'TM')),
    e('M', 'AN', 1, 35, 'Date Time Period'),
  ],
  DTM: [e('M', 'ID', 3, 3, 'Date/Time Qualifier'), e('M', 'DT', 8, 8, 'Date')],
  HI: [HI_COMPOSITE('M'), ...Array.from({ length: 11 }, () => HI_COMPOSITE('O'))],
  LX: [e('M', 'N0', 1, 6, 'Assigned Number')],
  SV1: [
    PROCEDURE('Composite Medical Procedure Identifier'),
    e('M', 'R', 1, 18, 'Line Item Charge Amount'),
    e('M', 'ID', 2, 2, 'Unit or Basis for Measurement Code', set('MJ', 'UN')),
    e('M', 'R', 1, 15, 'Service Unit Count'),
    e('O', 'AN', 1, 2, 'Place of Service Code'),
    X('SV106'),
    c('M', 'Composite Diagnosis Code Pointer', [
      e('M', 'N0', 1, 2, 'Diagnosis Code Pointer'),
      e('O', 'N0', 1, 2, 'Diagnosis Code Pointer'),
      e('O', 'N0', 1, 2, 'Diagnosis Code Pointer'),
      e('O', 'N0', 1, 2, 'Diagnosis Code Pointer'),
    ]),
    X('SV108'),
    e('O', 'ID', 1, 1, 'Emergency Indicator', set('Y')),
    X('SV110'),
    e('O', 'ID', 1, 1, 'EPSDT Indicator', set('Y')),
    e('O', 'ID', 1, 1, 'Family Planning Indicator', set('Y')),
    ...Array.from({ length: 9 }, (_, i) => e('O', 'AN', 1, 80, `SV1${13 + i}`)),
  ],
  SV2: [
    e('M', 'AN', 1, 48, 'Service Line Revenue Code'),
    PROCEDURE('Composite Medical Procedure Identifier', 'O'),
    e('M', 'R', 1, 18, 'Line Item Charge Amount'),
    e('M', 'ID', 2, 2, 'Unit or Basis for Measurement Code', set('DA', 'UN')),
    e('M', 'R', 1, 15, 'Service Unit Count'),
    X('SV206'),
    e('O', 'R', 1, 18, 'Line Item Denied Charge or Non-Covered Charge Amount'),
    ...Array.from({ length: 3 }, (_, i) => e('O', 'AN', 1, 80, `SV2${8 + i}`)),
  ],
  CAS,
  AMT: [e('M', 'ID', 1, 3, 'Amount Qualifier Code'), e('M', 'R', 1, 18, 'Monetary Amount')],
  BPR: [
    e('M', 'ID', 1, 2, 'Transaction Handling Code', set('C', 'D', 'H', 'I', 'P', 'U', 'X')),
    e('M', 'R', 1, 18, 'Total Actual Provider Payment Amount'),
    e('M', 'ID', 1, 1, 'Credit or Debit Flag Code', set('C', 'D')),
    e('M', 'ID', 3, 3, 'Payment Method Code', set('ACH', 'BOP', 'CHK', 'FWT', 'NON')),
    e('O', 'ID', 1, 10, 'Payment Format Code', set('CCP', 'CTX')),
    e('O', 'ID', 2, 2, 'DFI ID Number Qualifier'),
    e('O', 'AN', 3, 12, 'DFI Identification Number'),
    e('O', 'ID', 1, 3, 'Account Number Qualifier'),
    e('O', 'AN', 1, 35, 'Account Number'),
    e('O', 'AN', 10, 10, 'Originating Company Identifier'),
    e('O', 'AN', 9, 9, 'Originating Company Supplemental Code'),
    e('O', 'ID', 2, 2, 'DFI ID Number Qualifier'),
    e('O', 'AN', 3, 12, 'DFI Identification Number'),
    e('O', 'ID', 1, 3, 'Account Number Qualifier'),
    e('O', 'AN', 1, 35, 'Account Number'),
    e('M', 'DT', 8, 8, 'Check Issue or EFT Effective Date'),
  ],
  TRN: [
    e('M', 'ID', 1, 2, 'Trace Type Code'),
    e('M', 'AN', 1, 50, 'Reference Identification'),
    e('O', 'AN', 10, 10, 'Originating Company Identifier'),
    e('O', 'AN', 1, 50, 'Reference Identification'),
  ],
  TS3: [
    e('M', 'AN', 1, 50, 'Provider Identifier'),
    e('M', 'AN', 1, 2, 'Facility Type Code'),
    e('M', 'DT', 8, 8, 'Fiscal Period Date'),
    e('M', 'R', 1, 15, 'Total Claim Count'),
    e('M', 'R', 1, 18, 'Total Claim Charge Amount'),
    X('TS306'),
    X('TS307'),
    X('TS308'),
    X('TS309'),
    X('TS310'),
    X('TS311'),
    X('TS312'),
    ...Array.from({ length: 12 }, (_, i) => e('O', 'R', 1, 18, `TS3${13 + i} amount or count`)),
  ],
  CLP: [
    e('M', 'AN', 1, 38, 'Patient Control Number'),
    e('M', 'ID', 1, 2, 'Claim Status Code', CLAIM_STATUS_835),
    e('M', 'R', 1, 18, 'Total Claim Charge Amount'),
    e('M', 'R', 1, 18, 'Claim Payment Amount'),
    e('O', 'R', 1, 18, 'Patient Responsibility Amount'),
    e('M', 'ID', 1, 2, 'Claim Filing Indicator Code', CLAIM_FILING_CODES),
    e('O', 'AN', 1, 50, 'Payer Claim Control Number'),
    e('O', 'AN', 1, 2, 'Facility Type Code'),
    e('O', 'ID', 1, 1, 'Claim Frequency Type Code'),
    X('CLP10'),
    e('O', 'AN', 1, 50, 'Diagnosis Related Group (DRG) Code'),
    e('O', 'R', 1, 15, 'DRG Weight'),
    e('O', 'R', 1, 10, 'Discharge Fraction'),
    e('O', 'ID', 1, 1, 'Yes/No Condition or Response Code', set('N', 'U', 'W', 'Y')),
  ],
  SVC: [
    c('M', 'Composite Medical Procedure Identifier', [
      e(
        'M',
        'ID',
        2,
        2,
        'Product/Service ID Qualifier',
        set('AD', 'ER', 'HC', 'HP', 'IV', 'N4', 'N6', 'NU', 'UI', 'WK'),
      ),
      e('M', 'AN', 1, 48, 'Procedure Code'),
      e('O', 'AN', 2, 2, 'Procedure Modifier'),
      e('O', 'AN', 2, 2, 'Procedure Modifier'),
      e('O', 'AN', 2, 2, 'Procedure Modifier'),
      e('O', 'AN', 2, 2, 'Procedure Modifier'),
      e('O', 'AN', 1, 80, 'Description'),
    ]),
    e('M', 'R', 1, 18, 'Line Item Charge Amount'),
    e('M', 'R', 1, 18, 'Line Item Provider Payment Amount'),
    e('O', 'AN', 1, 48, 'National Uniform Billing Committee Revenue Code'),
    e('O', 'R', 1, 15, 'Units of Service Paid Count'),
    PROCEDURE('Composite Medical Procedure Identifier (submitted)', 'O'),
    e('O', 'R', 1, 15, 'Original Units of Service Count'),
  ],
  PLB: [
    e('M', 'AN', 1, 50, 'Provider Identifier'),
    e('M', 'DT', 8, 8, 'Fiscal Period Date'),
    ...[0, 1, 2, 3, 4, 5].flatMap((k) => [
      c(k === 0 ? 'M' : 'O', 'Adjustment Identifier', [
        // 835 IG code list: validation/835/adjustments.ts.
        e('M', 'ID', 2, 2, 'Adjustment Reason Code'),
        e('O', 'AN', 1, 50, 'Provider Adjustment Identifier'),
      ]),
      e(k === 0 ? 'M' : 'O', 'R', 1, 18, 'Provider Adjustment Amount'),
    ]),
  ],

  LQ: [e('M', 'ID', 1, 3, 'Code List Qualifier Code', set('HE', 'RX')), e('M', 'AN', 1, 30, 'Remark Code')],
  CN1: [
    e('M', 'ID', 2, 2, 'Contract Type Code', set('01', '02', '03', '04', '05', '06', '09')),
    e('O', 'R', 1, 18, 'Contract Amount'),
    e('O', 'R', 1, 6, 'Contract Percentage'),
    e('O', 'AN', 1, 50, 'Contract Code'),
    e('O', 'R', 1, 6, 'Terms Discount Percentage'),
    e('O', 'AN', 1, 30, 'Contract Version Identifier'),
  ],
  PWK: [
    e('M', 'ID', 2, 2, 'Attachment Report Type Code'),
    e('M', 'ID', 1, 2, 'Attachment Transmission Code'),
    X('PWK03'),
    X('PWK04'),
    e('O', 'ID', 1, 2, 'Identification Code Qualifier', set('AC')),
    e('O', 'AN', 2, 80, 'Attachment Control Number'),
  ],
  AK1: [
    e('M', 'ID', 2, 2, 'Functional Identifier Code'),
    e('M', 'N0', 1, 9, 'Group Control Number'),
    e('O', 'AN', 1, 12, 'Version / Release / Industry Identifier Code'),
  ],
  AK2: [
    e('M', 'ID', 3, 3, 'Transaction Set Identifier Code'),
    e('M', 'AN', 4, 9, 'Transaction Set Control Number'),
    e('O', 'AN', 1, 35, 'Implementation Convention Reference'),
  ],
  IK3: [
    e('M', 'ID', 2, 3, 'Segment ID Code'),
    e('M', 'N0', 1, 10, 'Segment Position in Transaction Set'),
    e('O', 'AN', 1, 4, 'Loop Identifier Code'),
    e('O', 'ID', 1, 3, 'Implementation Segment Syntax Error Code'),
  ],
  IK4: [
    c('M', 'Position in Segment', [
      e('M', 'N0', 1, 2, 'Element Position in Segment'),
      e('O', 'N0', 1, 2, 'Component Data Element Position in Composite'),
      e('O', 'N0', 1, 4, 'Repeating Data Element Position'),
    ]),
    e('O', 'N0', 1, 4, 'Data Element Reference Number'),
    e('M', 'ID', 1, 3, 'Implementation Data Element Syntax Error Code'),
    e('O', 'AN', 1, 99, 'Copy of Bad Data Element'),
  ],
  IK5: [
    e('M', 'ID', 1, 1, 'Transaction Set Acknowledgment Code', set('A', 'E', 'M', 'R', 'W', 'X')),
    ...Array.from({ length: 5 }, () =>
      e('O', 'ID', 1, 3, 'Implementation Transaction Set Syntax Error Code'),
    ),
  ],
  AK9: [
    e('M', 'ID', 1, 1, 'Functional Group Acknowledge Code', set('A', 'E', 'M', 'P', 'R', 'W', 'X')),
    e('M', 'N0', 1, 6, 'Number of Transaction Sets Included'),
    e('M', 'N0', 1, 6, 'Number of Received Transaction Sets'),
    e('M', 'N0', 1, 6, 'Number of Accepted Transaction Sets'),
    ...Array.from({ length: 5 }, () => e('O', 'ID', 1, 3, 'Functional Group Syntax Error Code')),
  ],
  STC: [
    c('M', 'Health Care Claim Status', [
      e('M', 'AN', 1, 30, 'Health Care Claim Status Category Code'),
      e('M', 'AN', 1, 30, 'Status Code'),
      e('O', 'AN', 1, 3, 'Entity Identifier Code'),
    ]),
    e('O', 'DT', 8, 8, 'Status Information Effective Date'),
    e('O', 'ID', 1, 2, 'Action Code'),
    e('O', 'R', 1, 18, 'Monetary Amount'),
    X('STC05'),
    X('STC06'),
    X('STC07'),
    X('STC08'),
    X('STC09'),
    c('O', 'Health Care Claim Status', [
      e('M', 'AN', 1, 30, 'Health Care Claim Status Category Code'),
      e('M', 'AN', 1, 30, 'Status Code'),
      e('O', 'AN', 1, 3, 'Entity Identifier Code'),
    ]),
    c('O', 'Health Care Claim Status', [
      e('M', 'AN', 1, 30, 'Health Care Claim Status Category Code'),
      e('M', 'AN', 1, 30, 'Status Code'),
      e('O', 'AN', 1, 3, 'Entity Identifier Code'),
    ]),
    e('O', 'AN', 1, 264, 'Free-form Message Text'),
  ],
};

export interface ElementCheckContext {
  loop?: string;
  issues: X12Issue[];
  /** Element positions made "not used" or "required" by a guide beyond the dictionary. */
  notUsed?: ReadonlySet<number>;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** One element's issue (a plain function: closures per element would be allocated for every element read). */
function elementIssue(seg: Segment, ctx: ElementCheckContext, ref: string, code: string, message: string) {
  ctx.issues.push({
    severity: 'error',
    code,
    message,
    segmentOrdinal: seg.ordinal,
    segmentId: seg.id,
    offset: seg.offset,
    loop: ctx.loop,
    element: ref,
  });
}

function checkValue(
  seg: Segment,
  ref: string,
  spec: ElementSpec,
  value: string,
  ctx: ElementCheckContext,
): void {
  if (value.length < spec.min || value.length > spec.max) {
    if (spec.type === 'R' || spec.type === 'N0') {
      // numeric lengths count digits only
      const digits = value.replace(/[-.]/g, '').length;
      if (digits > spec.max)
        elementIssue(
          seg,
          ctx,
          ref,
          'ELEMENT_TOO_LONG',
          `${spec.name} (${ref}) "${value}" has ${digits} digits; at most ${spec.max} are allowed.`,
        );
    } else if (value.length > spec.max)
      elementIssue(
        seg,
        ctx,
        ref,
        'ELEMENT_TOO_LONG',
        `${spec.name} (${ref}) "${value}" is too long: ${value.length} characters, at most ${spec.max}.`,
      );
    else
      elementIssue(
        seg,
        ctx,
        ref,
        'ELEMENT_TOO_SHORT',
        `${spec.name} (${ref}) "${value}" is too short: ${value.length} characters, at least ${spec.min}.`,
      );
  }
  switch (spec.type) {
    case 'R':
      if (parseCents(value) === undefined && !/^-?(\d+\.?\d*|\.\d+)$/.test(value))
        elementIssue(
          seg,
          ctx,
          ref,
          'ELEMENT_NOT_NUMERIC',
          `${spec.name} (${ref}) "${value}" must be a number such as 125.50.`,
        );
      break;
    case 'N0':
      if (!/^-?\d+$/.test(value))
        elementIssue(
          seg,
          ctx,
          ref,
          'ELEMENT_NOT_INTEGER',
          `${spec.name} (${ref}) "${value}" must be a whole number.`,
        );
      break;
    case 'DT': {
      const problem = dateElementProblem(spec.name, ref, value);
      if (problem) elementIssue(seg, ctx, ref, problem.code, problem.message);
      break;
    }
    case 'TM':
      if (!isValidTime(value))
        elementIssue(
          seg,
          ctx,
          ref,
          'TIME_INVALID',
          `${spec.name} (${ref}) "${value}" is not a valid time (HHMM or HHMMSS).`,
        );
      break;
    case 'AN':
      // eslint-disable-next-line no-control-regex
      if (/[\x00-\x1f]/.test(value))
        elementIssue(
          seg,
          ctx,
          ref,
          'ELEMENT_BAD_CHARACTER',
          `${spec.name} (${ref}) contains control characters.`,
        );
      break;
    default:
  }
  if (spec.codes && !spec.codes.has(value)) {
    const list = [...spec.codes];
    elementIssue(
      seg,
      ctx,
      ref,
      'CODE_INVALID',
      `${spec.name} (${ref}) "${value}" is not a valid code${list.length <= 12 ? `; use one of ${list.join(', ')}` : ''}.`,
    );
  }
}

/** Element references (`CLM05`, `CLM05-1`) built once per segment id rather than per element read. */
const ELEMENT_REFS = new Map<string, string[]>();
const COMPONENT_REFS = new Map<string, string[]>();

function elementRefs(id: string, specs: ElementSpec[]): string[] {
  let refs = ELEMENT_REFS.get(id);
  if (!refs || refs.length <= specs.length) {
    refs = [''];
    for (let n = 1; n <= specs.length; n++) refs.push(`${id}${two(n)}`);
    ELEMENT_REFS.set(id, refs);
  }
  return refs;
}

function componentRefs(ref: string, count: number): string[] {
  let refs = COMPONENT_REFS.get(ref);
  if (!refs || refs.length < count) {
    refs = [];
    for (let ci = 0; ci < count; ci++) refs.push(`${ref}-${ci + 1}`);
    COMPONENT_REFS.set(ref, refs);
  }
  return refs;
}

/** Checks a segment's elements against the dictionary: required, not used, lengths, types, code lists. */
const segmentIssue = (seg: Segment, ctx: ElementCheckContext, code: string, message: string, ref: string) =>
  elementIssue(seg, ctx, ref, code, message);

export function checkSegmentElements(
  seg: Segment,
  ctx: ElementCheckContext,
  specsOverride?: ElementSpec[],
): void {
  const specs = specsOverride ?? SEGMENT_SPECS[seg.id];
  if (!specs) return;
  const comp = seg.delimiters.component;
  for (let i = 1; i < seg.elements.length && i <= specs.length + 1; i++) {
    if (seg.elements[i] !== '' && i > specs.length) {
      segmentIssue(
        seg,
        ctx,
        'TOO_MANY_ELEMENTS',
        `${seg.id} has ${seg.elements.length - 1} elements; this guide defines only ${specs.length}.`,
        `${seg.id}${two(i)}`,
      );
      break;
    }
  }
  if (seg.elements.length > 1 && seg.elements[seg.elements.length - 1] === '') {
    segmentIssue(
      seg,
      ctx,
      'TRAILING_SEPARATOR',
      `${seg.id} ends with an empty element: remove the trailing separator(s).`,
      `${seg.id}${two(seg.elements.length - 1)}`,
    );
  }
  const refs = elementRefs(seg.id, specs);
  for (let idx = 0; idx < specs.length; idx++) {
    const spec = specs[idx];
    const n = idx + 1;
    const ref = refs[n];
    const value = seg.elements[n] ?? '';
    const notUsed = spec.usage === 'X' || ctx.notUsed?.has(n);
    if (value === '') {
      if (spec.usage === 'M')
        segmentIssue(seg, ctx, 'ELEMENT_MISSING', `Required ${spec.name} (${ref}) is missing.`, ref);
      continue;
    }
    if (notUsed) {
      segmentIssue(
        seg,
        ctx,
        'ELEMENT_NOT_USED',
        `${ref} must be empty: the implementation guide marks it "not used" (found "${value}").`,
        ref,
      );
      continue;
    }
    if (spec.type === 'C' && spec.components) {
      const parts = value.split(comp);
      const crefs = componentRefs(ref, spec.components.length);
      for (let ci = 0; ci < spec.components.length; ci++) {
        const cs = spec.components[ci];
        const cref = crefs[ci];
        const v = parts[ci] ?? '';
        if (v === '') {
          if (cs.usage === 'M')
            segmentIssue(seg, ctx, 'ELEMENT_MISSING', `Required ${cs.name} (${cref}) is missing.`, cref);
          continue;
        }
        checkValue(seg, cref, cs, v, ctx);
      }
      if (parts.length > spec.components.length)
        segmentIssue(
          seg,
          ctx,
          'TOO_MANY_COMPONENTS',
          `${spec.name} (${ref}) has ${parts.length} components; at most ${spec.components.length}.`,
          ref,
        );
      continue;
    }
    if (value.includes(comp) && spec.type !== 'AN') {
      segmentIssue(
        seg,
        ctx,
        'UNEXPECTED_COMPOSITE',
        `${spec.name} (${ref}) "${value}" contains the component separator "${comp}" but is a simple element.`,
        ref,
      );
      continue;
    }
    checkValue(seg, ref, spec, value, ctx);
  }
}
