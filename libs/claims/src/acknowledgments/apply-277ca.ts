import { AcknowledgedClaim, ClaimAcknowledgmentReading } from '@revcycle/x12';
import { EntityManager } from 'typeorm';
import { StatusChangeBy, moveClaims } from '../lifecycle/claim-history';
import { AcknowledgmentCounts } from './acknowledgment-counts';
import { closeBatchMembership, rejectByPayer } from './payer-rejection';

const statusWords = (c: AcknowledgedClaim) =>
  c.statuses.map(
    (s) =>
      `${s.categoryCode}:${s.statusCode}${s.entityCode ? `:${s.entityCode}` : ''} ${s.categoryDescription} — ${s.statusDescription}`,
  );

/**
 * A 277CA (005010X214): each 2200D names a claim by TRN02 = our CLM01. Accepted into adjudication
 * → `accepted`, with the payer's claim number (REF*1K) kept; rejected → `payer_rejected` with the
 * STC category/status codes and their descriptions. A claim we never batched, or a number that is
 * not ours, is `unmatched`; statuses that neither accept nor reject (pended, forwarded) match
 * without a change.
 */
export async function apply277ca(
  m: EntityManager,
  ack: ClaimAcknowledgmentReading,
  who: StatusChangeBy,
): Promise<AcknowledgmentCounts> {
  const counts: AcknowledgmentCounts = { matched: 0, accepted: 0, rejected: 0, unmatched: 0 };
  const pcns = ack.claims.map((c) => c.patientControlNumber);
  const rows: Array<{ id: string; pcn: string }> = await m.query(
    `SELECT c.id, c.patient_control_number AS pcn FROM claims.claim c
      WHERE c.patient_control_number = ANY($1::text[])
        AND EXISTS (SELECT 1 FROM claims.claim_batch_claim bc WHERE bc.claim_id = c.id)`,
    [pcns],
  );
  const ours = new Map(rows.map((r) => [r.pcn, r.id]));
  const accepted: Array<{ claimId: string; reason: string; payerClaim?: string }> = [];
  const rejected: Parameters<typeof rejectByPayer>[1] = [];
  for (const c of ack.claims) {
    const claimId = ours.get(c.patientControlNumber);
    if (!claimId) {
      counts.unmatched += 1;
      continue;
    }
    counts.matched += 1;
    if (c.outcome === 'accepted') {
      counts.accepted += 1;
      accepted.push({
        claimId,
        reason: `277CA accepted: ${statusWords(c).join('; ')}`.slice(0, 2000),
        payerClaim: c.payerClaimControlNumber,
      });
    } else if (c.outcome === 'rejected') {
      counts.rejected += 1;
      rejected.push({
        claimId,
        editId: 'PAYER_277CA_REJECTED',
        codes: c.statuses.map((s) => `${s.categoryCode}:${s.statusCode}`),
        reasons: c.reasons.length > 0 ? c.reasons : statusWords(c),
      });
    }
  }
  await moveClaims(m, accepted, 'accepted', who);
  const numbered = accepted.filter((a) => a.payerClaim);
  if (numbered.length > 0)
    await m.query(
      `UPDATE claims.claim c SET payer_claim_control_number = x.n
         FROM unnest($1::uuid[], $2::text[]) AS x(id, n) WHERE c.id = x.id`,
      [numbered.map((a) => a.claimId), numbered.map((a) => a.payerClaim)],
    );
  await closeBatchMembership(
    m,
    accepted.map((a) => a.claimId),
  );
  await rejectByPayer(m, rejected, who);
  return counts;
}
