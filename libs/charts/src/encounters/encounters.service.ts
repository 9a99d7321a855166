import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EncounterDiagnosis,
  EncounterFinalizedEvent,
  EncounterProcedure,
  createEvent,
} from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import {
  AuditInTransaction,
  FieldWarning,
  PageOf,
  PageRequest,
  SortOf,
  findPage,
  listSort,
  loadKnownProcedureCodes,
  unknownProcedureWarnings,
} from '@revcycle/runtime';
import { Principal } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict, fieldError, notFound } from '../shared/field-error';
import { changedFields, refuseNulls } from '../shared/patch';
import {
  CLEARABLE_ENCOUNTER_FIELDS,
  CreateEncounterDto,
  DiagnosisDto,
  ProcedureDto,
  UpdateEncounterDto,
} from './dto/encounter.dto';
import { EncounterBatchResponse } from './dto/encounter-batch.dto';
import { storeEncounterBatch } from './encounter-batch';
import { Encounter } from './encounter.entity';
import { encounterSnapshot } from './encounter-snapshot';
import {
  EncounterReferences,
  encounterStatus,
  finalizeOpenEncounter,
  insertEncounterIfReferencesHold,
  lockEncounter,
  updateOpenEncounterIfReferencesHold,
} from './encounter-statements';

/** A stored encounter and the procedure codes to look at. */
export type CreatedEncounter = Encounter & { warnings: FieldWarning[] };

/** The list's orders (`?sort=`): newest first by default; `-status` puts open ones first ('open' > 'finalized'). */
export const ENCOUNTER_SORTS = listSort(
  { 'created-at': 'created_at', 'date-of-service': 'date_of_service', status: 'status' },
  { default: '-created-at' },
);
export type EncounterSort = SortOf<typeof ENCOUNTER_SORTS>;

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
   * Stores an open encounter in one statement, one round trip (the reference checks, the insert and
   * the audit entry, when given, commit together); well-formed procedure
   * codes the code set lacks come back as `warnings`.
   */
  async create(dto: CreateEncounterDto, audit?: AuditInTransaction): Promise<CreatedEncounter> {
    refusePointersPastTheDiagnoses(dto.diagnoses.length, dto.procedures, 'procedures');
    if (dto.secondaryCoverageId && dto.secondaryCoverageId === dto.coverageId)
      throw fieldError('secondaryCoverageId', SECONDARY_IS_PRIMARY);
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
      diagnoses: storedDiagnoses(dto.diagnoses),
      procedures: storedProcedures(dto.procedures),
      status: 'open',
      finalizedAt: null,
      finalizedBy: null,
    };
    const stored = await insertEncounterIfReferencesHold(
      this.db,
      encounter,
      this.outbox,
      audit?.successEvents([{ resourceId: encounter.id, patientId: encounter.patientId }]) ?? [],
    );
    if (!stored.createdAt) throw referenceProblem(dto, stored.refs);
    const createdAt = stored.createdAt;
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

  async list(
    status: 'open' | 'finalized' | undefined,
    page: PageRequest,
    sort?: EncounterSort,
  ): Promise<PageOf<Encounter>> {
    return findPage(this.db.getRepository(Encounter), page, {
      where: status ? { status } : {},
      order: ENCOUNTER_SORTS.order(sort),
    });
  }

  /**
   * Fixes an open encounter before it is signed off: the given fields replace the stored ones
   * (diagnoses and procedures whole), checked together with the ones kept as create checks them
   * (pointers, the secondary coverage, every reference), in one transaction whose audit entry
   * commits with the change. A finalized encounter is a 409 — coding and claims hold it from then
   * on, and a correction goes through them. No event: nothing downstream sees an open encounter
   * (charts.encounter.finalized carries it whole when it is signed off).
   */
  async update(id: string, patch: UpdateEncounterDto, audit?: AuditInTransaction): Promise<CreatedEncounter> {
    refuseNulls(patch, CLEARABLE_ENCOUNTER_FIELDS);
    const encounter = await this.db.transaction(async (m) => {
      const current = await lockEncounter(m, id);
      if (!current) throw notFound('encounter', id);
      if (current.status !== 'open')
        throw conflict(
          `encounter ${id} was finalized at ${current.finalizedAt?.toISOString()}: it is no longer ` +
            'edited here; correct the claim built from it (coding and claims hold it now)',
        );
      const next = edited(current, patch);
      refusePointersPastTheDiagnoses(
        next.diagnoses.length,
        next.procedures.map((p) => ({ diagnosisPointers: p.diagnosisSequences })),
        patch.procedures ? 'procedures' : 'diagnoses',
      );
      if (next.secondaryCoverageId && next.secondaryCoverageId === next.coverageId)
        throw fieldError(
          patch.secondaryCoverageId === undefined ? 'coverageId' : 'secondaryCoverageId',
          SECONDARY_IS_PRIMARY,
        );
      if (changedFields<Encounter>(current, next).length > 0) {
        const stored = await updateOpenEncounterIfReferencesHold(m, next);
        if (!stored.updated) throw referenceProblem(next, { patient: true, ...stored.refs });
      }
      if (audit)
        await this.outbox.enqueue(m, audit.successEvents([{ resourceId: id, patientId: current.patientId }]));
      return { ...next, createdAt: current.createdAt };
    });
    const warnings = patch.procedures
      ? unknownProcedureWarnings(
          patch.procedures.map((p, i) => ({ field: `procedures.${i}.code`, code: p.code })),
        )
      : [];
    return { ...encounter, warnings };
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

/** An encounter with a patch applied: absent fields kept, `null` clearing a clearable one. */
function edited(current: Encounter, patch: UpdateEncounterDto): Omit<Encounter, 'createdAt'> {
  // refuseNulls let `null` through for the clearable fields only.
  return {
    id: current.id,
    patientId: current.patientId,
    coverageId: patch.coverageId ?? current.coverageId,
    secondaryCoverageId:
      patch.secondaryCoverageId === undefined ? current.secondaryCoverageId : patch.secondaryCoverageId,
    billingProviderId: patch.billingProviderId ?? current.billingProviderId,
    renderingProviderId: patch.renderingProviderId ?? current.renderingProviderId,
    referringProviderId:
      patch.referringProviderId === undefined ? current.referringProviderId : patch.referringProviderId,
    dateOfService: patch.dateOfService ?? current.dateOfService,
    placeOfService: patch.placeOfService ?? current.placeOfService,
    diagnoses: patch.diagnoses ? storedDiagnoses(patch.diagnoses) : current.diagnoses,
    procedures: patch.procedures ? storedProcedures(patch.procedures) : current.procedures,
    status: current.status,
    finalizedAt: current.finalizedAt,
    finalizedBy: current.finalizedBy,
  };
}

const SECONDARY_IS_PRIMARY = 'the secondary coverage must be another coverage than the primary (coverageId)';

/** 837P SV107: a pointer names one of the claim's diagnoses (1-based); located at `field` (a patch keeping the procedures names `diagnoses`). */
function refusePointersPastTheDiagnoses(
  diagnoses: number,
  procedures: Array<{ diagnosisPointers: number[] }>,
  field: 'procedures' | 'diagnoses',
): void {
  procedures.forEach((p, i) => {
    const bad = p.diagnosisPointers.find((ptr) => ptr > diagnoses);
    if (!bad) return;
    if (field === 'procedures')
      throw fieldError(
        `procedures.${i}.diagnosisPointers`,
        `pointer ${bad} points past the ${diagnoses} diagnoses`,
      );
    throw fieldError(
      'diagnoses',
      `procedure ${i + 1} points at diagnosis ${bad}: keep at least ${bad} diagnoses or send the procedures too`,
    );
  });
}

/** ICD-10-CM as stored (no dot, upper case), sequenced in the order given. */
const storedDiagnoses = (diagnoses: DiagnosisDto[]): EncounterDiagnosis[] =>
  diagnoses.map((d, i) => ({ code: normalizeDiagnosis(d.code), sequence: i + 1 }));

const storedProcedures = (procedures: ProcedureDto[]): EncounterProcedure[] =>
  procedures.map((p) => ({
    code: p.code.toUpperCase(),
    modifiers: (p.modifiers ?? []).map((m) => m.toUpperCase()),
    units: p.units,
    chargeCents: p.chargeCents,
    diagnosisSequences: p.diagnosisPointers,
    dateOfService: p.dateOfService,
  }));

type ReferencedIds = Pick<
  CreateEncounterDto,
  'patientId' | 'coverageId' | 'billingProviderId' | 'renderingProviderId'
> & {
  secondaryCoverageId?: string | null;
  referringProviderId?: string | null;
};

/** The located 400 for the first reference of `dto` that does not hold (checked in this order). */
function referenceProblem(dto: ReferencedIds, refs: EncounterReferences) {
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
