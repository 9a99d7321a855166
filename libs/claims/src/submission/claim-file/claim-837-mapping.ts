import type {
  Address as SnapshotAddress,
  CoverageSnapshot,
  PatientSnapshot,
  ProviderSnapshot,
  Relationship,
} from '@revcycle/contracts';
import type {
  Address,
  Claim as Claim837,
  ClaimKind,
  ClaimParty,
  HealthCode,
  Party,
  ServiceLine as ServiceLine837,
} from '@revcycle/x12';
import { knownOtherPayer, lineAdjudication, otherSubscriber } from '../../cob/cob-837';
import type { PriorPayerAdjudication } from '../../cob/prior-payer';

/** A stored service line as the claims service holds it after decryption (`ServiceLine` entity fits). */
export interface ServiceLineToSubmit {
  lineNumber: number;
  procedureCode: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  /** 1-based positions in the claim's diagnoses. */
  diagnosisPointers: number[];
  dateOfService: string;
  /** 837I SV201; derived from the procedure code when absent (see `revenueCodeFor`). */
  revenueCode?: string;
}

/** The parties of a stored claim (`ClaimParties` of the claim entity fits). */
export interface ClaimPartiesToSubmit {
  patient: PatientSnapshot;
  coverage: CoverageSnapshot;
  billingProvider: ProviderSnapshot;
  renderingProvider: ProviderSnapshot;
  referringProvider?: ProviderSnapshot;
  /** The patient's secondary coverage: named in 2320/2330 of the primary's claim. */
  secondaryCoverage?: CoverageSnapshot;
}

/** A stored claim as the claims service holds it after decryption (the `Claim` entity fits). */
export interface ClaimToSubmit {
  patientControlNumber: string;
  claimType: ClaimKind;
  /** 1 original, 7 replacement, 8 void. */
  frequencyCode: string;
  dateOfService: string;
  /** CMS place of service (837P CLM05-1); for 837I it picks the facility type when none is given. */
  placeOfService: string;
  totalChargeCents: number;
  /** ICD-10-CM without dots, principal first. */
  diagnoses: string[];
  parties: ClaimPartiesToSubmit;
  serviceLines: ServiceLineToSubmit[];
  /** 2300 REF*F8: the payer's claim control number of the claim a frequency 7/8 replaces or voids. */
  payerClaimControlNumber?: string | null;
  /** 837I CLM05-1: first two digits of the type of bill; derived from the place of service when absent. */
  facilityTypeCode?: string;
  /** 2000B SBR01 of this claim: S for a secondary claim (COB); P, or the batch's option, otherwise. */
  payerResponsibility?: 'P' | 'S';
  /** A secondary claim: the primary payer's adjudication, written in loops 2320/2330A/2330B and 2430. */
  priorPayer?: PriorPayerAdjudication | null;
}

/** What the stored claim does not say and the 837 needs: one value per batch. */
export interface Claim837Options {
  /** SBR01: P primary (default), S secondary, T tertiary. */
  payerResponsibility?: string;
  /** SBR09: CI commercial (default), MB Medicare Part B, MA Medicare Part A, MC Medicaid, BL Blue Cross … */
  claimFilingIndicator?: string;
}

/** 837 IG 2400 REF*6R REF02: at most 50 characters. */
const LINE_ITEM_CONTROL_NUMBER_MAX = 50;

/**
 * The line item control number of a stored line: `<patientControlNumber>-<lineNumber>`. Deterministic, so the
 * 835 SVC REF*6R the payer echoes back finds the line without a lookup table.
 */
export function lineItemControlNumber(patientControlNumber: string, lineNumber: number): string {
  const value = `${patientControlNumber}-${lineNumber}`;
  if (value.length > LINE_ITEM_CONTROL_NUMBER_MAX)
    throw new RangeError(
      `line item control number for claim ${patientControlNumber} line ${lineNumber} exceeds ${LINE_ITEM_CONTROL_NUMBER_MAX} characters`,
    );
  return value;
}

/** 837P 2000C PAT01 / 837I: individual relationship codes (X12 1069). */
const PATIENT_RELATIONSHIP: Record<Exclude<Relationship, 'self'>, string> = {
  spouse: '01',
  child: '19',
  other: 'G8',
};

/** SBR02 18: the subscriber is the patient (837 IG 2000B). */
const SELF = '18';

function address(a: SnapshotAddress | undefined): Address | undefined {
  if (!a) return undefined;
  return { line1: a.line1, line2: a.line2, city: a.city, state: a.state, postalCode: a.postalCode };
}

/** A provider snapshot as an NM1 party: a first name makes it a person (NM102 1), else an organization. */
function providerParty(p: ProviderSnapshot): Party {
  return {
    entityType: p.firstName ? 'person' : 'organization',
    name: p.name,
    firstName: p.firstName,
    idQualifier: 'XX',
    id: p.npi,
  };
}

/** A 2310 provider; `role` is its PRV01 when the loop has a PRV (837I 2310F referring has none). */
function namedProvider(entityCode: string, role: string | undefined, p: ProviderSnapshot): ClaimParty {
  const party: ClaimParty = { entityCode, ...providerParty(p) };
  if (role && p.taxonomy) party.specialty = { role, taxonomy: p.taxonomy };
  return party;
}

/**
 * UB-04 facility type (837I CLM05-1) from the place of service when the claim has none: 11 hospital inpatient
 * for POS 21/51/61, 21 skilled nursing for 31, 13 hospital outpatient otherwise (on- and off-campus outpatient,
 * emergency room and clinic visits are billed as 013x by hospitals).
 */
export function facilityTypeFor(placeOfService: string): string {
  if (placeOfService === '21' || placeOfService === '51' || placeOfService === '61') return '11';
  if (placeOfService === '31') return '21';
  return '13';
}

/**
 * NUBC revenue code for an 837I line that has none stored, by CPT/HCPCS range: 0450 emergency room (99281–99285),
 * 0510 clinic (other E/M), 0300 laboratory (80000–89999, 36415), 0320 diagnostic radiology (70000–79999),
 * 0730 EKG (93000–93010), 0636 drugs requiring detailed coding (J codes), 0360 operating room (10000–69999),
 * 0940 other therapeutic services (other medicine codes), 0999 otherwise.
 */
export function revenueCodeFor(procedureCode: string): string {
  if (/^J\d{4}$/.test(procedureCode)) return '0636';
  if (!/^\d{5}$/.test(procedureCode)) return '0999';
  const n = Number(procedureCode);
  if (n >= 99281 && n <= 99285) return '0450';
  if (n >= 99202 && n <= 99499) return '0510';
  if (n === 36415 || (n >= 80000 && n <= 89999)) return '0300';
  if (n >= 70000 && n <= 79999) return '0320';
  if (n >= 93000 && n <= 93010) return '0730';
  if (n >= 10000 && n <= 69999) return '0360';
  if (n >= 90000 && n <= 99199) return '0940';
  return '0999';
}

function healthCodes(diagnoses: string[]): HealthCode[] {
  // 837 IG 2300 HI: the principal diagnosis (ABK) first, then the others (ABF).
  return diagnoses.map((code, i) => ({ qualifier: i === 0 ? 'ABK' : 'ABF', code }));
}

function byLineNumber(lines: ServiceLineToSubmit[]): ServiceLineToSubmit[] {
  for (let i = 1; i < lines.length; i++)
    if (lines[i - 1].lineNumber > lines[i].lineNumber)
      return [...lines].sort((a, b) => a.lineNumber - b.lineNumber);
  return lines;
}

function serviceLine(kind: ClaimKind, pcn: string, l: ServiceLineToSubmit): ServiceLine837 {
  const line: ServiceLine837 = {
    procedure: {
      qualifier: 'HC',
      code: l.procedureCode,
      modifiers: l.modifiers.length ? l.modifiers : undefined,
    },
    chargeCents: l.chargeCents,
    unit: 'UN',
    quantity: l.units,
    dates: [{ qualifier: '472', date: l.dateOfService }],
    lineItemControlNumber: lineItemControlNumber(pcn, l.lineNumber),
  };
  if (kind === 'professional') line.diagnosisPointers = l.diagnosisPointers;
  else line.revenueCode = l.revenueCode ?? revenueCodeFor(l.procedureCode);
  return line;
}

/**
 * One stored claim in the x12 model: 2000A/2010AA billing provider, 2000B/2010BA/2010BB subscriber and payer,
 * 2000C/2010CA patient when not the subscriber, 2300 claim, 2310 providers and 2400 lines with REF*6R.
 */
export function toClaim837(claim: ClaimToSubmit, options: Claim837Options = {}): Claim837 {
  const kind = claim.claimType;
  const { patient, coverage, billingProvider, renderingProvider, referringProvider } = claim.parties;
  const self = coverage.relationship === 'self';
  const pcn = claim.patientControlNumber;

  const billing = providerParty(billingProvider);
  billing.address = address(billingProvider.address);
  // 837 IG 2010AA REF*EI: the billing provider's employer identification number (tax id).
  if (billingProvider.taxId) billing.references = [{ qualifier: 'EI', value: billingProvider.taxId }];
  if (billingProvider.taxonomy) billing.specialty = { role: 'BI', taxonomy: billingProvider.taxonomy };

  const s = coverage.subscriber;
  const subscriberPerson: Party = {
    entityType: 'person',
    name: s.lastName,
    firstName: s.firstName,
    idQualifier: 'MI',
    id: coverage.memberId,
    address: address(s.address ?? (self ? patient.address : undefined)),
    birthDate: s.dateOfBirth,
    gender: s.sex,
  };

  const providers: ClaimParty[] = [];
  if (kind === 'professional') {
    if (referringProvider) providers.push(namedProvider('DN', 'RF', referringProvider)); // 2310A
    // 837P IG 2310B: required when the rendering provider's NPI differs from the billing provider's (2010AA).
    if (renderingProvider.npi !== billingProvider.npi)
      providers.push(namedProvider('82', 'PE', renderingProvider));
  } else {
    // 837I IG 2310A attending provider, required on all but non-scheduled transportation claims: the rendering
    // provider of the encounter is the one who attended.
    providers.push(namedProvider('71', 'AT', renderingProvider));
    if (referringProvider) providers.push(namedProvider('DN', undefined, referringProvider)); // 2310F
  }

  const lines = byLineNumber(claim.serviceLines);
  const out: Claim837 = {
    billingProvider: { provider: billing },
    subscriber: {
      payerResponsibility: claim.payerResponsibility === 'S' ? 'S' : (options.payerResponsibility ?? 'P'),
      relationship: self ? SELF : undefined,
      groupNumber: coverage.groupNumber,
      claimFilingIndicator: options.claimFilingIndicator ?? 'CI',
      person: subscriberPerson,
      payer: {
        entityType: 'organization',
        name: coverage.payer.name,
        idQualifier: 'PI',
        id: coverage.payer.payerId,
      },
    },
    claimId: pcn,
    totalChargeCents: claim.totalChargeCents,
    facilityCode:
      kind === 'professional'
        ? claim.placeOfService
        : (claim.facilityTypeCode ?? facilityTypeFor(claim.placeOfService)),
    frequencyCode: claim.frequencyCode,
    // CLM06 provider signature on file (837P only), CLM07 assigned, CLM08 benefits assigned, CLM09 release signed.
    providerSignature: kind === 'professional' ? 'Y' : undefined,
    assignment: 'A',
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    // 837 IG 2300 REF*F8: required when CLM05-3 is 7 or 8; "if not required by this implementation guide,
    // do not send" — an original keeps the payer's number (277CA REF*1K) to itself.
    payerClaimControlNumber:
      claim.frequencyCode === '7' || claim.frequencyCode === '8'
        ? (claim.payerClaimControlNumber ?? undefined)
        : undefined,
    healthCodes: healthCodes(claim.diagnoses),
    providers,
    serviceLines: lines.map((l) => serviceLine(kind, pcn, l)),
  };
  const prior = claim.priorPayer;
  if (prior) {
    out.otherSubscribers = [otherSubscriber(prior, options.claimFilingIndicator, patient.address)];
    // out.serviceLines[i] is lines[i] written: the 2430 of our line number goes under its 2400.
    out.serviceLines.forEach((line, i) => {
      const adjudication = lineAdjudication(prior, lines[i]?.lineNumber ?? i + 1, line);
      if (adjudication) line.adjudications = [adjudication];
    });
  } else if (claim.parties.secondaryCoverage)
    out.otherSubscribers = [
      knownOtherPayer(claim.parties.secondaryCoverage, options.claimFilingIndicator, patient.address),
    ];
  if (!self)
    out.patient = {
      relationship: PATIENT_RELATIONSHIP[coverage.relationship as Exclude<Relationship, 'self'>],
      person: {
        entityType: 'person',
        name: patient.lastName,
        firstName: patient.firstName,
        address: address(patient.address),
        birthDate: patient.dateOfBirth,
        gender: patient.sex,
      },
    };
  if (kind === 'institutional') {
    // 837I IG 2300 DTP*434 statement covers period (required): first to last date of service on the lines.
    let from = claim.dateOfService;
    let to = claim.dateOfService;
    for (const l of lines) {
      if (l.dateOfService < from) from = l.dateOfService;
      if (l.dateOfService > to) to = l.dateOfService;
    }
    out.dates = [{ qualifier: '434', date: from, endDate: to }];
    // 837I IG 2300 CL1: CL103 patient status 01 (discharged to home or self care); admission type 3 (elective)
    // and source 1 (non-health-care point of origin) only on inpatient bills, where they are required.
    const inpatient = out.facilityCode === '11' || out.facilityCode === '21';
    // 837I IG 2300 DTP*435 admission date, required on inpatient claims: the first date of service.
    if (inpatient) out.dates.push({ qualifier: '435', date: from });
    out.institutional = inpatient
      ? { admissionType: '3', admissionSource: '1', patientStatus: '01' }
      : { patientStatus: '01' };
  }
  return out;
}
