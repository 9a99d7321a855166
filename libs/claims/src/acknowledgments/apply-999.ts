import { AcknowledgedGroup, ImplementationAcknowledgmentReading } from '@revcycle/x12';
import { EntityManager } from 'typeorm';
import { StatusChangeBy, moveClaims } from '../lifecycle/claim-history';
import { AcknowledgmentCounts } from './acknowledgment-counts';
import { rejectByPayer } from './payer-rejection';

/** ST02 as a number: the 999's AK202 may drop or keep our leading zeros. */
const st02 = (s: string) => String(Number(s)).padStart(4, '0');

/**
 * A 999 (005010X231A1): AK1 names our group (GS06 of the batch sent to the 999's sender), AK2/IK5 each transaction set
 * (ST02 → its claims). Accepted (IK501 A or E) → `acknowledged`; rejected → `payer_rejected` with
 * the IK3/IK4 reasons in words. A group rejected without AK2 loops rejects every claim still open
 * in the batch. Counts are of claims; `unmatched` counts the groups and transaction sets of the
 * 999 that name nothing we sent.
 */
export async function apply999(
  m: EntityManager,
  ack: ImplementationAcknowledgmentReading,
  who: StatusChangeBy,
): Promise<AcknowledgmentCounts> {
  const counts: AcknowledgmentCounts = { matched: 0, accepted: 0, rejected: 0, unmatched: 0 };
  for (const group of ack.groups) await applyGroup(m, group, who, counts);
  return counts;
}

async function applyGroup(
  m: EntityManager,
  group: AcknowledgedGroup,
  who: StatusChangeBy,
  counts: AcknowledgmentCounts,
): Promise<void> {
  // GS06 is unique per sender/receiver pair only: the 999 comes from the ISA08 our 837 went to
  // (its ISA06) back to our ISA06 (its ISA08). Another payer's group of the same number is not this.
  const [batch]: Array<{ id: string }> = await m.query(
    `SELECT id FROM claims.claim_batch
      WHERE group_control_number = $1 AND receiver_id = $2 AND sender_id = $3 FOR UPDATE`,
    [
      String(Number(group.acknowledgedGroupControlNumber)),
      group.interchangeSenderId,
      group.interchangeReceiverId,
    ],
  );
  if (!batch) {
    counts.unmatched += Math.max(group.transactions.length, 1);
    return;
  }
  const sets: Array<{ st02: string; accepted: boolean; codes: string[]; reasons: string[] }> =
    group.transactions.map((t) => ({
      st02: st02(t.transactionSetControlNumber),
      accepted: t.accepted,
      codes: [t.code, ...t.syntaxErrors.map((e) => e.code), ...t.errors.map((e) => e.segmentErrorCode)],
      reasons: t.reasons.length > 0 ? t.reasons : [t.codeDescription],
    }));
  if (sets.length === 0) {
    // AK9 without AK2 loops: the verdict is the group's, for every transaction set in it.
    const all: Array<{ st02: string }> = await m.query(
      `SELECT DISTINCT transaction_set_control_number AS st02 FROM claims.claim_batch_claim WHERE batch_id = $1`,
      [batch.id],
    );
    const accepted = ['A', 'E'].includes(group.groupAccepted);
    for (const s of all)
      sets.push({
        st02: s.st02,
        accepted,
        codes: [group.groupAccepted, ...group.groupErrors.map((e) => e.code)],
        reasons: group.reasons.length > 0 ? group.reasons : [group.groupAcceptedDescription],
      });
  }
  let setsAccepted = 0;
  for (const set of sets) {
    const claims: Array<{ claim_id: string }> = await m.query(
      `SELECT claim_id FROM claims.claim_batch_claim WHERE batch_id = $1 AND transaction_set_control_number = $2`,
      [batch.id, set.st02],
    );
    if (claims.length === 0) {
      counts.unmatched += 1;
      continue;
    }
    counts.matched += claims.length;
    if (set.accepted) {
      setsAccepted += 1;
      counts.accepted += claims.length;
      await moveClaims(
        m,
        claims.map((c) => ({ claimId: c.claim_id, reason: `999 accepted transaction set ${set.st02}` })),
        'acknowledged',
        who,
      );
    } else {
      counts.rejected += claims.length;
      await rejectByPayer(
        m,
        claims.map((c) => ({
          claimId: c.claim_id,
          editId: 'PAYER_999_REJECTED',
          codes: set.codes,
          reasons: [`999 rejected transaction set ${set.st02}`, ...set.reasons],
        })),
        who,
      );
    }
  }
  const status =
    setsAccepted === sets.length
      ? 'acknowledged'
      : setsAccepted === 0
        ? 'rejected'
        : 'partially_acknowledged';
  // A 999 is proof the payer has the file, whether it downloaded it or a biller uploaded it.
  await m.query(
    `UPDATE claims.claim_batch SET status = $2, acknowledged_at = now(),
            submitted_at = coalesce(submitted_at, now()), next_delivery_at = NULL WHERE id = $1`,
    [batch.id, status],
  );
}
