import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiPage, AuditedPhiAccess, Page, PageRequest, PhiAuditInterceptor } from '@revcycle/runtime';
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
  @ApiPage()
  list(@Page() page: PageRequest) {
    return this.patients.list(page.limit, page.offset);
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
