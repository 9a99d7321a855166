import type { ProviderSnapshot } from '@revcycle/contracts';
import { npiWithCheckDigit } from '@revcycle/x12';
import type { ClaimToSubmit, ServiceLineToSubmit } from './claim-837-mapping';
import type { ClaimFileWriterOptions } from './claim-file-writer';

/** Synthetic stored claims for the claim-file specs: no real people, NPIs with valid check digits. */

export const PRACTICE: ProviderSnapshot = {
  id: 'prov-practice',
  npi: npiWithCheckDigit('123456789'),
  name: 'RIVERSIDE FAMILY MEDICINE',
  taxonomy: '207Q00000X',
  taxId: '371234567',
  address: { line1: '100 MAIN STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '627011234' },
};

export const HOSPITAL: ProviderSnapshot = {
  id: 'prov-hospital',
  npi: npiWithCheckDigit('198765432'),
  name: 'SPRINGFIELD GENERAL HOSPITAL',
  taxonomy: '282N00000X',
  taxId: '376543210',
  address: { line1: '500 HOSPITAL DRIVE', city: 'SPRINGFIELD', state: 'IL', postalCode: '627029876' },
};

export const DOCTOR: ProviderSnapshot = {
  id: 'prov-carter',
  npi: npiWithCheckDigit('155555555'),
  name: 'CARTER',
  firstName: 'JAMIE',
  taxonomy: '207Q00000X',
};

export const REFERRER: ProviderSnapshot = {
  id: 'prov-orderly',
  npi: npiWithCheckDigit('188888888'),
  name: 'ORDERLY',
  firstName: 'DANA',
};

const SERVICES: [string, number][] = [
  ['99213', 12500],
  ['36415', 1500],
  ['85025', 2800],
  ['80053', 4200],
  ['93000', 6500],
];

/**
 * The n-th synthetic stored claim: one to three lines, every fifth for a dependent child, every seventh with a
 * referring provider.
 */
export function storedClaim(
  n: number,
  claimType: ClaimToSubmit['claimType'] = 'professional',
): ClaimToSubmit {
  const pcn = `PCN${String(n).padStart(7, '0')}`;
  const lines: ServiceLineToSubmit[] = [];
  for (let k = 0; k < 1 + (n % 3); k++) {
    const [code, charge] = SERVICES[(n + k) % SERVICES.length];
    lines.push({
      lineNumber: k + 1,
      procedureCode: code,
      modifiers: k === 0 && n % 4 === 0 ? ['25'] : [],
      units: 1 + (k % 2),
      chargeCents: charge * (1 + (k % 2)),
      diagnosisPointers: k === 0 ? [1] : [1, 2],
      dateOfService: '2026-11-20',
    });
  }
  const child = n % 5 === 4;
  return {
    patientControlNumber: pcn,
    claimType,
    frequencyCode: '1',
    dateOfService: '2026-11-20',
    placeOfService: claimType === 'professional' ? '11' : '22',
    totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    diagnoses: ['J0190', 'R509'],
    parties: {
      patient: {
        id: `pat-${n}`,
        mrn: `MRN${n}`,
        firstName: child ? 'JORDAN' : 'ALEX',
        lastName: `TESTPATIENT${n}`,
        dateOfBirth: child ? '2015-06-01' : '1980-02-14',
        sex: child ? 'M' : 'F',
        address: { line1: `${n} ELM STREET`, city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
      },
      coverage: {
        id: `cov-${n}`,
        payer: { id: 'payer-acme', name: 'ACME HEALTH PLAN', payerId: '87726' },
        memberId: `MBR${String(n).padStart(8, '0')}`,
        groupNumber: 'GRP1000',
        relationship: child ? 'child' : 'self',
        subscriber: {
          firstName: 'ALEX',
          lastName: `TESTPATIENT${n}`,
          dateOfBirth: '1980-02-14',
          sex: 'F',
          address: { line1: `${n} ELM STREET`, city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
        },
      },
      billingProvider: claimType === 'professional' ? PRACTICE : HOSPITAL,
      renderingProvider: DOCTOR,
      referringProvider: n % 7 === 6 ? REFERRER : undefined,
    },
    serviceLines: lines,
  };
}

/** Writer options for a test file; control numbers from counters starting at 1 (the database's sequences in use). */
export function writerOptions(
  kind: ClaimFileWriterOptions['kind'] = 'professional',
  firstTransaction = 1,
): ClaimFileWriterOptions {
  let st = firstTransaction;
  return {
    kind,
    interchange: {
      senderQualifier: 'ZZ',
      senderId: 'REVCYCLE01',
      receiverQualifier: 'ZZ',
      receiverId: '87726',
      applicationSenderCode: 'REVCYCLE01',
      applicationReceiverCode: '87726',
      usage: 'T',
    },
    submitter: {
      name: 'REVCYCLE BILLING OFFICE',
      id: 'REVCYCLE01',
      contactName: 'CLAIMS DESK',
      contactEmail: 'claims@example.org',
    },
    receiver: { name: 'ACME HEALTH PLAN', id: '87726' },
    controlNumbers: { interchange: 42, group: 7, nextTransaction: () => st++ },
    at: new Date('2026-12-02T10:30:00Z'),
  };
}
