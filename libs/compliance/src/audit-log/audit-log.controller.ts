import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
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
  search(
    @Query('patientId') patientId: string | undefined,
    @Query('actorId') actorId: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    return this.log.search({ patientId, actorId, from, to, limit: Math.min(Math.max(limit, 1), 1000), offset: Math.max(offset, 0) });
  }

  @Get('verify')
  @HasPermission(permissions.readAudit)
  verify() {
    return this.log.verify();
  }
}
