/**
 * Synthetic claims for tests, golden files, the benchmark and demos. No real people: names, ids and
 * NPIs are invented (NPIs carry a valid check digit so payer front ends accept them).
 */
import type { BillingProvider, Claim, ClaimFile, ClaimTransaction, ServiceLine, Subscriber } from './model';

/** Appends the NPI Luhn check digit (prefix 80840) to 9 digits. */
export function npiWithCheckDigit(nine: string): string {
  const digits = `80840${nine}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

export const SAMPLE_BILLING_PROVIDER: BillingProvider = {
  provider: {
    entityType: 'organization',
    name: 'RIVERSIDE FAMILY MEDICINE',
    idQualifier: 'XX',
    id: npiWithCheckDigit('123456789'),
    address: { line1: '100 MAIN STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' },
    references: [{ qualifier: 'EI', value: '371234567' }],
    specialty: { role: 'BI', taxonomy: '207Q00000X' },
  },
};

export const SAMPLE_HOSPITAL: BillingProvider = {
  provider: {
    entityType: 'organization',
    name: 'SPRINGFIELD GENERAL HOSPITAL',
    idQualifier: 'XX',
    id: npiWithCheckDigit('198765432'),
    address: { line1: '500 HOSPITAL DRIVE', city: 'SPRINGFIELD', state: 'IL', postalCode: '627029876' },
    references: [{ qualifier: 'EI', value: '376543210' }],
    specialty: { role: 'BI', taxonomy: '282N00000X' },
  },
};

export function sampleSubscriber(n = 1, payerResponsibility = 'P'): Subscriber {
  return {
    payerResponsibility,
    relationship: '18',
    groupNumber: 'GRP1000',
    claimFilingIndicator: 'CI',
    person: {
      entityType: 'person',
      name: `TESTPATIENT${n}`,
      firstName: 'ALEX',
      idQualifier: 'MI',
      id: `MBR${String(n).padStart(8, '0')}`,
      address: { line1: `${n} ELM STREET`, city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
      birthDate: '1980-02-14',
      gender: 'F',
    },
    payer: { entityType: 'organization', name: 'ACME HEALTH PLAN', idQualifier: 'PI', id: '87726' },
  };
}

export function professionalLine(
  code: string,
  chargeCents: number,
  date: string,
  pointers = [1],
  modifiers?: string[],
): ServiceLine {
  const line: ServiceLine = {
    procedure: { qualifier: 'HC', code, ...(modifiers ? { modifiers } : {}) },
    chargeCents,
    unit: 'UN',
    quantity: 1,
    diagnosisPointers: pointers,
    dates: [{ qualifier: '472', date }],
  };
  return line;
}

function professionalClaim(claimId: string, lines: ServiceLine[], n = 1): Claim {
  return {
    billingProvider: SAMPLE_BILLING_PROVIDER,
    subscriber: sampleSubscriber(n),
    claimId,
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    facilityCode: '11',
    frequencyCode: '1',
    providerSignature: 'Y',
    assignment: 'A',
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    healthCodes: [
      { qualifier: 'ABK', code: 'J0190' },
      { qualifier: 'ABF', code: 'R509' },
    ],
    providers: [
      {
        entityCode: '82',
        entityType: 'person',
        name: 'CARTER',
        firstName: 'JAMIE',
        idQualifier: 'XX',
        id: npiWithCheckDigit('155555555'),
        specialty: { role: 'PE', taxonomy: '207Q00000X' },
      },
    ],
    serviceLines: lines,
  };
}

function transaction(
  kind: ClaimTransaction['kind'],
  claims: Claim[],
  referenceId = '0001',
): ClaimTransaction {
  return {
    kind,
    header: {
      purpose: '00',
      referenceId,
      createdDate: '2024-03-01',
      createdTime: '1200',
      claimOrEncounter: 'CH',
    },
    submitter: {
      entityType: 'organization',
      name: 'REVCYCLE DEMO SUBMITTER',
      idQualifier: '46',
      id: 'REVCYCLE01',
      contacts: [
        { function: 'IC', name: 'BILLING OFFICE', numbers: [{ qualifier: 'TE', value: '2175550100' }] },
      ],
    },
    receiver: { entityType: 'organization', name: 'ACME HEALTH PLAN', idQualifier: '46', id: '87726' },
    claims,
  };
}

const INTERCHANGE = {
  senderQualifier: 'ZZ',
  senderId: 'REVCYCLE01',
  receiverQualifier: 'ZZ',
  receiverId: '87726',
  usage: 'T' as const,
};

/** Office visit, one line. */
export function singleLineClaimFile(): ClaimFile {
  return {
    interchange: INTERCHANGE,
    transactions: [
      transaction('professional', [
        professionalClaim('PCN0001', [professionalLine('99213', 12500, '2024-02-20')]),
      ]),
    ],
  };
}

/** One claim with many lines (labs and procedures on one visit). */
export function manyLinesClaimFile(lines = 12): ClaimFile {
  const codes = [
    '99214',
    '36415',
    '80053',
    '85025',
    '81002',
    '87880',
    '93000',
    '71046',
    '90471',
    '90686',
    '96372',
    'J1885',
    '82947',
    '83036',
    '84443',
  ];
  const list: ServiceLine[] = [];
  for (let i = 0; i < lines; i++)
    list.push(
      professionalLine(codes[i % codes.length], 1500 + i * 250, '2024-02-20', i % 2 === 0 ? [1] : [1, 2]),
    );
  list[0].procedure = { qualifier: 'HC', code: '99214', modifiers: ['25'] };
  list[0].lineItemControlNumber = 'LINE0001';
  // 2410: the injected drug (J1885 ketorolac) with its NDC; 2420E: the ordering provider of the lab.
  if (list[11]) list[11].drug = { qualifier: 'N4', code: '00409379601', quantity: 1, unit: 'ML' };
  if (list[2])
    list[2].providers = [
      {
        entityCode: 'DK',
        entityType: 'person',
        name: 'ORDERLY',
        firstName: 'DANA',
        idQualifier: 'XX',
        id: npiWithCheckDigit('188888888'),
      },
    ];
  return {
    interchange: INTERCHANGE,
    transactions: [transaction('professional', [professionalClaim('PCN0002', list)])],
  };
}

/** Secondary claim: the primary payer's payment and adjustments (2320/2330, 2430 line adjudication). */
export function secondaryWithCobClaimFile(): ClaimFile {
  const line = professionalLine('99213', 12500, '2024-02-20');
  line.adjudications = [
    {
      payerId: '87726',
      paidCents: 8000,
      procedure: { qualifier: 'HC', code: '99213' },
      paidUnits: 1,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 2500 },
        { group: 'PR', reason: '2', amountCents: 2000 },
      ],
      adjudicationDate: '2024-03-10',
    },
  ];
  const claim = professionalClaim('PCN0003', [line]);
  claim.subscriber = {
    ...sampleSubscriber(1, 'S'),
    payer: { entityType: 'organization', name: 'SECOND CHANCE INSURANCE', idQualifier: 'PI', id: '99999' },
  };
  claim.otherSubscribers = [
    {
      payerResponsibility: 'P',
      relationship: '18',
      groupNumber: 'GRP1000',
      claimFilingIndicator: 'CI',
      payerPaidCents: 8000,
      amounts: [{ qualifier: 'EAF', cents: 2000 }],
      benefitsAssigned: 'Y',
      releaseOfInformation: 'Y',
      subscriber: {
        entityType: 'person',
        name: 'TESTPATIENT1',
        firstName: 'ALEX',
        idQualifier: 'MI',
        id: 'MBR00000001',
      },
      payer: { entityType: 'organization', name: 'ACME HEALTH PLAN', idQualifier: 'PI', id: '87726' },
      adjudicationDate: '2024-03-10',
    },
  ];
  return { interchange: INTERCHANGE, transactions: [transaction('professional', [claim])] };
}

/** Replacement of a paid claim (frequency 7) citing the payer's claim control number. */
export function correctionClaimFile(): ClaimFile {
  const claim = professionalClaim('PCN0001', [professionalLine('99214', 17500, '2024-02-20')]);
  claim.frequencyCode = '7';
  claim.payerClaimControlNumber = 'ACME2024030100042';
  claim.priorAuthorization = 'AUTH77881';
  claim.notes = [{ code: 'ADD', text: 'CORRECTED LEVEL OF SERVICE' }];
  return { interchange: INTERCHANGE, transactions: [transaction('professional', [claim])] };
}

/** Inpatient hospital stay (type of bill 111) with admitting/principal/other diagnoses, POA, procedures, codes. */
export function institutionalInpatientClaimFile(): ClaimFile {
  const lines: ServiceLine[] = [
    { revenueCode: '0120', chargeCents: 450000, unit: 'DA', quantity: 3 },
    { revenueCode: '0250', chargeCents: 32050, unit: 'UN', quantity: 14 },
    {
      revenueCode: '0300',
      procedure: { qualifier: 'HC', code: '80053' },
      chargeCents: 18000,
      unit: 'UN',
      quantity: 1,
    },
  ];
  const claim: Claim = {
    billingProvider: SAMPLE_HOSPITAL,
    subscriber: sampleSubscriber(7),
    claimId: 'HOSP0001',
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    facilityCode: '11',
    frequencyCode: '1',
    assignment: 'A',
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    dates: [
      { qualifier: '096', format: 'TM', value: '1100' },
      { qualifier: '434', date: '2024-02-10', endDate: '2024-02-13' },
      { qualifier: '435', format: 'DT', value: '202402100830' },
    ],
    institutional: { admissionType: '1', admissionSource: '7', patientStatus: '01' },
    medicalRecordNumber: 'MRN000777',
    healthCodes: [
      { qualifier: 'ABK', code: 'J189', presentOnAdmission: 'Y' },
      { qualifier: 'ABJ', code: 'R0602' },
      { qualifier: 'ABF', code: 'E119', presentOnAdmission: 'Y' },
      { qualifier: 'ABF', code: 'I10', presentOnAdmission: 'Y' },
      { qualifier: 'BBR', code: '5A1955Z', date: '2024-02-10' },
      { qualifier: 'BH', code: '11', date: '2024-02-09' },
      { qualifier: 'BE', code: '80', amountCents: 300 },
      { qualifier: 'BG', code: '17' },
    ],
    providers: [
      {
        entityCode: '71',
        entityType: 'person',
        name: 'NGUYEN',
        firstName: 'PAT',
        idQualifier: 'XX',
        id: npiWithCheckDigit('166666666'),
      },
    ],
    serviceLines: lines,
  };
  return { interchange: INTERCHANGE, transactions: [transaction('institutional', [claim])] };
}

/** Hospital outpatient visit (type of bill 131) with reason-for-visit diagnosis and HCPCS lines. */
export function institutionalOutpatientClaimFile(): ClaimFile {
  const lines: ServiceLine[] = [
    {
      revenueCode: '0450',
      procedure: { qualifier: 'HC', code: '99284', modifiers: ['25'] },
      chargeCents: 98000,
      unit: 'UN',
      quantity: 1,
      dates: [{ qualifier: '472', date: '2024-02-21' }],
    },
    {
      revenueCode: '0320',
      procedure: { qualifier: 'HC', code: '71046' },
      chargeCents: 21000,
      unit: 'UN',
      quantity: 1,
      dates: [{ qualifier: '472', date: '2024-02-21' }],
    },
  ];
  const claim: Claim = {
    billingProvider: SAMPLE_HOSPITAL,
    subscriber: sampleSubscriber(8),
    claimId: 'HOSP0002',
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    facilityCode: '13',
    frequencyCode: '1',
    assignment: 'A',
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    dates: [{ qualifier: '434', date: '2024-02-21', endDate: '2024-02-21' }],
    institutional: { admissionType: '1', admissionSource: '1', patientStatus: '01' },
    healthCodes: [
      { qualifier: 'ABK', code: 'R0789' },
      { qualifier: 'APR', code: 'R079' },
      { qualifier: 'ABF', code: 'J45909' },
    ],
    providers: [
      {
        entityCode: '71',
        entityType: 'person',
        name: 'OKAFOR',
        firstName: 'SAM',
        idQualifier: 'XX',
        id: npiWithCheckDigit('177777777'),
      },
    ],
    serviceLines: lines,
  };
  return { interchange: INTERCHANGE, transactions: [transaction('institutional', [claim])] };
}

/** n professional claims for volume tests and the benchmark (one subscriber per claim). */
export function manyClaimsFile(n: number): ClaimFile {
  const claims: Claim[] = [];
  for (let i = 0; i < n; i++) {
    claims.push(
      professionalClaim(
        `PCN${String(i).padStart(7, '0')}`,
        [professionalLine('99213', 12500, '2024-02-20'), professionalLine('36415', 1500, '2024-02-20')],
        i + 1,
      ),
    );
  }
  return { interchange: INTERCHANGE, transactions: [transaction('professional', claims)] };
}
