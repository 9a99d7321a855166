import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  ProblemDto,
  QueryOneOf,
  QuerySort,
  SortOf,
  listSort,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { ResolveReviewDto } from './dto/resolve-review.dto';
import { ReviewItemDto, ReviewResolvedDto } from './dto/review-item.response';
import { ReviewResolutionService } from './review-resolution.service';

const STATES = ['open', 'resolved', 'all'] as const;

/**
 * `GET /remittance/unmatched?sort=`: oldest first by default (a work queue); created-at is when the
 * 835 put the item here, paid and charge are CLP04 and CLP03 (or the line's), payer is the 835's
 * payer by name (its identifier when it gave none).
 */
export const REVIEW_SORTS = listSort(
  {
    'created-at': 'r.created_at',
    paid: 'r.paid_cents',
    charge: 'r.charge_cents',
    payer: 'coalesce(a.payer_name, a.payer_id)',
  },
  { default: 'created-at', tieBreaker: 'r.id' },
);
export type ReviewSort = SortOf<typeof REVIEW_SORTS>;

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/unmatched')
@UseInterceptors(PhiAuditInterceptor)
export class UnmatchedController {
  constructor(
    @InjectDataSource('remittance') private readonly db: DataSource,
    private readonly resolution: ReviewResolutionService,
  ) {}

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'RemittanceReview', action: 'read' })
  @ApiPage()
  @ApiOperation({
    summary:
      'The review queue, oldest first (or ?sort=): CLPs for no claim of ours, reversals of nothing posted, ambiguous or unmatched service lines',
  })
  @ApiPageOf(ReviewItemDto)
  async list(
    @QueryOneOf('state', STATES, 'open (default), resolved or all')
    state: (typeof STATES)[number] | undefined,
    @QuerySort(REVIEW_SORTS, 'created-at is when it was received') sort: ReviewSort | undefined,
    @Page() page: PageRequest,
  ) {
    const filter =
      (state ?? 'open') === 'open'
        ? 'r.resolved_at IS NULL'
        : state === 'resolved'
          ? 'r.resolved_at IS NOT NULL'
          : 'true';
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM remittance.remittance_review r WHERE ${filter}`,
    );
    const items = await this.db.query(
      `SELECT r.id, r.advice_id AS "adviceId", r.kind, r.patient_control_number AS "patientControlNumber",
              r.payer_claim_control_number AS "payerClaimControlNumber", r.claim_status_code AS "claimStatusCode",
              r.charge_cents::float8 AS "chargeCents", r.paid_cents::float8 AS "paidCents", r.reason,
              r.posting_id AS "postingId", r.line_position AS "linePosition", r.candidates,
              a.payer_id AS "payerId", a.payer_name AS "payerName",
              r.created_at AS "createdAt", r.resolved_at AS "resolvedAt", r.resolved_by AS "resolvedBy",
              r.resolved_claim_id AS "resolvedClaimId", r.resolved_line_number AS "resolvedLineNumber"
         FROM remittance.remittance_review r JOIN remittance.remittance_advice a ON a.id = r.advice_id
        WHERE ${filter}
        ORDER BY ${REVIEW_SORTS.sql(sort)} LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    return { total, items };
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @HasPermission(permissions.postPayment)
  @AuditedPhiAccess({ resourceType: 'RemittanceReview', action: 'update' })
  @ApiOperation({
    summary: 'Resolve a review item: post the CLP to {claimId}, or give the service line {lineNumber}',
  })
  @ApiOkResponse({ type: ReviewResolvedDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'already resolved, or nothing on that claim to reverse' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'it would post beyond the claim charge' })
  resolve(@PathUuid('id') id: string, @Body() dto: ResolveReviewDto, @CurrentPrincipal() by: Principal) {
    return this.resolution.resolve(id, dto, by);
  }
}
