/**
 * Where a claim is, in the billing office's words. Before the payer: `ready` (clean or warnings
 * only) or `rejected` (our scrubber's edits, in the edit work queue). On its way: `batched` (in an
 * 837 file), `submitted` (the file reached the payer), `acknowledged` (999 accepted its transaction
 * set), `accepted` (277CA: the payer took the claim into adjudication) — or `payer_rejected` (999 or
 * 277CA rejection, back in the edit work queue with the payer's reason). After adjudication (the
 * 835, remittance): `paid`, `partially_paid`, `denied`, `reversed`. `voided` (frequency 8) ends it.
 */
export const CLAIM_STATUSES = [
  'ready',
  'rejected',
  'batched',
  'submitted',
  'acknowledged',
  'accepted',
  'payer_rejected',
  'paid',
  'partially_paid',
  'denied',
  'reversed',
  'voided',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Claims a biller can still correct before (re)sending: ours or the payer's rejections, and clean ones not yet sent. */
export const CORRECTABLE_STATUSES: readonly ClaimStatus[] = ['ready', 'rejected', 'payer_rejected'];

/** The edit work queue: claims waiting for a biller's fix. */
export const EDIT_QUEUE_STATUSES: readonly ClaimStatus[] = ['rejected', 'payer_rejected'];

/** A claim in one of these has left for the payer and is in an open batch. */
export const IN_FLIGHT_STATUSES: readonly ClaimStatus[] = ['batched', 'submitted', 'acknowledged'];

/** What the payer's 835 made of the claim (remittance.claim.adjudicated). */
export const ADJUDICATED_STATUSES: readonly ClaimStatus[] = ['paid', 'partially_paid', 'denied', 'reversed'];
const ADJUDICATED = ADJUDICATED_STATUSES;

/**
 * An adjudicated claim is corrected by a replacement (CLM05-3 7) or withdrawn by a void (8) that go
 * to the payer like any claim: back to `ready` (or `rejected` when the corrected claim fails a
 * scrub), batched, sent. 837P IG 2300 REF*F8 names the payer's claim control number (835 CLP07).
 */
const RESUBMITTED: ClaimStatus[] = ['ready', 'rejected'];

/** Every transition the claims service makes; anything else is a defect (or a replayed message). */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  ready: ['ready', 'rejected', 'batched', 'voided'],
  rejected: ['ready', 'rejected', 'voided'],
  batched: ['submitted', 'acknowledged', 'payer_rejected'],
  // A payer may send its 835 before (or without) a 999/277CA reaching us: adjudicated from submitted on.
  submitted: ['acknowledged', 'accepted', 'payer_rejected', ...ADJUDICATED],
  acknowledged: ['accepted', 'payer_rejected', ...ADJUDICATED],
  accepted: ADJUDICATED,
  payer_rejected: ['ready', 'rejected', 'voided'],
  // paid → reversed (CLP02 22) → paid again (the corrected CLP that follows); paid → paid is a repeat.
  paid: [...ADJUDICATED, ...RESUBMITTED],
  partially_paid: [...ADJUDICATED, ...RESUBMITTED],
  // A reversed claim whose void (frequency 8) the payer took is voided; a denied one may be voided at once.
  denied: [...ADJUDICATED, ...RESUBMITTED, 'voided'],
  reversed: [...ADJUDICATED, ...RESUBMITTED, 'voided'],
  voided: [],
};

export const canMove = (from: ClaimStatus, to: ClaimStatus): boolean => CLAIM_TRANSITIONS[from].includes(to);

/** The statuses a claim may be in to move to `to`. */
export const statusesLeadingTo = (to: ClaimStatus): ClaimStatus[] =>
  CLAIM_STATUSES.filter((from) => canMove(from, to));
