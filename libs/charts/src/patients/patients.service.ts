import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, PatientUpdatedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { NEWEST_FIRST, PageOf, PageRequest, SortOf, findPage, listSort } from '@revcycle/runtime';
import { blindIndex } from '@revcycle/security';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Payer } from '../payers/payer.entity';
import { conflict, fieldError, notFound } from '../shared/field-error';
import { patientAsSubscriber, patientParty } from '../shared/party-snapshots';
import { changedFields, isUniqueViolation, refuseNulls } from '../shared/patch';
import { CoverageUpdates } from './coverage-updates';
import { CreateCoverageDto, CreatePatientDto, UpdatePatientDto } from './dto/patient.dto';
import { Coverage } from './coverage.entity';
import { Patient, PatientView, patientView } from './patient.entity';
import { PatientSearch } from './patient-search';

/** The unique index on the MRN blind index (migration 1764000000122). */
const MRN_UNIQUE = 'patient_mrn_unique';
const DEMOGRAPHICS = ['firstName', 'lastName', 'dateOfBirth', 'sex', 'address'] as const;

/**
 * `GET /patients?sort=`: by when the patient was registered (newest first by default), nothing
 * else. MRN, names, date of birth and address are sealed at rest (AES-256-GCM, a fresh nonce per
 * value), so their stored bytes have no order; their blind indexes are HMACs, equal for equal
 * values and in no meaningful order either. Sorting by them would mean decrypting the whole table
 * for every page, so the API does not offer it. Sex is clear but not a useful order for a list.
 */
export const PATIENT_SORTS = listSort(
  { 'created-at': 'p.created_at' },
  { default: '-created-at', tieBreaker: 'p.id' },
);
export type PatientSort = SortOf<typeof PATIENT_SORTS>;

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly coverageUpdates: CoverageUpdates,
  ) {}

  /** A second patient with the same MRN (trimmed, case-folded) is a 409, also under concurrent creates. */
  async create(dto: CreatePatientDto): Promise<PatientView> {
    const patient = this.db.getRepository(Patient).create({
      id: randomUUID(),
      ...dto,
      ...searchIndexes(dto),
      mrnLegacyDuplicate: false,
    });
    try {
      await this.db.getRepository(Patient).insert(patient);
    } catch (err) {
      throw await this.mrnConflictOr(err, dto.mrn);
    }
    return patientView(patient);
  }

  async get(id: string): Promise<PatientView> {
    return patientView(await this.find(this.db.manager, id));
  }

  /** Equality search over the blind indexes: the PHI columns are never decrypted to filter. */
  async list(search: PatientSearch, limit: number, offset: number, sort?: PatientSort) {
    const qb = this.db.getRepository(Patient).createQueryBuilder('p');
    const index = blindIndex();
    for (const [field, value] of Object.entries(search) as Array<[keyof PatientSearch, string]>)
      qb.andWhere(`p.${INDEX_COLUMN[field]} = :${field}`, { [field]: index.digest(field, value) });
    const [rows, total] = await PATIENT_SORTS.apply(qb, sort).take(limit).skip(offset).getManyAndCount();
    return { total, items: rows.map(patientView) };
  }

  /**
   * Fixes a patient's demographics; in the same transaction emits charts.patient.updated and, for
   * coverages where the patient is the subscriber, the new subscriber (charts.coverage.updated).
   */
  async update(id: string, patch: UpdatePatientDto, actor: Actor): Promise<PatientView> {
    refuseNulls(patch);
    try {
      return await this.db.transaction(async (m) => {
        const patient = await this.find(m, id, true);
        const changed = changedFields<CreatePatientDto>(patient, patch);
        if (changed.length === 0) return patientView(patient);
        const formerMrn = patient.mrn;
        Object.assign(patient, pick(patch, changed));
        const indexes = searchIndexes(pick(patch, changed));
        await m.getRepository(Patient).update(
          { id },
          {
            // The id among the values lets the PHI subscriber seal them to this row.
            id,
            ...pick(patient, changed),
            ...indexes,
            ...(indexes.mrnIndex ? { mrnLegacyDuplicate: false } : {}),
          },
        );
        if (indexes.mrnIndex) await this.releaseMrn(m, formerMrn);
        await this.outbox.enqueue(
          m,
          createEvent(PatientUpdatedEvent, {
            aggregateId: id,
            actor,
            payload: { patient: patientParty(patient), changed },
          }),
        );
        if (DEMOGRAPHICS.some((f) => changed.includes(f))) await this.resubscribe(m, patient, actor);
        return patientView(patient);
      });
    } catch (err) {
      throw await this.mrnConflictOr(err, patch.mrn ?? '');
    }
  }

  async addCoverage(patientId: string, dto: CreateCoverageDto): Promise<Coverage & { patientId: string }> {
    const patient = await this.find(this.db.manager, patientId);
    const payer = await this.db.getRepository(Payer).findOneBy({ id: dto.payerId });
    if (!payer)
      throw fieldError('payerId', `payer ${dto.payerId} does not exist (create it with POST /payers)`);
    if (dto.relationship !== 'self' && !dto.subscriber) {
      throw fieldError(
        'subscriber',
        "subscriber is required when the patient is not the subscriber (relationship other than 'self')",
      );
    }
    const coverage = this.db.getRepository(Coverage).create({
      id: randomUUID(),
      patientId,
      payerId: dto.payerId,
      memberId: dto.memberId,
      groupNumber: dto.groupNumber ?? null,
      relationship: dto.relationship,
      subscriber: dto.subscriber ?? patientAsSubscriber(patient),
    });
    return this.db.getRepository(Coverage).save(coverage);
  }

  async coverages(patientId: string, page: PageRequest): Promise<PageOf<Coverage>> {
    await this.find(this.db.manager, patientId);
    return findPage(this.db.getRepository(Coverage), page, { where: { patientId }, order: NEWEST_FIRST });
  }

  /** Where the patient is the subscriber (837P SBR02 = 18), the subscriber's demographics follow the patient's. */
  private async resubscribe(m: EntityManager, patient: Patient, actor: Actor): Promise<void> {
    const own = await m.getRepository(Coverage).find({
      where: { patientId: patient.id, relationship: 'self' },
      lock: { mode: 'pessimistic_write' },
    });
    for (const coverage of own)
      await this.coverageUpdates.apply(m, coverage, { subscriber: patientAsSubscriber(patient) }, actor);
  }

  /**
   * A patient that leaves an MRN frees its place in the unique index: the oldest patient still
   * sharing that MRN from before MRNs were unique takes it, so the MRN stays taken (409).
   */
  private async releaseMrn(m: EntityManager, formerMrn: string): Promise<void> {
    await m.query(
      `UPDATE charts.patient SET mrn_legacy_duplicate = false WHERE id = (
         SELECT id FROM charts.patient WHERE mrn_index = $1 AND mrn_legacy_duplicate
         AND NOT EXISTS (SELECT 1 FROM charts.patient h WHERE h.mrn_index = $1 AND NOT h.mrn_legacy_duplicate)
         ORDER BY created_at, id LIMIT 1)`,
      [blindIndex().digest('mrn', formerMrn)],
    );
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<Patient> {
    const patient = await m
      .getRepository(Patient)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!patient) throw notFound('patient', id);
    return patient;
  }

  private async mrnConflictOr(err: unknown, mrn: string): Promise<unknown> {
    if (!isUniqueViolation(err, MRN_UNIQUE)) return err;
    const holder = await this.db
      .getRepository(Patient)
      .createQueryBuilder('p')
      .where('p.mrn_index = :mrn AND NOT p.mrn_legacy_duplicate', { mrn: blindIndex().digest('mrn', mrn) })
      .getOne();
    return conflict(`a patient with this MRN already exists${holder ? ` (patient ${holder.id})` : ''}`);
  }
}

const INDEX_COLUMN: Record<keyof PatientSearch, string> = {
  mrn: 'mrn_index',
  firstName: 'first_name_index',
  lastName: 'last_name_index',
  dateOfBirth: 'date_of_birth_index',
};

/** The blind indexes of whichever searchable fields are given. */
function searchIndexes(p: Partial<Pick<Patient, keyof PatientSearch>>): Partial<Patient> {
  const index = blindIndex();
  const out: Partial<Patient> = {};
  if (p.mrn !== undefined) out.mrnIndex = index.digest('mrn', p.mrn);
  if (p.firstName !== undefined) out.firstNameIndex = index.digest('firstName', p.firstName);
  if (p.lastName !== undefined) out.lastNameIndex = index.digest('lastName', p.lastName);
  if (p.dateOfBirth !== undefined) out.dateOfBirthIndex = index.digest('dateOfBirth', p.dateOfBirth);
  return out;
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}
