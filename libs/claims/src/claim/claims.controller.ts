import { BadRequestException, Controller, DefaultValuePipe, Get, NotFoundException, Param, ParseIntPipe, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
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
  async list(
    @Query('payerId') payerId: string | undefined,
    @Query('patientId') patientId: string | undefined,
    @Query('encounterId') encounterId: string | undefined,
    @Query('status') status: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const where: FindOptionsWhere<Claim> = {};
    if (payerId) where.payerId = payerId;
    if (patientId) where.patientId = patientId;
    if (encounterId) where.encounterId = encounterId;
    if (status === 'ready' || status === 'rejected') where.status = status;
    else if (status !== undefined) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field: 'status', messages: ['status must be ready or rejected'] }] });
    const [items, total] = await this.db.getRepository(Claim).findAndCount({
      where,
      relations: { serviceLines: true },
      order: { createdAt: 'DESC', serviceLines: { lineNumber: 'ASC' } },
      take: Math.min(Math.max(limit, 1), 500),
      skip: Math.max(offset, 0),
    });
    return { total, items };
  }

  @Get(':id')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const claim = await this.db.getRepository(Claim).findOne({ where: { id }, relations: { serviceLines: true }, order: { serviceLines: { lineNumber: 'ASC' } } });
    if (!claim) throw new NotFoundException(`claim ${id} not found`);
    return claim;
  }
}
