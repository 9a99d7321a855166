import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EncounterFinalizedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import {
  AuditInTransaction,
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
import { DataSource } from 'typeorm';
import { conflict, fieldError, notFound } from '../shared/field-error';
import { CreateEncounterDto } from './dto/encounter.dto';
import { EncounterBatchResponse } from './dto/encounter-batch.dto';
import { storeEncounterBatch } from './encounter-batch';
import { Encounter } from './encounter.entity';
import { encounterSnapshot } from './encounter-snapshot';
import {
  EncounterReferences,
  encounterStatus,
  finalizeOpenEncounter,
  insertEncounterIfReferencesHold,
} from './encounter-statements';

/** A stored encounter and the procedure codes to look at. */
export type CreatedEncounter = Encounter & { warnings: FieldWarning[] };

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

  /**
   * Stores an open encounter in one transaction of three round trips (the reference checks and the
   * insert are one statement; the audit entry, when given, commits with it); well-formed procedure
   * codes the code set lacks come back as `warnings`.
   */
  async create(dto: CreateEncounterDto, audit?: AuditInTransaction): Promise<CreatedEncounter> {
    dto.procedures.forEach((p, i) => {
      const bad = p.diagnosisPointers.find((ptr) => ptr > dto.diagnoses.length);
      if (bad)
        throw fieldError(
          `procedures.${i}.diagnosisPointers`,
          `pointer ${bad} points past the ${dto.diagnoses.length} diagnoses`,
        );
    });
    if (dto.secondaryCoverageId && dto.secondaryCoverageId === dto.coverageId)
      throw fieldError(
        'secondaryCoverageId',
        'the secondary coverage must be another coverage than the primary (coverageId)',
      );
    const encounter: Omit<Encounter, 'createdAt'> = {
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
    };
    const createdAt = await this.db.transaction(async (m) => {
      const stored = await insertEncounterIfReferencesHold(m, encounter);
      if (!stored.createdAt) throw referenceProblem(dto, stored.refs);
      if (audit)
        await this.outbox.enqueue(
          m,
          audit.successEvents([{ resourceId: encounter.id, patientId: encounter.patientId }]),
        );
      return stored.createdAt;
    });
    const warnings = unknownProcedureWarnings(
      dto.procedures.map((p, i) => ({ field: `procedures.${i}.code`, code: p.code })),
    );
    return { ...encounter, createdAt, warnings };
  }

  /** `POST /encounters/batch`: each encounter validated and stored on its own, results in order. */
  createBatch(items: object[], audit: AuditInTransaction): Promise<EncounterBatchResponse> {
    return storeEncounterBatch(items, (dto, a) => this.create(dto, a), audit);
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

  /**
   * Signs the encounter off and emits charts.encounter.finalized (and the audit entry, when given)
   * in the same transaction: three round trips — the sign-off with every party the event carries
   * is one statement, the events one insert.
   */
  async finalize(id: string, by: Principal, audit?: AuditInTransaction): Promise<Encounter> {
    return this.db.transaction(async (m) => {
      const parts = await finalizeOpenEncounter(m, id, by.id, new Date());
      if (!parts) {
        const found = await encounterStatus(m, id);
        if (!found) throw notFound('encounter', id);
        throw conflict(`encounter ${id} was already finalized at ${found.finalizedAt?.toISOString()}`);
      }
      const payload = encounterSnapshot(parts);
      await this.outbox.enqueue(m, [
        createEvent(EncounterFinalizedEvent, { aggregateId: id, actor: by, payload }),
        ...(audit?.successEvents([{ resourceId: id, patientId: parts.encounter.patientId }]) ?? []),
      ]);
      return parts.encounter;
    });
  }
}

/** The located 400 for the first reference of `dto` that does not hold (checked in this order). */
function referenceProblem(dto: CreateEncounterDto, refs: EncounterReferences) {
  if (!refs.patient) return fieldError('patientId', `patient ${dto.patientId} does not exist`);
  if (!refs.coveragePatientId) return fieldError('coverageId', `coverage ${dto.coverageId} does not exist`);
  if (refs.coveragePatientId !== dto.patientId)
    return fieldError('coverageId', `coverage ${dto.coverageId} belongs to another patient`);
  if (dto.secondaryCoverageId) {
    const field = 'secondaryCoverageId';
    if (!refs.secondaryPatientId)
      return fieldError(field, `coverage ${dto.secondaryCoverageId} does not exist`);
    if (refs.secondaryPatientId !== dto.patientId)
      return fieldError(field, `coverage ${dto.secondaryCoverageId} belongs to another patient`);
  }
  const missing = (['billingProviderId', 'renderingProviderId', 'referringProviderId'] as const).find(
    (field) =>
      dto[field] &&
      !refs[
        (
          {
            billingProviderId: 'billing',
            renderingProviderId: 'rendering',
            referringProviderId: 'referring',
          } as const
        )[field]
      ],
  );
  if (missing) return fieldError(missing, `provider ${dto[missing]} does not exist`);
  // Every reference held but nothing was stored: not expected, so not a client's error.
  return new Error('the encounter was not stored although its references hold');
}
