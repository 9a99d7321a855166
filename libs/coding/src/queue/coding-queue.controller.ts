import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  QueryOneOf,
  QuerySort,
  QueryUuid,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CODING_QUEUE_SORTS, CodingQueueService, CodingQueueSort } from './coding-queue.service';
import { CompleteCodingDto } from './dto/complete-coding.dto';
import { CodingWorkItemResponse, CompletedWorkItemResponse } from './dto/work-item.response';

@ApiBearerAuth()
@ApiTags('coding')
@Controller('coding')
@UseInterceptors(PhiAuditInterceptor)
export class CodingQueueController {
  constructor(private readonly queue: CodingQueueService) {}

  @Get('queue')
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'The coder work queue: encounters whose codes did not validate' })
  @ApiPageOf(CodingWorkItemResponse)
  list(
    @QueryOneOf('status', ['open', 'completed'] as const, 'default open')
    status: 'open' | 'completed' | undefined,
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @QuerySort(CODING_QUEUE_SORTS, 'created-at is waiting longest first') sort: CodingQueueSort | undefined,
    @Page() page: PageRequest,
  ) {
    return this.queue.list({ status, payerId, sort, ...page });
  }

  @Get('queue/:id')
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One coding work item' })
  @ApiOkResponse({ type: CodingWorkItemResponse })
  get(@PathUuid() id: string) {
    return this.queue.get(id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @HasPermission(permissions.workCodingQueue)
  @AuditedPhiAccess({ resourceType: 'CodingWorkItem', action: 'update' })
  @ApiBadRequestResponse({ description: 'the codes still do not validate; each problem named by field' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'already completed' })
  @ApiOperation({ summary: "Apply the coder's codes; emits coding.encounter.coded when they validate" })
  @ApiOkResponse({
    type: CompletedWorkItemResponse,
    description: 'completed; `warnings` names procedure codes the code set lacks',
  })
  complete(@PathUuid() id: string, @Body() dto: CompleteCodingDto, @CurrentPrincipal() coder: Principal) {
    return this.queue.complete(id, dto, coder);
  }
}
