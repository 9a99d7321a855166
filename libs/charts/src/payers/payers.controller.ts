import { Body, Controller, Get, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { HasPermission, permissions } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict } from '../shared/field-error';
import { CreatePayerDto } from './dto/payer.dto';
import { Payer } from './payer.entity';

/** Payers are reference data (no PHI): permission-checked, not audited. */
@ApiTags('charts: payers')
@Controller('payers')
export class PayersController {
  constructor(@InjectDataSource('charts') private readonly db: DataSource) {}

  @Post()
  @HasPermission(permissions.writeChart)
  @ApiConflictResponse({ description: 'a payer with this payerId exists' })
  async create(@Body() dto: CreatePayerDto): Promise<Payer> {
    const repo = this.db.getRepository(Payer);
    if (await repo.existsBy({ payerId: dto.payerId }))
      throw conflict(`payer with payerId ${dto.payerId} already exists`);
    return repo.save(repo.create({ id: randomUUID(), ...dto }));
  }

  @Get()
  @HasPermission(permissions.readChart)
  list(): Promise<Payer[]> {
    return this.db.getRepository(Payer).find({ order: { name: 'ASC' } });
  }
}
