import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { fieldError } from '../shared/field-error';
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
  @ApiBadRequestResponse({ description: 'field-level errors, including unknown patient, coverage or provider ids' })
  create(@Body() dto: CreateEncounterDto) {
    return this.encounters.create(dto);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Encounter', action: 'read' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'finalized'] })
  list(
    @Query('status') status: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    if (status !== undefined && status !== 'open' && status !== 'finalized') throw fieldError('status', 'status must be open or finalized');
    return this.encounters.list(status, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
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
