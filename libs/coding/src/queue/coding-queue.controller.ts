import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CodingQueueService } from './coding-queue.service';
import { CompleteCodingDto } from './dto/complete-coding.dto';

@ApiTags('coding')
@Controller('coding')
@UseInterceptors(PhiAuditInterceptor)
export class CodingQueueController {
  constructor(private readonly queue: CodingQueueService) {}

  @Get('queue')
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'read' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'completed'] })
  @ApiQuery({ name: 'payerId', required: false })
  list(
    @Query('status') status: 'open' | 'completed' | undefined,
    @Query('payerId') payerId: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const s = status === 'completed' ? 'completed' : 'open';
    return this.queue.list({ status: s, payerId, limit: Math.min(Math.max(limit, 1), 500), offset: Math.max(offset, 0) });
  }

  @Get('queue/:id')
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'read' })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queue.get(id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'update' })
  @ApiBadRequestResponse({ description: 'the codes still do not validate; each problem named by field' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'already completed' })
  complete(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CompleteCodingDto, @CurrentPrincipal() coder: Principal) {
    return this.queue.complete(id, dto, coder);
  }
}
