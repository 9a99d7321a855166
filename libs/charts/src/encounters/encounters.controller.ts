import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
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
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CreateEncounterDto } from './dto/encounter.dto';
import { EncountersService } from './encounters.service';
import { CreatedEncounterResponse, EncounterResponse } from './dto/encounter.response';

@ApiBearerAuth()
@ApiTags('charts: encounters')
@Controller('encounters')
@UseInterceptors(PhiAuditInterceptor)
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'create' })
  @ApiBadRequestResponse({
    description: 'field-level errors, including unknown patient, coverage or provider ids',
  })
  @ApiOperation({ summary: 'Document an encounter (open until finalized)' })
  @ApiCreatedResponse({
    type: CreatedEncounterResponse,
    description: 'stored; `warnings` names procedure codes the code set lacks',
  })
  create(@Body() dto: CreateEncounterDto) {
    return this.encounters.create(dto);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'List encounters, newest first' })
  @ApiPageOf(EncounterResponse)
  list(
    @QueryOneOf('status', ['open', 'finalized'] as const) status: 'open' | 'finalized' | undefined,
    @Page() page: PageRequest,
  ) {
    return this.encounters.list(status, page);
  }

  @Get(':id')
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One encounter' })
  @ApiOkResponse({ type: EncounterResponse })
  get(@PathUuid() id: string) {
    return this.encounters.get(id);
  }

  @Post(':id/finalize')
  @HttpCode(200)
  @HasPermission(permissions.finalizeEncounter)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'finalize' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the encounter was already finalized' })
  @ApiOperation({ summary: 'Sign the encounter off; emits charts.encounter.finalized' })
  @ApiOkResponse({ type: EncounterResponse })
  finalize(@PathUuid() id: string, @CurrentPrincipal() principal: Principal) {
    return this.encounters.finalize(id, principal);
  }
}
