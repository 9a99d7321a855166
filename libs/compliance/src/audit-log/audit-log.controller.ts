import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryText,
  QueryTimestamp,
  QueryUuid,
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
  @ApiPage()
  search(
    @QueryUuid('patientId') patientId: string | undefined,
    @QueryText('actorId', { maxLength: 200 }, 'the user or service that acted') actorId: string | undefined,
    @QueryTimestamp('from', 'inclusive') from: string | undefined,
    @QueryTimestamp('to', 'exclusive') to: string | undefined,
    @Page(100) page: PageRequest,
  ) {
    return this.log.search({ patientId, actorId, from, to, ...page });
  }

  @Get('verify')
  @HasPermission(permissions.readAudit)
  verify() {
    return this.log.verify();
  }
}
