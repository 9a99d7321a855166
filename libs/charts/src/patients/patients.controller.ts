import { Body, Controller, Get, Patch, Post, UseInterceptors } from '@nestjs/common';
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
  QuerySort,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { CoverageUpdates } from './coverage-updates';
import { CreateCoverageDto, CreatePatientDto, UpdateCoverageDto, UpdatePatientDto } from './dto/patient.dto';
import {
  SearchDateOfBirth,
  SearchFirstName,
  SearchLastName,
  SearchMrn,
  patientSearch,
} from './patient-search';
import { PATIENT_SORTS, PatientSort, PatientsService } from './patients.service';
import { CoverageResponse, PatientResponse } from './dto/patient.response';

@ApiBearerAuth()
@ApiTags('charts: patients')
@Controller('patients')
@UseInterceptors(PhiAuditInterceptor)
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly coverageUpdates: CoverageUpdates,
  ) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'create' })
  @ApiBadRequestResponse({ description: 'field-level validation errors' })
  @ApiConflictResponse({ description: 'a patient with this MRN (trimmed, case-folded) exists' })
  @ApiOperation({ summary: 'Register a patient' })
  @ApiCreatedResponse({ type: PatientResponse })
  create(@Body() dto: CreatePatientDto) {
    return this.patients.create(dto);
  }

  @Get()
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'read' })
  @ApiPage()
  @ApiOperation({
    summary: 'List patients, newest first (or ?sort=), or find them by MRN, name and date of birth',
  })
  @ApiPageOf(PatientResponse)
  list(
    @SearchMrn() mrn: string | undefined,
    @SearchLastName() lastName: string | undefined,
    @SearchFirstName() firstName: string | undefined,
    @SearchDateOfBirth() dateOfBirth: string | undefined,
    @QuerySort(
      PATIENT_SORTS,
      'created-at is when the patient was registered; MRN, names and birth dates are sealed at rest and cannot be sorted',
    )
    sort: PatientSort | undefined,
    @Page() page: PageRequest,
  ) {
    return this.patients.list(
      patientSearch({ mrn, lastName, firstName, dateOfBirth }),
      page.limit,
      page.offset,
      sort,
    );
  }

  @Get(':id')
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One patient' })
  @ApiOkResponse({ type: PatientResponse })
  get(@PathUuid() id: string) {
    return this.patients.get(id);
  }

  @Patch(':id')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Patient', action: 'update' })
  @ApiBadRequestResponse({ description: 'field-level errors, as on create; null for a required field' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'another patient has this MRN' })
  @ApiOperation({ summary: "Fix a patient's demographics" })
  @ApiOkResponse({ type: PatientResponse })
  update(@PathUuid() id: string, @Body() patch: UpdatePatientDto, @CurrentPrincipal() by: Principal) {
    return this.patients.update(id, patch, by);
  }

  @Post(':id/coverages')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Coverage', action: 'create' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'Add a coverage (insurance) to a patient' })
  @ApiCreatedResponse({ type: CoverageResponse })
  @ApiBadRequestResponse({ description: 'field-level errors; unknown payerId; subscriber missing' })
  addCoverage(@PathUuid() id: string, @Body() dto: CreateCoverageDto) {
    return this.patients.addCoverage(id, dto);
  }

  @Get(':id/coverages')
  @HasPermission(permissions.readChart)
  @AuditedPhiAccess({ resourceType: 'Coverage', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: "A patient's coverages" })
  @ApiPageOf(CoverageResponse)
  @ApiNotFoundResponse()
  coverages(@PathUuid() id: string, @Page() page: PageRequest) {
    return this.patients.coverages(id, page);
  }

  @Patch(':id/coverages/:coverageId')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Coverage', action: 'update' })
  @ApiBadRequestResponse({ description: 'field-level errors, as on create; unknown payerId' })
  @ApiNotFoundResponse({ description: 'no such coverage of this patient' })
  @ApiOperation({ summary: 'Fix a coverage' })
  @ApiOkResponse({ type: CoverageResponse })
  updateCoverage(
    @PathUuid() id: string,
    @PathUuid('coverageId') coverageId: string,
    @Body() patch: UpdateCoverageDto,
    @CurrentPrincipal() by: Principal,
  ) {
    return this.coverageUpdates.update(id, coverageId, patch, by);
  }
}
