import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  fieldError,
} from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { AuditLogService } from './audit-log.service';

@ApiTags('compliance')
@Controller('audit')
@UseInterceptors(PhiAuditInterceptor)
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @HasPermission(permissions.readAudit)
  @AuditedPhiAccess({ resourceType: 'AuditLog', action: 'read' })
  @ApiQuery({ name: 'patientId', required: false })
  @ApiQuery({ name: 'actorId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO timestamp, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO timestamp, exclusive' })
  @ApiPage()
  search(
    @Query('patientId') patientId: string | undefined,
    @Query('actorId') actorId: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Page(100) page: PageRequest,
  ) {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        throw fieldError(field, `${field} must be an ISO timestamp`);
    }
    return this.log.search({ patientId, actorId, from, to, ...page });
  }

  @Get('verify')
  @HasPermission(permissions.readAudit)
  verify() {
    return this.log.verify();
  }
}
