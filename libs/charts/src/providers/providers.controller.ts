import { Body, Controller, Get, Patch, Post, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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
  NEWEST_FIRST,
  Page,
  PageOf,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  findPage,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict, fieldError } from '../shared/field-error';
import { CreateProviderDto, UpdateProviderDto } from './dto/provider.dto';
import { Provider } from './provider.entity';
import { ProvidersService } from './providers.service';
import { ProviderResponse } from './dto/provider.response';

/** Providers (NPI, taxonomy, address, TIN) are not PHI: permission-checked; a fix (PATCH) is audited as a write. */
@ApiBearerAuth()
@ApiTags('charts: providers')
@Controller('providers')
@UseInterceptors(PhiAuditInterceptor)
export class ProvidersController {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly providers: ProvidersService,
  ) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @ApiConflictResponse({ description: 'a provider with this NPI exists' })
  @ApiOperation({ summary: 'Add a billing, rendering or referring provider' })
  @ApiCreatedResponse({ type: ProviderResponse })
  async create(@Body() dto: CreateProviderDto): Promise<Provider> {
    if (dto.kind === 'individual' && !dto.firstName)
      throw fieldError('firstName', 'firstName is required for an individual provider');
    const repo = this.db.getRepository(Provider);
    if (await repo.existsBy({ npi: dto.npi })) throw conflict(`provider with NPI ${dto.npi} already exists`);
    return repo.save(
      repo.create({
        id: randomUUID(),
        ...dto,
        firstName: dto.firstName ?? null,
        taxonomy: dto.taxonomy ?? null,
        taxId: dto.taxId ?? null,
        address: dto.address ?? null,
      }),
    );
  }

  @Get()
  @HasPermission(permissions.readChart)
  @ApiPage()
  @ApiOperation({ summary: 'List providers' })
  @ApiPageOf(ProviderResponse)
  list(@Page() page: PageRequest): Promise<PageOf<Provider>> {
    return findPage(this.db.getRepository(Provider), page, { order: NEWEST_FIRST });
  }

  @Patch(':id')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Provider', action: 'update' })
  @ApiBadRequestResponse({ description: 'field-level errors, as on create' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'another provider has this NPI' })
  @ApiOperation({ summary: 'Fix a provider' })
  @ApiOkResponse({ type: ProviderResponse })
  update(
    @PathUuid() id: string,
    @Body() patch: UpdateProviderDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<Provider> {
    return this.providers.update(id, patch, by);
  }
}
