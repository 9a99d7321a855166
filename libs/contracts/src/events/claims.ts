import { defineEvent } from '../envelope';
import { array, bool, cents, int, isoDate, object, oneOf, optional, str } from '../validation';

/**
 * One billed service line (837P 2400 SV1 / 837I 2400 SV2) as remittance matches 835 SVC lines back:
 * by REF*6R when the payer echoes it, else by procedure, modifiers, date and units.
 */
export interface ClaimServiceLine {
  lineNumber: number;
  /** 837 2400 REF*6R as written (`<patient control number>-<line number>`). */
  lineItemControlNumber: string;
  procedureCode: string;
  modifiers: string[];
  dateOfService: string;
  units: number;
  chargeCents: number;
}

const serviceLines = optional(
  array(
    object({
      lineNumber: int({ min: 1 }),
      lineItemControlNumber: str({ min: 1, max: 50 }),
      procedureCode: str({ min: 1, max: 48 }),
      modifiers: array(str({ min: 2, max: 2 }), { max: 4 }),
      dateOfService: isoDate,
      units: int({ min: 1 }),
      chargeCents: cents,
    }),
    { max: 999 },
  ),
);

/** claims → remittance (ledger) and others: a claim was built and stored. */
export interface ClaimCreated {
  claimId: string;
  encounterId: string;
  /** 837 CLM01, echoed back in 835 CLP01. */
  patientControlNumber: string;
  patientId: string;
  payerId: string;
  dateOfService: string;
  totalChargeCents: number;
  serviceLineCount: number;
  /** Optional (added after v1 shipped): events without it still validate; remittance then matches claim-level only. */
  serviceLines?: ClaimServiceLine[];
  /**
   * Optional (added after v1 shipped): on a claim billed to a secondary payer (837 SBR01 S), the
   * primary claim it follows. Remittance then ages the primary's patient responsibility as the
   * secondary's receivable, not the patient's, until the secondary's 835 says what the patient owes.
   */
  primaryClaimId?: string;
}

const primaryClaimId = optional(str({ min: 1 }));

export const ClaimCreatedEvent = defineEvent<ClaimCreated>(
  'claims.claim.created',
  1,
  object({
    claimId: str({ min: 1 }),
    encounterId: str({ min: 1 }),
    patientControlNumber: str({ min: 1, max: 38 }),
    patientId: str({ min: 1 }),
    payerId: str({ min: 1 }),
    dateOfService: isoDate,
    totalChargeCents: cents,
    serviceLineCount: int({ min: 1 }),
    serviceLines,
    primaryClaimId,
  }),
);

/**
 * claims → remittance (ledger) and others: a claim was corrected (new revision, re-scrubbed) or
 * voided (837 CLM05-3 = 8). Carries what the ledger keeps, so it can follow (or create) its entry
 * whatever order it sees this and `claims.claim.created` in (they travel on different topics).
 */
export interface ClaimCorrected extends ClaimCreated {
  /** 1 when built, +1 per correction: the ledger keeps the highest it has seen. */
  revision: number;
  /** CLM05-3 after the correction: 1 original, 7 replacement, 8 void. */
  frequencyCode: '1' | '7' | '8';
  status: 'ready' | 'rejected' | 'voided';
  voided: boolean;
}

export const ClaimCorrectedEvent = defineEvent<ClaimCorrected>(
  'claims.claim.corrected',
  1,
  object({
    claimId: str({ min: 1 }),
    encounterId: str({ min: 1 }),
    patientControlNumber: str({ min: 1, max: 38 }),
    patientId: str({ min: 1 }),
    payerId: str({ min: 1 }),
    dateOfService: isoDate,
    totalChargeCents: cents,
    serviceLineCount: int({ min: 1 }),
    revision: int({ min: 2 }),
    frequencyCode: oneOf('1', '7', '8'),
    status: oneOf('ready', 'rejected', 'voided'),
    voided: bool,
    serviceLines,
    primaryClaimId,
  }),
);
