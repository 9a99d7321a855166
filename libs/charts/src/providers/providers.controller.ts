import { Body, Controller, Get, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { HasPermission, permissions } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict, fieldError } from '../shared/field-error';
import { CreateProviderDto } from './dto/provider.dto';
import { Provider } from './provider.entity';

/** Providers (NPI, taxonomy, address, TIN) are not PHI: permission-checked, not audited. */
@ApiTags('charts: providers')
@Controller('providers')
export class ProvidersController {
  constructor(@InjectDataSource('charts') private readonly db: DataSource) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @ApiConflictResponse({ description: 'a provider with this NPI exists' })
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
  list(): Promise<Provider[]> {
    return this.db.getRepository(Provider).find({ order: { name: 'ASC' } });
  }
}
