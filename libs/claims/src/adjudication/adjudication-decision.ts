import type { AdjudicationOutcome } from '@revcycle/contracts';
import { ClaimStatus, canMove } from '../lifecycle/claim-status';

/** X12 1029 claim status codes (835 CLP02), in words for the claim history. */
const CLP02_WORDS: Readonly<Record<string, string>> = {
  '1': 'processed as primary',
  '2': 'processed as secondary',
  '3': 'processed as tertiary',
  '4': 'denied',
  '19': 'processed as primary, forwarded to additional payer(s)',
  '20': 'processed as secondary, forwarded to additional payer(s)',
  '21': 'processed as tertiary, forwarded to additional payer(s)',
  '22': 'reversal of previous payment',
  '23': 'not our claim, forwarded to additional payer(s)',
  '25': 'predetermination pricing only, no payment',
};

export const clp02Words = (code: string): string => CLP02_WORDS[code] ?? 'status code not in X12 1029';

/**
 * 835 CLP02 19/20/21: the payer forwarded the claim to the next payer itself (e.g. a Medicare
 * crossover). Billing the secondary again would send it the same claim twice.
 */
export const forwardedByPayer = (code: string): boolean => code === '19' || code === '20' || code === '21';

export type AdjudicationDecision =
  { kind: 'move'; to: ClaimStatus; then?: ClaimStatus } | { kind: 'repeat' } | { kind: 'aside'; why: string };

/**
 * What an 835 CLP does to a claim in `status`: its outcome's status when CLAIM_TRANSITIONS allow it
 * (adjudicated from submitted/acknowledged/accepted; paid → reversed → paid for a reversal and the
 * corrected CLP that follows); nothing for a repeat (the claim already has that outcome); set aside,
 * with why, otherwise (a claim being corrected, never sent, or voided). The payer's reversal of a
 * void we sent (frequency 8) ends the claim: reversed, then voided.
 */
export function decideAdjudication(
  claim: { status: ClaimStatus; frequencyCode: string },
  outcome: AdjudicationOutcome,
): AdjudicationDecision {
  const voidTaken = outcome === 'reversed' && claim.frequencyCode === '8';
  if (claim.status === outcome) return voidTaken ? { kind: 'move', to: 'voided' } : { kind: 'repeat' };
  if (!canMove(claim.status, outcome))
    return {
      kind: 'aside',
      why: `the claim is ${claim.status}: an 835 ${outcome} does not apply to it`,
    };
  return voidTaken ? { kind: 'move', to: outcome, then: 'voided' } : { kind: 'move', to: outcome };
}
