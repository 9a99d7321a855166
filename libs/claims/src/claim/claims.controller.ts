import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryOneOf,
  QueryUuid,
} from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { Claim } from './claim.entity';

@ApiTags('claims')
@Controller('claims')
@UseInterceptors(PhiAuditInterceptor)
export class ClaimsController {
  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiPage()
  async list(
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @QueryUuid('patientId') patientId: string | undefined,
    @QueryUuid('encounterId') encounterId: string | undefined,
    @QueryOneOf('status', ['ready', 'rejected'] as const) status: 'ready' | 'rejected' | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<Claim> = {};
    if (payerId) where.payerId = payerId;
    if (patientId) where.patientId = patientId;
    if (encounterId) where.encounterId = encounterId;
    if (status) where.status = status;
    const [items, total] = await this.db.getRepository(Claim).findAndCount({
      where,
      relations: { serviceLines: true },
      order: { createdAt: 'DESC', serviceLines: { lineNumber: 'ASC' } },
      take: page.limit,
      skip: page.offset,
    });
    return { total, items };
  }

  @Get(':id')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const claim = await this.db.getRepository(Claim).findOne({
      where: { id },
      relations: { serviceLines: true },
      order: { serviceLines: { lineNumber: 'ASC' } },
    });
    if (!claim) throw new NotFoundException(`claim ${id} not found`);
    return claim;
  }
}
