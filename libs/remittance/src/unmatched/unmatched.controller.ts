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
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { ResolveReviewDto } from './dto/resolve-review.dto';
import { ReviewItemDto, ReviewResolvedDto } from './dto/review-item.response';
import { ReviewResolutionService } from './review-resolution.service';

const STATES = ['open', 'resolved', 'all'] as const;

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
      'The review queue, oldest first: CLPs for no claim of ours, reversals of nothing posted, ambiguous or unmatched service lines',
  })
  @ApiPageOf(ReviewItemDto)
  async list(
    @QueryOneOf('state', STATES, 'open (default), resolved or all')
    state: (typeof STATES)[number] | undefined,
    @Page() page: PageRequest,
  ) {
    const filter =
      (state ?? 'open') === 'open'
        ? 'resolved_at IS NULL'
        : state === 'resolved'
          ? 'resolved_at IS NOT NULL'
          : 'true';
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM remittance.remittance_review WHERE ${filter}`,
    );
    const items = await this.db.query(
      `SELECT id, advice_id AS "adviceId", kind, patient_control_number AS "patientControlNumber",
              payer_claim_control_number AS "payerClaimControlNumber", claim_status_code AS "claimStatusCode",
              charge_cents::float8 AS "chargeCents", paid_cents::float8 AS "paidCents", reason,
              posting_id AS "postingId", line_position AS "linePosition", candidates,
              created_at AS "createdAt", resolved_at AS "resolvedAt", resolved_by AS "resolvedBy",
              resolved_claim_id AS "resolvedClaimId", resolved_line_number AS "resolvedLineNumber"
         FROM remittance.remittance_review WHERE ${filter}
        ORDER BY created_at, id LIMIT $1 OFFSET $2`,
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
