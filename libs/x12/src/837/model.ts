import type {
  Address,
  Adjustment,
  Amount,
  Contact,
  Note,
  Party,
  QualifiedDate,
  RawSegment,
  Reference,
} from '../common/model';

export type ClaimKind = 'professional' | 'institutional';

/** 005010X222A1 (837P) and 005010X223A2 (837I). */
export const IMPLEMENTATION_837: Record<ClaimKind, string> = {
  professional: '005010X222A1',
  institutional: '005010X223A2',
};

/** A claim file: what `revcycle 837 parse` prints (beside its summary) and `revcycle 837 generate` accepts. */
export interface ClaimFile {
  /** ISA/GS parties; optional for generation (defaults are test ids). */
  interchange?: {
    senderQualifier?: string;
    senderId: string;
    receiverQualifier?: string;
    receiverId: string;
    applicationSenderCode?: string;
    applicationReceiverCode?: string;
    usage?: 'P' | 'T';
  };
  transactions: ClaimTransaction[];
}

/** One 837 transaction set (ST…SE). */
export interface ClaimTransaction {
  kind: ClaimKind;
  /** ST02 as read (the writer assigns its own). */
  controlNumber?: string;
  /** BHT: purpose 00 original / 18 reissue, originator's reference, creation date and time, CH claim / RP encounter. */
  header: {
    purpose: string;
    referenceId: string;
    createdDate: string;
    createdTime: string;
    claimOrEncounter: string;
  };
  /** 1000A submitter (NM1*41) with its PER contact. */
  submitter: Party;
  /** 1000B receiver (NM1*40). */
  receiver: Party;
  claims: Claim[];
}

/** 2000A/2010AA–AC: the billing provider, with pay-to address and pay-to plan. */
export interface BillingProvider {
  provider: Party;
  payToAddress?: Address;
  payToPlan?: Party;
  /** CUR currency (2000A), rarely used. */
  currency?: string;
}

/** 2000B/2010BA/2010BB: the subscriber, their coverage and the payer. */
export interface Subscriber {
  /** SBR01: P primary, S secondary, T tertiary … */
  payerResponsibility: string;
  /** SBR02: 18 when the subscriber is the patient. */
  relationship?: string;
  groupNumber?: string;
  groupName?: string;
  /** SBR05 insurance type (Medicare secondary). */
  insuranceType?: string;
  /** SBR09 claim filing indicator: MB Medicare B, MC Medicaid, CI commercial, BL Blue Cross … */
  claimFilingIndicator?: string;
  person: Party;
  payer: Party;
  extraSegments?: RawSegment[];
}

/** 2000C/2010CA: the patient when not the subscriber. */
export interface Patient {
  /** PAT01 relationship to subscriber: 01 spouse, 19 child, 20 employee, 21 unknown, G8 other. */
  relationship: string;
  person: Party;
  extraSegments?: RawSegment[];
}

/** HI composite: diagnosis, procedure, condition, occurrence or value code. */
export interface HealthCode {
  /**
   * Code list qualifier: ABK/BK principal diagnosis, ABF/BF other, ABJ/BJ admitting, APR/PR reason for
   * visit, ABN external cause, BBR/BR/CAH principal procedure, BBQ/BQ other procedure, BI occurrence
   * span, BH occurrence, BE value, BG condition, DR DRG, TC treatment.
   */
  qualifier: string;
  /** Diagnosis codes without the dot. */
  code: string;
  date?: string;
  endDate?: string;
  amountCents?: number;
  quantity?: number;
  /** HI0x-9 present-on-admission indicator (837I): Y, N, U, W, 1. */
  presentOnAdmission?: string;
}

/** A provider named on the claim (2310A–F) or line (2420A–H), or for another payer (2330C–G). */
export interface ClaimParty extends Party {
  /** NM101: 82 rendering, 77 service facility, DN referring, DQ supervising, 71 attending, 72 operating, ZZ other operating, PW pickup, 45 drop-off, DK ordering, P3 primary care, QB purchased service. */
  entityCode: string;
}

/** 2320/2330A–G: another payer's coverage and what it paid (coordination of benefits). */
export interface OtherSubscriber {
  payerResponsibility: string;
  relationship: string;
  groupNumber?: string;
  groupName?: string;
  insuranceType?: string;
  claimFilingIndicator?: string;
  /** 2320 CAS: claim-level adjustments by the other payer. */
  adjustments?: Adjustment[];
  /** 2320 AMT*D: what the other payer paid on the claim. */
  payerPaidCents?: number;
  /** Other 2320 AMT (A8 non-covered, EAF remaining patient liability). */
  amounts?: Amount[];
  /** OI03 benefits assignment (Y/N/W), OI04 patient signature source, OI06 release of information (I/Y). */
  benefitsAssigned?: string;
  patientSignatureSource?: string;
  releaseOfInformation?: string;
  subscriber: Party;
  payer: Party;
  /** 2330B DTP*573: date the other payer adjudicated the claim. */
  adjudicationDate?: string;
  otherPayerProviders?: ClaimParty[];
  extraSegments?: RawSegment[];
}

/** Procedure composite (SV101 / SV202 / SVD03): qualifier HC (CPT/HCPCS), ER, WK, IV, N4 … */
export interface Procedure {
  qualifier: string;
  code: string;
  /** Up to four modifiers. */
  modifiers?: string[];
  description?: string;
}

/** 2430: a line as adjudicated by another payer. */
export interface LineAdjudication {
  /** SVD01: the other payer's identifier (matches 2330B NM109). */
  payerId: string;
  paidCents: number;
  procedure?: Procedure;
  revenueCode?: string;
  paidUnits?: number;
  bundledLineNumber?: string;
  adjustments?: Adjustment[];
  adjudicationDate?: string;
  /** AMT*EAF remaining patient liability. */
  remainingPatientLiabilityCents?: number;
}

/** 2410: drug identification. */
export interface Drug {
  /** LIN03 with LIN02 qualifier (N4 = NDC 5-4-2). */
  qualifier: string;
  code: string;
  quantity: number;
  /** CTP05-1: F2 international unit, GR gram, ME milligram, ML milliliter, UN unit. */
  unit: string;
  /** REF*XZ prescription number or REF*VY link sequence number. */
  reference?: Reference;
}

/** 2400 service line. */
export interface ServiceLine {
  /** 837I SV201 revenue code. */
  revenueCode?: string;
  procedure?: Procedure;
  chargeCents: number;
  /** SV103/SV204: UN unit, MJ minutes (anesthesia), DA days. */
  unit: string;
  quantity: number;
  /** SV105 place of service when different from the claim's. */
  placeOfService?: string;
  /** SV107: 1-based pointers into the claim's diagnoses (up to 4). */
  diagnosisPointers?: number[];
  /** SV109 emergency indicator Y. */
  emergency?: string;
  /** SV111 EPSDT Y, SV112 family planning Y. */
  epsdt?: string;
  familyPlanning?: string;
  /** SV207 non-covered charge (837I). */
  nonCoveredCents?: number;
  dates?: QualifiedDate[];
  /** REF*6R: line item control number, echoed back in 835 SVC REF*6R. */
  lineItemControlNumber?: string;
  references?: Reference[];
  amounts?: Amount[];
  notes?: Note[];
  drug?: Drug;
  providers?: ClaimParty[];
  adjudications?: LineAdjudication[];
  extraSegments?: RawSegment[];
}

/** 2300 claim with its hierarchy snapshot (billing provider, subscriber, patient). */
export interface Claim {
  billingProvider: BillingProvider;
  subscriber: Subscriber;
  patient?: Patient;
  /** CLM01: patient control number (our claim id). */
  claimId: string;
  totalChargeCents: number;
  /** CLM05-1: place of service (837P) or facility type code (837I). */
  facilityCode: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequencyCode: string;
  /** CLM06 provider signature on file (837P): Y/N. */
  providerSignature?: string;
  /** CLM07 assignment/plan participation: A, B, C. */
  assignment?: string;
  /** CLM08 benefits assignment certification: Y, N, W. */
  benefitsAssigned?: string;
  /** CLM09 release of information: I, Y. */
  releaseOfInformation?: string;
  /** CLM10 patient signature source (837P): P. */
  patientSignatureSource?: string;
  /** CLM11 related causes: AA auto accident, EM employment, OA other accident (+ state, country). */
  relatedCauses?: string[];
  /** CLM12 special program, CLM20 delay reason. */
  specialProgram?: string;
  delayReason?: string;
  dates?: QualifiedDate[];
  /** 837I CL1: admission type, admission source, patient status. */
  institutional?: { admissionType?: string; admissionSource?: string; patientStatus?: string };
  /** PWK: report type (PWK01), transmission code (PWK02), attachment control number (PWK06). */
  attachments?: { reportType: string; transmission: string; controlNumber?: string }[];
  /** CN1 contract information: type (CN101), amount, percent, code, terms discount percent, version. */
  contract?: {
    typeCode: string;
    amountCents?: number;
    percent?: string;
    code?: string;
    discountPercent?: string;
    version?: string;
  };
  amounts?: Amount[];
  /** REF*F8: the payer's claim control number, required when frequency is 7 or 8. */
  payerClaimControlNumber?: string;
  /** REF*G1 prior authorization, REF*9F referral number, REF*EA medical record number. */
  priorAuthorization?: string;
  referralNumber?: string;
  medicalRecordNumber?: string;
  references?: Reference[];
  notes?: Note[];
  healthCodes: HealthCode[];
  providers?: ClaimParty[];
  otherSubscribers?: OtherSubscriber[];
  serviceLines: ServiceLine[];
  extraSegments?: RawSegment[];
}

export interface ClaimFileSummary {
  transactions: number;
  claims: number;
  serviceLines: number;
  totalChargeCents: number;
}

export function summarizeClaimFile(file: ClaimFile): ClaimFileSummary {
  let claims = 0;
  let serviceLines = 0;
  let totalChargeCents = 0;
  for (const t of file.transactions) {
    for (const c of t.claims) {
      claims++;
      serviceLines += c.serviceLines.length;
      totalChargeCents += c.totalChargeCents;
    }
  }
  return { transactions: file.transactions.length, claims, serviceLines, totalChargeCents };
}

export type { Address, Adjustment, Amount, Contact, Note, Party, QualifiedDate, RawSegment, Reference };
