import { defineEvent } from '../envelope';
import { array, int, isoDate, object, oneOf, optional, str } from '../validation';

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

export const ClaimAdjudicatedEvent = defineEvent<ClaimAdjudicated>(
  'remittance.claim.adjudicated',
  1,
  object({
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
  }),
);
