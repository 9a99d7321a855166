import type { BillingProvider, Claim, ClaimFile, ServiceLine } from '@revcycle/x12';
import {
  institutionalOutpatientClaimFile,
  manyClaimsFile,
  npiWithCheckDigit,
  professionalLine,
  SAMPLE_BILLING_PROVIDER,
  sampleSubscriber,
} from '@revcycle/x12';

/** A second practice, so a file pays more than one payee (one 835 each). */
const SECOND_PRACTICE: BillingProvider = {
  provider: {
    ...SAMPLE_BILLING_PROVIDER.provider,
    name: 'LAKESIDE PEDIATRICS',
    id: npiWithCheckDigit('133344455'),
    address: { line1: '20 LAKE ROAD', city: 'SPRINGFIELD', state: 'IL', postalCode: '627035555' },
    references: [{ qualifier: 'EI', value: '371112223' }],
  },
};

/** Office visits, labs and procedures with typical charges (cents). */
const SERVICES: [string, number][] = [
  ['99213', 12500],
  ['99214', 17500],
  ['99203', 15000],
  ['36415', 1500],
  ['85025', 2800],
  ['80053', 4200],
  ['93000', 6500],
  ['90471', 3000],
  ['87880', 3500],
];

/**
 * `n` synthetic claims in one 837 file (no real people): professional claims from two practices with one
 * to four lines, every seventh for a dependent child, and every tenth an 837I hospital outpatient visit.
 */
export function syntheticClaimFile(n: number, serviceDate = '2024-02-20'): ClaimFile {
  const professional = manyClaimsFile(1).transactions[0];
  const institutional = institutionalOutpatientClaimFile().transactions[0];
  const template = institutional.claims[0];
  const profClaims: Claim[] = [];
  const instClaims: Claim[] = [];
  for (let i = 0; i < n; i++) {
    const id = `SYN${String(i + 1).padStart(6, '0')}`;
    if (i % 10 === 9) {
      instClaims.push({ ...template, claimId: id, subscriber: sampleSubscriber(i + 1) });
      continue;
    }
    const lines: ServiceLine[] = [];
    for (let k = 0; k < 1 + (i % 4); k++) {
      const [code, charge] = SERVICES[(i + k * 3) % SERVICES.length];
      lines.push(professionalLine(code, charge + (i % 5) * 500, serviceDate, k === 0 ? [1] : [1, 2]));
    }
    const claim: Claim = {
      ...professional.claims[0],
      claimId: id,
      billingProvider: i % 3 === 2 ? SECOND_PRACTICE : SAMPLE_BILLING_PROVIDER,
      subscriber: sampleSubscriber(i + 1),
      totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
      serviceLines: lines,
    };
    if (i % 7 === 6) {
      const parent = claim.subscriber.person;
      claim.subscriber = { ...claim.subscriber, relationship: undefined };
      claim.patient = {
        relationship: '19',
        person: {
          entityType: 'person',
          name: parent.name,
          firstName: 'JORDAN',
          address: parent.address,
          birthDate: '2015-06-01',
          gender: 'M',
        },
      };
    }
    profClaims.push(claim);
  }
  return {
    interchange: manyClaimsFile(0).interchange,
    transactions: [
      { ...professional, claims: profClaims },
      ...(instClaims.length ? [{ ...institutional, claims: instClaims }] : []),
    ],
  };
}
