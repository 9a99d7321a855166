import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryOneOf,
  QueryText,
  QueryTimestamp,
  QueryUuid,
} from '@revcycle/runtime';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, AuditAction, AuditOutcome } from '@revcycle/contracts';
import { SERVICE_SCHEMAS, ServiceSchema } from '@revcycle/persistence';
import { HasPermission, permissions } from '@revcycle/security';
import { AuditLogService } from './audit-log.service';
import { AuditEntryResponse, ChainReportResponse } from './dto/audit-entry.response';

const ORDERS = ['asc', 'desc'] as const;

@ApiBearerAuth()
@ApiTags('compliance')
@Controller('audit')
@UseInterceptors(PhiAuditInterceptor)
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @HasPermission(permissions.readAudit)
  @AuditedPhiAccess({ resourceType: 'AuditLog', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'Search the audit log (who did what to which record, when)' })
  @ApiPageOf(AuditEntryResponse)
  search(
    @QueryUuid('patientId') patientId: string | undefined,
    @QueryText('actorId', { maxLength: 200 }, 'the user or service that acted') actorId: string | undefined,
    @QueryOneOf('outcome', AUDIT_OUTCOMES) outcome: AuditOutcome | undefined,
    @QueryOneOf('action', AUDIT_ACTIONS) action: AuditAction | undefined,
    @QueryOneOf('service', SERVICE_SCHEMAS) service: ServiceSchema | undefined,
    @QueryTimestamp('from', 'inclusive') from: string | undefined,
    @QueryTimestamp('to', 'exclusive') to: string | undefined,
    @QueryOneOf(
      'order',
      ORDERS,
      'by time (then segment and place in it): asc (default, oldest first) or desc (newest first)',
    )
    order: (typeof ORDERS)[number] | undefined,
    @Page(100) page: PageRequest,
  ) {
    return this.log.search({ patientId, actorId, outcome, action, service, from, to, order, ...page });
  }

  @Get('verify')
  @HasPermission(permissions.readAudit)
  @ApiOperation({ summary: 'Verify the audit chain against its key and the latest signed checkpoint' })
  @ApiOkResponse({ type: ChainReportResponse })
  verify() {
    return this.log.verify();
  }
}
