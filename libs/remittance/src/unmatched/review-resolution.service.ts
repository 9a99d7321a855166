import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@revcycle/messaging';
import { fieldError, problem, problemException } from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import type { ClaimPayment } from '@revcycle/x12';
import { DataSource, EntityManager } from 'typeorm';
import { REVIEW_PAYMENT } from '../phi/remittance-phi.entities';
import { postClaimBatch } from '../posting/claim-batch-poster';
import { ResolveReviewDto } from './dto/resolve-review.dto';

interface ReviewRow {
  id: string;
  advice_id: string;
  kind: string;
  payment: string | null;
  posting_id: string | null;
  line_position: number | null;
  resolved_at: Date | null;
}

const CLAIM_KINDS = ['claim_not_found', 'reversal_without_posting'];

/**
 * Resolving a review item, once (the row is locked and must be open): a CLP that matched no claim
 * posts to the claim named — in one transaction with its remittance.claim.adjudicated event, under
 * the same checks as intake (never beyond the charge) — and an uncertain line gets our line number.
 */
@Injectable()
export class ReviewResolutionService {
  constructor(
    @InjectDataSource('remittance') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async resolve(id: string, dto: ResolveReviewDto, by: Principal): Promise<{ id: string; resolved: true }> {
    return this.db.transaction(async (m) => {
      const [row]: ReviewRow[] = await m.query(
        `SELECT id, advice_id, kind, payment, posting_id, line_position, resolved_at
           FROM remittance.remittance_review WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFoundException(`no review item ${id}`);
      if (row.resolved_at) throw new ConflictException(`review item ${id} is already resolved`);
      if (CLAIM_KINDS.includes(row.kind)) await this.postToClaim(m, row, dto, by);
      else await this.assignLine(m, row, dto);
      await m.query(
        `UPDATE remittance.remittance_review
            SET resolved_at = now(), resolved_by = $2, resolved_claim_id = $3, resolved_line_number = $4
          WHERE id = $1`,
        [id, by.id, dto.claimId ?? null, dto.lineNumber ?? null],
      );
      return { id, resolved: true as const };
    });
  }

  private async postToClaim(m: EntityManager, row: ReviewRow, dto: ResolveReviewDto, by: Principal) {
    if (!dto.claimId) throw fieldError('claimId', 'name the claim this payment belongs to');
    const [claim] = await m.query(`SELECT claim_id FROM remittance.claim_ledger WHERE claim_id = $1`, [
      dto.claimId,
    ]);
    if (!claim) throw fieldError('claimId', `no claim ${dto.claimId} in the ledger`);
    if (!row.payment) throw new ConflictException(`review item ${row.id} holds no payment to post`);
    const payment = REVIEW_PAYMENT.open(m, row.id, row.payment) as ClaimPayment;
    const [advice] = await m.query(
      `SELECT to_char(payment_date, 'YYYY-MM-DD') AS date, transaction_set_control_number AS cn
         FROM remittance.remittance_advice WHERE id = $1`,
      [row.advice_id],
    );
    const role = by.role === 'admin' ? 'admin' : by.role === 'biller' ? 'biller' : 'finance';
    const r = await postClaimBatch(
      m,
      this.outbox,
      {
        adviceId: row.advice_id,
        transactionSetControlNumber: advice.cn,
        paymentDate: advice.date,
        actor: { id: by.id, role },
        correlationId: row.advice_id,
      },
      [payment],
      { claimId: dto.claimId },
    );
    if (r.errors.length > 0)
      throw problemException(
        problem(
          422,
          'the payment cannot be posted to that claim',
          r.errors.map((e) => ({ field: 'claimId', messages: [e.message] })),
        ),
      );
    if (r.posted === 0)
      throw new ConflictException(`claim ${dto.claimId} has no posting this reversal could take back`);
  }

  private async assignLine(m: EntityManager, row: ReviewRow, dto: ResolveReviewDto) {
    if (dto.lineNumber === undefined)
      throw fieldError('lineNumber', 'name our billed line this service line is');
    const [billed] = await m.query(
      `SELECT l.line_number FROM remittance.claim_posting p
         JOIN remittance.claim_ledger_line l ON l.claim_id = p.claim_id AND l.line_number = $2
        WHERE p.id = $1`,
      [row.posting_id, dto.lineNumber],
    );
    if (!billed) throw fieldError('lineNumber', `the claim has no billed line ${dto.lineNumber}`);
    await m.query(
      `UPDATE remittance.line_posting SET line_number = $3, match_method = 'review'
        WHERE posting_id = $1 AND position = $2`,
      [row.posting_id, row.line_position, dto.lineNumber],
    );
  }
}
