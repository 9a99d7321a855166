import { Controller, Get, NotFoundException, Param, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryUuid,
  findPage,
} from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { ClaimLedgerEntry } from './ledger-entry.entity';
import { LedgerEntryResponse } from './dto/ledger-entry.response';

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/ledger')
@UseInterceptors(PhiAuditInterceptor)
export class LedgerController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ClaimLedgerEntry', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'The claim ledger (claims billed), newest first' })
  @ApiPageOf(LedgerEntryResponse)
  async list(
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<ClaimLedgerEntry> = payerId ? { payerId } : {};
    return findPage(this.db.getRepository(ClaimLedgerEntry), page, {
      where,
      order: { recordedAt: 'DESC', claimId: 'DESC' },
    });
  }

  @Get(':patientControlNumber')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ClaimLedgerEntry', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One ledger entry by patient control number (CLP01)' })
  @ApiOkResponse({ type: LedgerEntryResponse })
  async get(@Param('patientControlNumber') pcn: string) {
    const entry = await this.db.getRepository(ClaimLedgerEntry).findOneBy({ patientControlNumber: pcn });
    if (!entry) throw new NotFoundException(`no claim with patient control number ${pcn}`);
    return entry;
  }
}
