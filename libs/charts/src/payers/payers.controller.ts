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
import { conflict } from '../shared/field-error';
import { CreatePayerDto, UpdatePayerDto } from './dto/payer.dto';
import { Payer } from './payer.entity';
import { PayersService } from './payers.service';
import { PayerResponse } from './dto/payer.response';

/**
 * Payers are reference data (no PHI): permission-checked — the directory is readable by every
 * portal role (payer:read), changed by chart writers; a fix (PATCH) is audited as a write.
 */
@ApiBearerAuth()
@ApiTags('charts: payers')
@Controller('payers')
@UseInterceptors(PhiAuditInterceptor)
export class PayersController {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly payers: PayersService,
  ) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @ApiConflictResponse({ description: 'a payer with this payerId exists' })
  @ApiOperation({ summary: 'Add a payer' })
  @ApiCreatedResponse({ type: PayerResponse })
  async create(@Body() dto: CreatePayerDto): Promise<Payer> {
    const repo = this.db.getRepository(Payer);
    if (await repo.existsBy({ payerId: dto.payerId }))
      throw conflict(`payer with payerId ${dto.payerId} already exists`);
    return repo.save(repo.create({ id: randomUUID(), ...dto }));
  }

  @Get()
  @HasPermission(permissions.readPayerDirectory)
  @ApiPage()
  @ApiOperation({
    summary: 'List payers (the payer directory)',
    description:
      'Names and electronic payer ids only — reference data, no PHI — so every portal role may read it ' +
      '(payer:read), finance included; coverages stay behind chart:read.',
  })
  @ApiPageOf(PayerResponse)
  list(@Page() page: PageRequest): Promise<PageOf<Payer>> {
    return findPage(this.db.getRepository(Payer), page, { order: NEWEST_FIRST });
  }

  @Patch(':id')
  @HasPermission(permissions.writeChart)
  @AuditedPhiAccess({ resourceType: 'Payer', action: 'update' })
  @ApiBadRequestResponse({ description: 'field-level errors, as on create' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'another payer has this payerId' })
  @ApiOperation({ summary: 'Fix a payer' })
  @ApiOkResponse({ type: PayerResponse })
  update(
    @PathUuid() id: string,
    @Body() patch: UpdatePayerDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<Payer> {
    return this.payers.update(id, patch, by);
  }
}
