import { EntityManager, In } from 'typeorm';
import { ClaimEditRow } from '../edits/claim-edit.entity';
import { StatusChangeBy, moveClaims } from '../lifecycle/claim-history';

export interface PayerRejection {
  claimId: string;
  /** PAYER_999_REJECTED or PAYER_277CA_REJECTED: the edit id the work queue shows. */
  editId: string;
  /** The payer's codes (IK3/IK4 error codes, STC category:status). */
  codes: string[];
  /** The payer's reasons in words. */
  reasons: string[];
}

/**
 * The payer turned claims back before adjudication: they become `payer_rejected` and wait in the
 * edit work queue with the payer's reasons as their edits (a correction re-scrubs and replaces
 * them); their batch no longer holds them open, so a corrected claim can go in a new batch.
 */
export async function rejectByPayer(
  m: EntityManager,
  rejections: PayerRejection[],
  who: StatusChangeBy,
): Promise<number> {
  const moved = await moveClaims(
    m,
    rejections.map((r) => ({ claimId: r.claimId, reason: r.reasons.join('; ').slice(0, 2000) })),
    'payer_rejected',
    who,
  );
  const ids = new Set(moved.map((x) => x.claimId));
  const mine = rejections.filter((r) => ids.has(r.claimId));
  if (mine.length === 0) return 0;
  await m.getRepository(ClaimEditRow).delete({ claimId: In(mine.map((r) => r.claimId)) });
  await m.getRepository(ClaimEditRow).insert(
    mine.flatMap((r) =>
      (r.reasons.length > 0 ? r.reasons : ['rejected by the payer']).map((message, i) => ({
        claimId: r.claimId,
        seq: i + 1,
        editId: r.editId,
        category: 'payer',
        severity: 'reject' as const,
        line: null,
        codes: r.codes,
        message,
      })),
    ),
  );
  await closeBatchMembership(m, [...ids]);
  return mine.length;
}

/** The payer answered for these claims: their batch no longer holds them open. */
export async function closeBatchMembership(m: EntityManager, claimIds: string[]): Promise<void> {
  if (claimIds.length === 0) return;
  await m.query(
    `UPDATE claims.claim_batch_claim SET open = false WHERE claim_id = ANY($1::uuid[]) AND open`,
    [claimIds],
  );
}
