import { ConflictException, Inject, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Icd10CmCodeSet, normalizeIcd10Cm } from '@revcycle/codesets';
import { EncounterFinalized } from '@revcycle/contracts';
import {
  FieldWarning,
  SortOf,
  fieldErrors,
  findPage,
  listSort,
  loadKnownProcedureCodes,
  unknownProcedureWarnings,
} from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { ICD10CM } from '../icd10cm.provider';
import { CodingService } from '../intake/coding.service';
import { validateCodes } from '../validation/code-validation';
import { CompleteCodingDto } from './dto/complete-coding.dto';
import { CodingWorkItem } from './work-item.entity';

/** The coding queue's orders (`?sort=`): created-at (oldest first) by default (a work queue); the id breaks ties. */
export const CODING_QUEUE_SORTS = listSort(
  { 'created-at': 'created_at', 'date-of-service': 'date_of_service' },
  { default: 'created-at' },
);
export type CodingQueueSort = SortOf<typeof CODING_QUEUE_SORTS>;

export interface QueueFilter {
  status?: 'open' | 'completed';
  payerId?: string;
  sort?: CodingQueueSort;
  limit: number;
  offset: number;
}

@Injectable()
export class CodingQueueService implements OnModuleInit {
  constructor(
    @InjectDataSource('coding') private readonly db: DataSource,
    @Inject(ICD10CM) private readonly icd: Icd10CmCodeSet,
    private readonly coding: CodingService,
  ) {}

  onModuleInit(): void {
    loadKnownProcedureCodes();
  }

  async list(filter: QueueFilter): Promise<{ total: number; items: CodingWorkItem[] }> {
    const where = { status: filter.status ?? 'open', ...(filter.payerId ? { payerId: filter.payerId } : {}) };
    return findPage(this.db.getRepository(CodingWorkItem), filter, {
      where,
      order: CODING_QUEUE_SORTS.order(filter.sort),
    });
  }

  async get(id: string): Promise<CodingWorkItem> {
    const item = await this.db.getRepository(CodingWorkItem).findOneBy({ id });
    if (!item) throw new NotFoundException(`coding work item ${id} not found`);
    return item;
  }

  /**
   * Applies the coder's codes, validates them again and, when clean, emits the coded encounter and
   * closes the item — all in one transaction. Still-invalid codes: 400 naming each, nothing changed.
   * Well-formed procedure codes the packaged code set lacks are accepted and named in `warnings`.
   */
  async complete(
    id: string,
    dto: CompleteCodingDto,
    coder: Principal,
  ): Promise<CodingWorkItem & { warnings: FieldWarning[] }> {
    return this.db.transaction(async (m) => {
      const item = await m
        .getRepository(CodingWorkItem)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw new NotFoundException(`coding work item ${id} not found`);
      if (item.status === 'completed')
        throw new ConflictException(`coding work item ${id} was already completed`);
      const encounter: EncounterFinalized = {
        ...item.encounter,
        diagnoses: dto.diagnoses
          ? dto.diagnoses.map((d, i) => ({ code: normalizeIcd10Cm(d.code), sequence: i + 1 }))
          : item.encounter.diagnoses,
        procedures: dto.procedures
          ? dto.procedures.map((p) => ({
              code: p.code.toUpperCase(),
              modifiers: (p.modifiers ?? []).map((x) => x.toUpperCase()),
              units: p.units,
              chargeCents: p.chargeCents,
              diagnosisSequences: p.diagnosisPointers,
            }))
          : item.encounter.procedures,
      };
      const problems = validateCodes(this.icd, encounter.diagnoses, encounter.procedures);
      if (problems.length > 0) {
        throw fieldErrors(
          problems.map((p) => ({ field: p.field, messages: [p.message] })),
          'the codes still do not validate',
        );
      }
      await this.coding.emitCoded(m, encounter, coder, 'coder');
      item.encounter = encounter;
      item.problems = [];
      item.status = 'completed';
      item.completedAt = new Date();
      item.completedBy = coder.id;
      const warnings = unknownProcedureWarnings(
        encounter.procedures.map((p, i) => ({ field: `procedures.${i}.code`, code: p.code })),
      );
      return Object.assign(await m.getRepository(CodingWorkItem).save(item), { warnings });
    });
  }
}
