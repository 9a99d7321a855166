import { defineEvent } from '../envelope';
import { array, int, isoDate, object, oneOf, optional, str, uuid } from '../validation';

/** What one 835 CLP did to a claim, in the billing office's words. */
export type AdjudicationOutcome = 'paid' | 'partially_paid' | 'denied' | 'reversed';

/** A CAS adjustment as the payer gave it (group CO/OA/PI/PR, CARC reason, amount). */
export interface AdjudicatedAdjustment {
  group: string;
  reason: string;
  amountCents: number;
  quantity?: number;
}

/** Loop 2110: one service line as the payer paid it — what a secondary claim's 2430 loop repeats. */
export interface AdjudicatedLine {
  /** REF*6R echoed back (our 837 2400 REF*6R), when the payer gave it. */
  lineItemControlNumber?: string;
  /** Our service line number, when the line was matched to one. */
  lineNumber?: number;
  procedureCode: string;
  modifiers?: string[];
  chargeCents: number;
  paidCents: number;
  units?: number;
  adjustments: AdjudicatedAdjustment[];
}

/**
 * remittance → claims: an 835 claim payment (loop 2100 CLP) was posted to one of our claims.
 * Claims moves the claim to the outcome's status and keeps the payer's claim control number
 * (CLP07), which a later replacement (CLM05-3 = 7) or void (8) must carry in REF*F8.
 */
export interface ClaimAdjudicated {
  claimId: string;
  /** CLP01: our 837 CLM01 echoed back. */
  patientControlNumber: string;
  payerId: string;
  /** The remittance advice (835 transaction) the posting came from. */
  remittanceId: string;
  outcome: AdjudicationOutcome;
  /** CLP02 claim status code (1 primary, 2 secondary, 4 denied, 22 reversal, …). */
  claimStatusCode: string;
  /** CLP07, when the payer gave one. */
  payerClaimControlNumber?: string;
  /** Totals over every posting of the claim so far (reversals negative), after this one. */
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  /** BPR16 (or the file date) — when the payer paid. */
  paymentDate: string;
  /** This CLP's claim-level CAS (loop 2100) and its lines (loop 2110): for a secondary's 2320/2430. */
  adjustments?: AdjudicatedAdjustment[];
  lines?: AdjudicatedLine[];
}

const adjustment = object({
  group: oneOf('CO', 'OA', 'PI', 'PR', 'CR'),
  reason: str({ min: 1, max: 5 }),
  amountCents: int({}),
  quantity: optional(int({})),
});

const claimAdjudicated = {
  claimId: str({ min: 1 }),
  patientControlNumber: str({ min: 1, max: 38 }),
  payerId: str({ min: 1 }),
  remittanceId: str({ min: 1 }),
  outcome: oneOf('paid', 'partially_paid', 'denied', 'reversed'),
  claimStatusCode: str({ min: 1, max: 2 }),
  payerClaimControlNumber: optional(str({ min: 1, max: 50 })),
  paidCents: int({}),
  adjustmentCents: int({}),
  patientResponsibilityCents: int({}),
  paymentDate: isoDate,
  adjustments: optional(array(adjustment)),
  lines: optional(
    array(
      object({
        lineItemControlNumber: optional(str({ min: 1, max: 50 })),
        lineNumber: optional(int({ min: 1 })),
        procedureCode: str({ min: 1, max: 48 }),
        modifiers: optional(array(str({ min: 2, max: 2 }), { max: 4 })),
        chargeCents: int({}),
        paidCents: int({}),
        units: optional(int({})),
        adjustments: array(adjustment),
      }),
    ),
  ),
};

/**
 * One claim adjudicated (v1, one event per CLP). Remittance now emits ClaimsAdjudicatedEvent, many
 * claims per event; claims still applies this one (events already on the topic, other producers).
 */
export const ClaimAdjudicatedEvent = defineEvent<ClaimAdjudicated>(
  'remittance.claim.adjudicated',
  1,
  object(claimAdjudicated),
);

/** One claim of a ClaimsAdjudicated: a ClaimAdjudicated with its own id (what claims records it under). */
export interface AdjudicatedClaim extends ClaimAdjudicated {
  /** Unique per claim posting: the id claims keeps the adjudication under (as a v1 event's id). */
  adjudicationId: string;
}

/**
 * remittance → claims: the claims one posting batch of an 835 transaction set adjudicated, in file
 * order (a reversal before the corrected CLP that follows it), each exactly as one
 * remittance.claim.adjudicated would carry it. Keyed (aggregateId) by the ledger payer of its
 * claims — every event about a claim travels on one partition, in posting order — and at most
 * CLAIMS_PER_ADJUDICATION_EVENT claims: one outbox row, one seal and one Kafka message per batch
 * instead of per claim.
 */
export interface ClaimsAdjudicated {
  payerId: string;
  remittanceId: string;
  claims: AdjudicatedClaim[];
}

/** Claims per ClaimsAdjudicated at most (and CLAIMS_ADJUDICATED_MAX_LINES lines): well under Kafka's 1 MB message. */
export const CLAIMS_PER_ADJUDICATION_EVENT = 100;
export const CLAIMS_ADJUDICATED_MAX_LINES = 1000;

/** A claim of a ClaimsAdjudicated on its own: what the batch consumer and locating a bad claim check. */
export const validateAdjudicatedClaim = object({ ...claimAdjudicated, adjudicationId: uuid });

export const ClaimsAdjudicatedEvent = defineEvent<ClaimsAdjudicated>(
  'remittance.claims.adjudicated',
  1,
  object({
    payerId: str({ min: 1 }),
    remittanceId: str({ min: 1 }),
    claims: array(validateAdjudicatedClaim, { min: 1, max: CLAIMS_PER_ADJUDICATION_EVENT }),
  }),
);
