import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Post,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '@revcycle/contracts';
import {
  DEAD_LETTER_STATUSES,
  DeadLetterConflict,
  DeadLetterNotFound,
  DeadLetterResolution,
  DeadLetterStatus,
  isTransientFailure,
} from '@revcycle/messaging';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-trail';
import { fieldError } from '../http/field-error';
import { ApiPageOf, PathUuid } from '../http/openapi';
import { ApiPage, Page, PageRequest } from '../http/page';
import { QueryOneOf, QueryText } from '../http/query';
import { DeadLetterDesk, DeadLetterReachExceeded, ServiceDeadLetters } from './dead-letter-desk';
import {
  DeadLetterResolutionResponse,
  DeadLetterResponse,
  DiscardDeadLetterDto,
} from './dead-letter.response';

interface AuditedRequest {
  method: string;
  route?: { path?: string };
  id?: string | number;
  ip?: string;
}

const NAME = { maxLength: 200, pattern: /^[A-Za-z0-9._-]+$/, shape: 'a consumer or topic name' };

/**
 * The dead letters of this process's consumers (every service; the platform's five at once):
 * listed without their content, replayed through the same handler, or discarded — each action
 * audited in the service that owns the dead letter, its success entry in the action's transaction.
 */
@ApiBearerAuth()
@ApiTags('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly desk: DeadLetterDesk) {}

  @Get()
  @HasPermission(permissions.manageDeadLetters)
  @ApiPage()
  @ApiOperation({
    summary:
      "dead letters, newest first, with their error, attempts and how many later events of their key are parked; never the message's content",
  })
  @ApiPageOf(DeadLetterResponse)
  async list(
    @QueryText('consumer', NAME) consumer: string | undefined,
    @QueryText('topic', NAME) topic: string | undefined,
    @QueryOneOf('status', DEAD_LETTER_STATUSES) status: DeadLetterStatus | undefined,
    @QueryText('service', { maxLength: 40, pattern: /^[a-z]+$/, shape: 'a service name' })
    service: string | undefined,
    @Page() page: PageRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuditedRequest,
  ) {
    if (service !== undefined && !this.desk.schemas.includes(service))
      throw fieldError('service', `service must be one of ${this.desk.schemas.join(', ')}`);
    try {
      const result = await this.desk.list({ consumer, topic, status, service }, page);
      const audit = (service ? this.desk.service(service) : undefined) ?? this.desk.first();
      await audit?.trail.record(actorOf(principal), [entry(request, 'read', undefined, 'success')]);
      return result;
    } catch (err) {
      if (err instanceof DeadLetterReachExceeded) throw fieldError('offset', err.message);
      throw err;
    }
  }

  @Post(':id/replay')
  @HttpCode(200)
  @HasPermission(permissions.manageDeadLetters)
  @ApiOperation({
    summary:
      'applies the dead letter again through its consumer, then the events of its key parked behind it, in order; outcome failed leaves it open',
  })
  @ApiOkResponse({ type: DeadLetterResolutionResponse })
  @ApiNotFoundResponse({ description: 'no such dead letter' })
  @ApiConflictResponse({
    description: 'already replayed or discarded, or an earlier dead letter of its key is open',
  })
  replay(@PathUuid() id: string, @CurrentPrincipal() principal: Principal, @Req() request: AuditedRequest) {
    return this.resolve(id, principal, request, 'update', (entry, by, inResolution) =>
      entry.letters.replay(id, by, inResolution),
    );
  }

  @Post(':id/discard')
  @HttpCode(200)
  @HasPermission(permissions.manageDeadLetters)
  @ApiOperation({
    summary:
      'gives the dead letter up (never applied), then applies the events of its key parked behind it, in order',
  })
  @ApiOkResponse({ type: DeadLetterResolutionResponse })
  @ApiNotFoundResponse({ description: 'no such dead letter' })
  @ApiConflictResponse({ description: 'already replayed or discarded' })
  discard(
    @PathUuid() id: string,
    @Body() body: DiscardDeadLetterDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuditedRequest,
  ) {
    return this.resolve(id, principal, request, 'delete', (entry, by, inResolution) =>
      entry.letters.discard(id, body.reason.trim(), by, inResolution),
    );
  }

  private async resolve(
    id: string,
    principal: Principal,
    request: AuditedRequest,
    action: AuditEntry['action'],
    run: (
      entry: ServiceDeadLetters,
      by: string,
      inResolution: (m: EntityManager, r: DeadLetterResolution) => Promise<void>,
    ) => Promise<DeadLetterResolution>,
  ): Promise<DeadLetterResolution> {
    const actor = actorOf(principal);
    const found = await this.desk.find(id);
    if (!found) {
      await this.desk.first()?.trail.record(actor, [entry(request, action, id, 'failure')]);
      throw new NotFoundException(`no dead letter ${id}`);
    }
    const { entry: service } = found;
    try {
      return await run(service, `${principal.role}:${principal.id}`, (m, r) =>
        service.trail.record(
          actor,
          [entry(request, action, id, r.outcome === 'failed' ? 'failure' : 'success')],
          m,
        ),
      );
    } catch (err) {
      await service.trail.record(actor, [entry(request, action, id, 'failure')]).catch(() => undefined);
      if (err instanceof DeadLetterNotFound) throw new NotFoundException(err.message);
      if (err instanceof DeadLetterConflict) throw new ConflictException(err.message);
      if (isTransientFailure(err))
        throw new ServiceUnavailableException('the database is unavailable: nothing was changed, try again');
      throw err;
    }
  }
}

const actorOf = (principal: Principal): Actor => ({ id: principal.id, role: principal.role });

function entry(
  request: AuditedRequest,
  action: AuditEntry['action'],
  resourceId: string | undefined,
  outcome: AuditEntry['outcome'],
): AuditEntry {
  return {
    resourceType: 'DeadLetter',
    action,
    resourceId,
    outcome,
    operation: `${request.method} ${request.route?.path ?? ''}`.trim().slice(0, 200),
    requestId: request.id === undefined ? undefined : String(request.id),
    sourceIp: request.ip?.slice(0, 100),
  };
}
