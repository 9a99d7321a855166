import type { Adjustment, Amount, Party, QualifiedDate, RawSegment, Reference } from '../common/model';
import type { Procedure } from '../837/model';

export const IMPLEMENTATION_835 = '005010X221A1';

/** BPR: the payment itself. */
export interface Payment {
  /** BPR01: C payment + advice, H advice only, I remittance information only, P pre-notification, U split, X separate. */
  handlingCode: string;
  /** BPR02: total actual provider payment. */
  totalPaidCents: number;
  /** BPR03: C credit, D debit. */
  creditDebit: string;
  /** BPR04: ACH, BOP, CHK, FWT, NON. */
  method: string;
  /** BPR05 payment format (CCP, CTX). */
  format?: string;
  /** BPR06–09 originating DFI and account, BPR10 payer identifier, BPR11 supplemental code, BPR12–15 receiving DFI and account. */
  senderBank?: { qualifier: string; id: string; accountQualifier?: string; account?: string };
  originatingCompanyId?: string;
  originatingCompanySupplementalCode?: string;
  receiverBank?: { qualifier: string; id: string; accountQualifier?: string; account?: string };
  /** BPR16: check issue or EFT effective date. */
  date?: string;
}

/** TRN: reassociation trace number (check or EFT trace number) linking the 835 to the deposit. */
export interface Trace {
  typeCode: string;
  traceNumber: string;
  originatorId?: string;
  supplementalId?: string;
}

/** 1000A payer / 1000B payee: N1 with N3/N4/REF/PER. */
export interface RemittanceParty extends Party {
  /** N103: XV CMS plan id, PI payer id, XX NPI, FI tax id. */
  idQualifier?: string;
}

/** SVC loop 2110: one service line as paid. */
export interface ServicePayment {
  procedure: Procedure;
  chargeCents: number;
  paidCents: number;
  /** SVC04 NUBC revenue code. */
  revenueCode?: string;
  /** SVC05 paid units. */
  units?: number;
  /** SVC06 submitted procedure when the payer changed it, SVC07 original units. */
  submittedProcedure?: Procedure;
  submittedUnits?: number;
  dates?: QualifiedDate[];
  adjustments: Adjustment[];
  /** REF*6R line item control number from the 837. */
  lineItemControlNumber?: string;
  references?: Reference[];
  amounts?: Amount[];
  quantities?: { qualifier: string; value: number }[];
  /** LQ*HE remittance advice remark codes (RARC). */
  remarks?: { qualifier: string; code: string }[];
  /** Ordinal of the SVC segment in the file. */
  segmentOrdinal?: number;
}

/** CLP loop 2100: one claim as adjudicated. */
export interface ClaimPayment {
  /** LX01 of the 2000 header this claim sits under. */
  headerNumber?: string;
  /** CLP01: our claim id (patient control number) echoed back. */
  claimId: string;
  /** CLP02: 1 processed as primary, 2 secondary, 3 tertiary, 4 denied, 19–21 forwarded, 22 reversal, 23 not our claim. */
  status: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents?: number;
  /** CLP06 claim filing indicator. */
  filingIndicator?: string;
  /** CLP07 payer claim control number (needed for a replacement/void 837). */
  payerClaimControlNumber?: string;
  /** CLP08 facility code, CLP09 frequency code, CLP11 DRG, CLP12 DRG weight, CLP13 discharge fraction. */
  facilityCode?: string;
  frequencyCode?: string;
  drgCode?: string;
  drgWeight?: string;
  dischargeFraction?: string;
  adjustments: Adjustment[];
  /** NM1 parties: QC patient, IL insured, 74 corrected patient, 82 rendering provider, TT crossover carrier, PR corrected payer, GB other subscriber. */
  parties?: (Party & { entityCode: string })[];
  /** MIA inpatient / MOA outpatient adjudication, kept verbatim. */
  inpatientAdjudication?: RawSegment;
  outpatientAdjudication?: RawSegment;
  references?: Reference[];
  dates?: QualifiedDate[];
  amounts?: Amount[];
  quantities?: { qualifier: string; value: number }[];
  serviceLines: ServicePayment[];
  extraSegments?: RawSegment[];
  segmentOrdinal?: number;
}

/** PLB: provider-level adjustment (not tied to a claim): interest, forward balance, recoupment … */
export interface ProviderAdjustment {
  providerId: string;
  /** PLB02 last day of the provider's fiscal year. */
  fiscalPeriodDate: string;
  adjustments: { reasonCode: string; reference?: string; amountCents: number }[];
  segmentOrdinal?: number;
}

/** One 835 transaction set. */
export interface RemittanceAdvice {
  controlNumber?: string;
  payment: Payment;
  trace: Trace;
  currency?: string;
  references?: Reference[];
  dates?: QualifiedDate[];
  payer: RemittanceParty;
  payee: RemittanceParty;
  /** TS3/TS2 provider summaries per LX header, kept verbatim. */
  headerSummaries?: { headerNumber: string; segments: RawSegment[] }[];
  claims: ClaimPayment[];
  providerAdjustments: ProviderAdjustment[];
}

export interface RemittanceFile {
  interchange?: {
    senderQualifier?: string;
    senderId: string;
    receiverQualifier?: string;
    receiverId: string;
    usage?: 'P' | 'T';
  };
  transactions: RemittanceAdvice[];
}

export type BalancingLevel = 'line' | 'claim' | 'transaction';

/** A failed 835 IG balancing check (reported, never thrown). */
export interface BalancingError {
  level: BalancingLevel;
  /** Which equation failed, e.g. "SVC02 - SVC03 = line CAS". */
  rule: string;
  message: string;
  expectedCents: number;
  actualCents: number;
  claimId?: string;
  segmentOrdinal?: number;
  transactionControlNumber?: string;
}

export interface RemittanceSummary {
  transactions: number;
  claims: number;
  serviceLines: number;
  /** Σ BPR02 over the transactions: the money actually sent (check or EFT), after provider-level adjustments. */
  totalPaidCents: number;
  /** Σ CLP04 over the claims: what the payer paid on the claims, before PLB (BPR02 = Σ CLP04 − Σ PLB). */
  claimPaidCents: number;
  totalChargeCents: number;
  plbCents: number;
  balanced: boolean;
  balancingErrors: number;
}
