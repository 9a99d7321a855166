import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EncounterFinalizedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import {
  FieldWarning,
  NEWEST_FIRST,
  PageOf,
  PageRequest,
  findPage,
  loadKnownProcedureCodes,
  unknownProcedureWarnings,
} from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Coverage } from '../patients/coverage.entity';
import { Patient } from '../patients/patient.entity';
import { Payer } from '../payers/payer.entity';
import { Provider } from '../providers/provider.entity';
import { conflict, fieldError, notFound } from '../shared/field-error';
import { CreateEncounterDto } from './dto/encounter.dto';
import { Encounter } from './encounter.entity';
import { EncounterParts, encounterSnapshot } from './encounter-snapshot';

/** ICD-10-CM is stored without the dot, upper-case (DESIGN.md conventions). */
export const normalizeDiagnosis = (code: string) => code.replace('.', '').toUpperCase();

@Injectable()
export class EncountersService implements OnModuleInit {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    loadKnownProcedureCodes();
  }

  /** Stores an open encounter; well-formed procedure codes the code set lacks come back as `warnings`. */
  async create(dto: CreateEncounterDto): Promise<Encounter & { warnings: FieldWarning[] }> {
    await this.checkReferences(dto);
    dto.procedures.forEach((p, i) => {
      const bad = p.diagnosisPointers.find((ptr) => ptr > dto.diagnoses.length);
      if (bad)
        throw fieldError(
          `procedures.${i}.diagnosisPointers`,
          `pointer ${bad} points past the ${dto.diagnoses.length} diagnoses`,
        );
    });
    const repo = this.db.getRepository(Encounter);
    const saved = await repo.save(
      repo.create({
        id: randomUUID(),
        patientId: dto.patientId,
        coverageId: dto.coverageId,
        secondaryCoverageId: dto.secondaryCoverageId ?? null,
        billingProviderId: dto.billingProviderId,
        renderingProviderId: dto.renderingProviderId,
        referringProviderId: dto.referringProviderId ?? null,
        dateOfService: dto.dateOfService,
        placeOfService: dto.placeOfService,
        diagnoses: dto.diagnoses.map((d, i) => ({ code: normalizeDiagnosis(d.code), sequence: i + 1 })),
        procedures: dto.procedures.map((p) => ({
          code: p.code.toUpperCase(),
          modifiers: (p.modifiers ?? []).map((m) => m.toUpperCase()),
          units: p.units,
          chargeCents: p.chargeCents,
          diagnosisSequences: p.diagnosisPointers,
          dateOfService: p.dateOfService,
        })),
        status: 'open',
        finalizedAt: null,
        finalizedBy: null,
      }),
    );
    const warnings = unknownProcedureWarnings(
      dto.procedures.map((p, i) => ({ field: `procedures.${i}.code`, code: p.code })),
    );
    return Object.assign(saved, { warnings });
  }

  async get(id: string): Promise<Encounter> {
    const encounter = await this.db.getRepository(Encounter).findOneBy({ id });
    if (!encounter) throw notFound('encounter', id);
    return encounter;
  }

  async list(status: 'open' | 'finalized' | undefined, page: PageRequest): Promise<PageOf<Encounter>> {
    return findPage(this.db.getRepository(Encounter), page, {
      where: status ? { status } : {},
      order: NEWEST_FIRST,
    });
  }

  /** Signs the encounter off and emits charts.encounter.finalized in the same transaction. */
  async finalize(id: string, by: Principal): Promise<Encounter> {
    return this.db.transaction(async (m) => {
      const encounter = await m
        .getRepository(Encounter)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!encounter) throw notFound('encounter', id);
      if (encounter.status === 'finalized')
        throw conflict(`encounter ${id} was already finalized at ${encounter.finalizedAt?.toISOString()}`);
      encounter.status = 'finalized';
      encounter.finalizedAt = new Date();
      encounter.finalizedBy = by.id;
      await m.getRepository(Encounter).save(encounter);
      const payload = encounterSnapshot(await this.parts(m, encounter));
      await this.outbox.enqueue(
        m,
        createEvent(EncounterFinalizedEvent, { aggregateId: id, actor: by, payload }),
      );
      return encounter;
    });
  }

  private async parts(m: EntityManager, encounter: Encounter) {
    const patient = await m.getRepository(Patient).findOneByOrFail({ id: encounter.patientId });
    const coverage = await m.getRepository(Coverage).findOneByOrFail({ id: encounter.coverageId });
    const payer = await m.getRepository(Payer).findOneByOrFail({ id: coverage.payerId });
    const providers = m.getRepository(Provider);
    const billing = await providers.findOneByOrFail({ id: encounter.billingProviderId });
    const rendering = await providers.findOneByOrFail({ id: encounter.renderingProviderId });
    const referring = encounter.referringProviderId
      ? await providers.findOneByOrFail({ id: encounter.referringProviderId })
      : undefined;
    let secondary: EncounterParts['secondary'];
    if (encounter.secondaryCoverageId) {
      const c = await m.getRepository(Coverage).findOneByOrFail({ id: encounter.secondaryCoverageId });
      secondary = { coverage: c, payer: await m.getRepository(Payer).findOneByOrFail({ id: c.payerId }) };
    }
    return { encounter, patient, coverage, payer, billing, rendering, referring, secondary };
  }

  private async checkReferences(dto: CreateEncounterDto): Promise<void> {
    if (!(await this.db.getRepository(Patient).existsBy({ id: dto.patientId }))) {
      throw fieldError('patientId', `patient ${dto.patientId} does not exist`);
    }
    const coverage = await this.db.getRepository(Coverage).findOneBy({ id: dto.coverageId });
    if (!coverage) throw fieldError('coverageId', `coverage ${dto.coverageId} does not exist`);
    if (coverage.patientId !== dto.patientId)
      throw fieldError('coverageId', `coverage ${dto.coverageId} belongs to another patient`);
    if (dto.secondaryCoverageId) {
      const field = 'secondaryCoverageId';
      if (dto.secondaryCoverageId === dto.coverageId)
        throw fieldError(
          field,
          'the secondary coverage must be another coverage than the primary (coverageId)',
        );
      const secondary = await this.db.getRepository(Coverage).findOneBy({ id: dto.secondaryCoverageId });
      if (!secondary) throw fieldError(field, `coverage ${dto.secondaryCoverageId} does not exist`);
      if (secondary.patientId !== dto.patientId)
        throw fieldError(field, `coverage ${dto.secondaryCoverageId} belongs to another patient`);
    }
    const providers = this.db.getRepository(Provider);
    for (const field of ['billingProviderId', 'renderingProviderId', 'referringProviderId'] as const) {
      const id = dto[field];
      if (id && !(await providers.existsBy({ id }))) throw fieldError(field, `provider ${id} does not exist`);
    }
  }
}
