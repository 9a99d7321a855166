import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryOneOf,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CreateEncounterDto } from './dto/encounter.dto';
import { EncountersService } from './encounters.service';

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
  create(@Body() dto: CreateEncounterDto) {
    return this.encounters.create(dto);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'read' })
  @ApiPage()
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
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.encounters.get(id);
  }

  @Post(':id/finalize')
  @HttpCode(200)
  @HasPermission(permissions.finalizeEncounter)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'finalize' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the encounter was already finalized' })
  finalize(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.encounters.finalize(id, principal);
  }
}
