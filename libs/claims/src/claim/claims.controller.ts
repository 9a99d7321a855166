import {
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  oneOfQuery,
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
  @ApiQuery({ name: 'payerId', required: false })
  @ApiQuery({ name: 'patientId', required: false })
  @ApiQuery({ name: 'encounterId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['ready', 'rejected'] })
  @ApiPage()
  async list(
    @Query('payerId') payerId: string | undefined,
    @Query('patientId') patientId: string | undefined,
    @Query('encounterId') encounterId: string | undefined,
    @Query('status') status: string | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<Claim> = {};
    if (payerId) where.payerId = payerId;
    if (patientId) where.patientId = patientId;
    if (encounterId) where.encounterId = encounterId;
    const wanted = oneOfQuery('status', status, ['ready', 'rejected'] as const);
    if (wanted) where.status = wanted;
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
