import { Controller, Get, NotFoundException, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  QueryOneOf,
  QuerySort,
  QueryUuid,
  SortOf,
  findPage,
  listSort,
} from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { CLAIM_STATUSES, Claim, ClaimStatus } from './claim.entity';
import { ServiceLine } from './service-line.entity';
import { ClaimStatusChange } from '../lifecycle/claim-status-change.entity';
import { ClaimHistoryResponse, ClaimResponse } from './dto/claim.response';

/** `GET /claims?sort=`: newest first by default; status sorts by its code, alphabetically. */
export const CLAIM_SORTS = listSort(
  {
    'created-at': 'created_at',
    charge: 'total_charge_cents',
    status: 'status',
    'date-of-service': 'date_of_service',
    'patient-control-number': 'patient_control_number',
  },
  { default: '-created-at' },
);
export type ClaimSort = SortOf<typeof CLAIM_SORTS>;

@ApiBearerAuth()
@ApiTags('claims')
@Controller('claims')
@UseInterceptors(PhiAuditInterceptor)
export class ClaimsController {
  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'List claims with their service lines, newest first (or ?sort=)' })
  @ApiPageOf(ClaimResponse)
  async list(
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @QueryUuid('patientId') patientId: string | undefined,
    @QueryUuid('encounterId') encounterId: string | undefined,
    @QueryOneOf('status', CLAIM_STATUSES) status: ClaimStatus | undefined,
    @QuerySort(CLAIM_SORTS, 'charge is the total charge') sort: ClaimSort | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<Claim> = {};
    if (payerId) where.payerId = payerId;
    if (patientId) where.patientId = patientId;
    if (encounterId) where.encounterId = encounterId;
    if (status) where.status = status;
    // Claims are paged on their own rows, then their lines are read for that page (a join under
    // LIMIT would page service lines, not claims).
    const { total, items } = await findPage(this.db.getRepository(Claim), page, {
      where,
      order: CLAIM_SORTS.order(sort),
    });
    const lines = items.length
      ? await this.db.getRepository(ServiceLine).find({
          where: { claimId: In(items.map((c) => c.id)) },
          order: { claimId: 'ASC', lineNumber: 'ASC' },
        })
      : [];
    for (const claim of items) claim.serviceLines = lines.filter((l) => l.claimId === claim.id);
    return { total, items };
  }

  @Get(':id')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One claim with its service lines' })
  @ApiOkResponse({ type: ClaimResponse })
  async get(@PathUuid() id: string) {
    const claim = await this.db.getRepository(Claim).findOne({
      where: { id },
      relations: { serviceLines: true },
      order: { serviceLines: { lineNumber: 'ASC' } },
    });
    if (!claim) throw new NotFoundException(`claim ${id} not found`);
    return claim;
  }

  @Get(':id/history')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "The claim's status changes, oldest first: from, to, when, who, which file, why" })
  @ApiOkResponse({ type: ClaimHistoryResponse })
  async history(@PathUuid() id: string): Promise<ClaimHistoryResponse> {
    const claim = await this.db.getRepository(Claim).findOne({
      where: { id },
      select: { id: true, patientId: true, patientControlNumber: true, status: true },
    });
    if (!claim) throw new NotFoundException(`claim ${id} not found`);
    const changes = await this.db
      .getRepository(ClaimStatusChange)
      .find({ where: { claimId: id }, order: { id: 'ASC' } });
    return {
      id: claim.id,
      patientId: claim.patientId,
      patientControlNumber: claim.patientControlNumber,
      status: claim.status,
      changes: changes.map((c) => ({
        from: c.fromStatus,
        to: c.toStatus,
        at: c.changedAt.toISOString(),
        by: c.changedBy,
        source: c.source,
        reason: c.reason,
      })),
    };
  }
}
