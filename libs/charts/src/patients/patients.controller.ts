import { Body, Controller, DefaultValuePipe, Get, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { CreateCoverageDto, CreatePatientDto } from './dto/patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('charts: patients')
@Controller('patients')
@UseInterceptors(PhiAuditInterceptor)
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'create' })
  @ApiBadRequestResponse({ description: 'field-level validation errors' })
  create(@Body() dto: CreatePatientDto) {
    return this.patients.create(dto);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'read' })
  list(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number, @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number) {
    return this.patients.list(Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
  }

  @Get(':id')
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'read' })
  @ApiNotFoundResponse()
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.get(id);
  }

  @Post(':id/coverages')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Coverage', action: 'create' })
  @ApiNotFoundResponse()
  addCoverage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateCoverageDto) {
    return this.patients.addCoverage(id, dto);
  }

  @Get(':id/coverages')
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Coverage', action: 'read' })
  coverages(@Param('id', ParseUUIDPipe) id: string) {
    return this.patients.coverages(id);
  }
}
