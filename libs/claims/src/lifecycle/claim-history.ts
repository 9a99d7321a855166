import { EntityManager } from 'typeorm';
import { ClaimStatus, statusesLeadingTo } from './claim-status';

export interface StatusChangeBy {
  /** A user's id or the acting service. */
  by: string;
  /** The batch, acknowledgment or remittance the change came with. */
  source?: string;
}

export interface ClaimMove {
  claimId: string;
  /** Why, in words, for this claim (the payer's reason); never PHI values. */
  reason?: string;
}

/** Records status changes already applied to the claims (built, corrected, re-scrubbed) in one statement. */
export async function recordStatusChanges(
  m: EntityManager,
  changes: Array<{ claimId: string; from: ClaimStatus | null; to: ClaimStatus; reason?: string }>,
  who: StatusChangeBy,
): Promise<void> {
  if (changes.length === 0) return;
  await m.query(
    `INSERT INTO claims.claim_status_change (claim_id, from_status, to_status, changed_by, source, reason)
     SELECT c, f, t, $4, $5, r FROM unnest($1::uuid[], $2::text[], $3::text[], $6::text[]) AS x(c, f, t, r)`,
    [
      changes.map((c) => c.claimId),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      who.by,
      who.source ?? null,
      changes.map((c) => c.reason ?? null),
    ],
  );
}

/**
 * Moves claims to `to` — only those whose current status may lead there (see CLAIM_TRANSITIONS) —
 * and writes a history row per claim moved, in one statement under the claims' row locks. Returns
 * the ids moved with the status each left; a claim already at `to` (a replayed file) is not moved.
 */
export async function moveClaims(
  m: EntityManager,
  moves: ClaimMove[],
  to: ClaimStatus,
  who: StatusChangeBy,
): Promise<Array<{ claimId: string; from: ClaimStatus }>> {
  if (moves.length === 0) return [];
  const from = statusesLeadingTo(to).filter((s) => s !== to);
  const reasons = moves.some((x) => x.reason !== undefined) ? moves.map((x) => x.reason ?? null) : null;
  const rows: Array<{ claim_id: string; from_status: ClaimStatus }> = await m.query(
    // The claims are found by `id = ANY` (the primary key), never joined to an unnest() whose size the
    // planner guesses: such a join may read every claim in the `from` statuses for each call.
    `WITH locked AS (
       SELECT c.id, c.status AS before
         FROM claims.claim c
        WHERE c.id = ANY($1::uuid[]) AND c.status = ANY($3::text[])
        ORDER BY c.id
          FOR UPDATE OF c
     ), moved AS (
       UPDATE claims.claim c SET status = $4, updated_at = now()
         FROM locked WHERE c.id = locked.id
       RETURNING c.id, locked.before
     )
     INSERT INTO claims.claim_status_change (claim_id, from_status, to_status, changed_by, source, reason)
     SELECT id, before, $4, $5, $6, CASE WHEN $2::text[] IS NOT NULL THEN ($2::text[])[array_position($1::uuid[], id)] END
       FROM moved
     RETURNING claim_id, from_status`,
    [moves.map((x) => x.claimId), reasons, from, to, who.by, who.source ?? null],
  );
  return rows.map((r) => ({ claimId: r.claim_id, from: r.from_status }));
}
