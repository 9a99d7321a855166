import { Body, Controller, Get, HttpCode, Patch, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditInTransaction,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  PhiAuditOfRequest,
  QueryOneOf,
  QuerySort,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CreateEncounterDto, UpdateEncounterDto } from './dto/encounter.dto';
import {
  CreateEncounterBatchDto,
  EncounterBatchResponse,
  MAX_ENCOUNTERS_PER_BATCH,
} from './dto/encounter-batch.dto';
import { ENCOUNTER_SORTS, EncounterSort, EncountersService } from './encounters.service';
import { CreatedEncounterResponse, EncounterResponse } from './dto/encounter.response';

@ApiBearerAuth()
@ApiTags('charts: encounters')
@Controller('encounters')
@UseInterceptors(PhiAuditInterceptor)
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'create', inTransaction: true })
  @ApiBadRequestResponse({
    description: 'field-level errors, including unknown patient, coverage or provider ids',
  })
  @ApiOperation({ summary: 'Document an encounter (open until finalized)' })
  @ApiCreatedResponse({
    type: CreatedEncounterResponse,
    description: 'stored; `warnings` names procedure codes the code set lacks',
  })
  create(@Body() dto: CreateEncounterDto, @PhiAuditOfRequest() audit: AuditInTransaction) {
    return this.encounters.create(dto, audit);
  }

  @Post('batch')
  @HttpCode(200)
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'create', inTransaction: true })
  @ApiOperation({
    summary: 'Document up to 1,000 encounters at once (a practice-management feed)',
    description:
      'Each encounter is validated and stored on its own, in its own transaction: a bad one is refused ' +
      'with errors located as `encounters.<index>.<field>` and the others are stored. The answer is 200 ' +
      'with one result per encounter, in order.',
  })
  @ApiOkResponse({ type: EncounterBatchResponse })
  @ApiBadRequestResponse({ description: '`encounters` missing, empty, or not a list of objects' })
  @ApiPayloadTooLargeResponse({
    description: `more than ${MAX_ENCOUNTERS_PER_BATCH} encounters, or a body over 2 MB`,
  })
  createBatch(@Body() dto: CreateEncounterBatchDto, @PhiAuditOfRequest() audit: AuditInTransaction) {
    return this.encounters.createBatch(dto.encounters, audit);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'List encounters, newest first unless sorted otherwise' })
  @ApiPageOf(EncounterResponse)
  list(
    @QueryOneOf('status', ['open', 'finalized'] as const) status: 'open' | 'finalized' | undefined,
    @QuerySort(ENCOUNTER_SORTS, '-status puts open ones first')
    sort: EncounterSort | undefined,
    @Page() page: PageRequest,
  ) {
    return this.encounters.list(status, page, sort);
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

  @Patch(':id')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'update', inTransaction: true })
  @ApiBadRequestResponse({
    description:
      'field-level errors, as on create (unknown coverage or provider ids, pointers past the diagnoses); ' +
      'null for a field that cannot be cleared; patientId or any other unknown field',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'the encounter was finalized: corrections from then on go through coding and claims',
  })
  @ApiOperation({
    summary: 'Fix an open encounter before it is finalized',
    description:
      'Partial: the fields given replace the stored ones (diagnoses and procedures whole); null clears ' +
      'secondaryCoverageId or referringProviderId. Checked together with the fields kept, as create checks ' +
      'them. No event: nothing downstream sees an encounter before charts.encounter.finalized.',
  })
  @ApiOkResponse({
    type: CreatedEncounterResponse,
    description: 'the encounter as stored; `warnings` names procedure codes the code set lacks (when sent)',
  })
  update(
    @PathUuid() id: string,
    @Body() patch: UpdateEncounterDto,
    @PhiAuditOfRequest() audit: AuditInTransaction,
  ) {
    return this.encounters.update(id, patch, audit);
  }

  @Post(':id/finalize')
  @HttpCode(200)
  @HasPermission(permissions.finalizeEncounter)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'finalize', inTransaction: true })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the encounter was already finalized' })
  @ApiOperation({ summary: 'Sign the encounter off; emits charts.encounter.finalized' })
  @ApiOkResponse({ type: EncounterResponse })
  finalize(
    @PathUuid() id: string,
    @CurrentPrincipal() principal: Principal,
    @PhiAuditOfRequest() audit: AuditInTransaction,
  ) {
    return this.encounters.finalize(id, principal, audit);
  }
}
