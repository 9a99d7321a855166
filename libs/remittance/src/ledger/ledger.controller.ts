import { Controller, DefaultValuePipe, Get, NotFoundException, Param, ParseIntPipe, Query, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { ClaimLedgerEntry } from './ledger-entry.entity';

@ApiTags('remittance')
@Controller('remittance/ledger')
@UseInterceptors(PhiAuditInterceptor)
export class LedgerController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ClaimLedgerEntry', action: 'read' })
  @ApiQuery({ name: 'payerId', required: false })
  async list(
    @Query('payerId') payerId: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const where: FindOptionsWhere<ClaimLedgerEntry> = payerId ? { payerId } : {};
    const [items, total] = await this.db.getRepository(ClaimLedgerEntry).findAndCount({
      where,
      order: { recordedAt: 'DESC' },
      take: Math.min(Math.max(limit, 1), 500),
      skip: Math.max(offset, 0),
    });
    return { total, items };
  }

  @Get(':patientControlNumber')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ClaimLedgerEntry', action: 'read' })
  @ApiNotFoundResponse()
  async get(@Param('patientControlNumber') pcn: string) {
    const entry = await this.db.getRepository(ClaimLedgerEntry).findOneBy({ patientControlNumber: pcn });
    if (!entry) throw new NotFoundException(`no claim with patient control number ${pcn}`);
    return entry;
  }
}
