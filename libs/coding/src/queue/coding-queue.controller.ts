import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryOneOf,
  QueryUuid,
} from '@revcycle/runtime';
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
  @ApiPage()
  list(
    @QueryOneOf('status', ['open', 'completed'] as const, 'default open')
    status: 'open' | 'completed' | undefined,
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @Page() page: PageRequest,
  ) {
    return this.queue.list({ status, payerId, ...page });
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
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CompleteCodingDto,
    @CurrentPrincipal() coder: Principal,
  ) {
    return this.queue.complete(id, dto, coder);
  }
}
