import { Controller, Get, NotFoundException, Param, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { claimAccount } from './claim-account';
import { ClaimAccountResponse } from './claim-account.response';

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/claims')
@UseInterceptors(PhiAuditInterceptor)
export class ClaimAccountsController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get(':patientControlNumber')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ClaimAccount', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({
    summary:
      'A claim by patient control number (CLP01): charge, paid, adjustments, patient responsibility, balance, status and every posting',
  })
  @ApiOkResponse({ type: ClaimAccountResponse })
  async get(@Param('patientControlNumber') pcn: string) {
    const account = await claimAccount(this.db, pcn);
    if (!account) throw new NotFoundException(`no claim with patient control number ${pcn}`);
    return account;
  }
}
