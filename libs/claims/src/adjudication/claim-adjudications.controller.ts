import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiPage, ApiPageOf, Page, PageRequest, QueryOneOf, findPage } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { ClaimAdjudicationRecord } from './claim-adjudication.entity';
import { ClaimAdjudicationResponse } from './claim-adjudication.response';

const OUTCOMES = ['paid', 'partially_paid', 'denied', 'reversed'] as const;

/** What the remittance told claims, applied or set aside: `?applied=false` is the review list. */
@ApiBearerAuth()
@ApiTags('claims')
@Controller('claims/adjudications')
export class ClaimAdjudicationsController {
  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readClaim)
  @ApiPage()
  @ApiOperation({
    summary:
      '835 adjudications received from remittance, newest first; applied=false lists those set aside and why',
  })
  @ApiPageOf(ClaimAdjudicationResponse)
  list(
    @QueryOneOf('applied', ['true', 'false'] as const) applied: 'true' | 'false' | undefined,
    @QueryOneOf('outcome', OUTCOMES) outcome: (typeof OUTCOMES)[number] | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<ClaimAdjudicationRecord> = {};
    if (applied) where.applied = applied === 'true';
    if (outcome) where.outcome = outcome;
    return findPage(this.db.getRepository(ClaimAdjudicationRecord), page, {
      where,
      order: { receivedAt: 'DESC', eventId: 'DESC' },
    });
  }
}
