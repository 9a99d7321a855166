import { EncounterDiagnosis, EncounterProcedure, EventEnvelope } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { EntityManager } from 'typeorm';
import { Coverage } from '../patients/coverage.entity';
import { Patient } from '../patients/patient.entity';
import { Payer } from '../payers/payer.entity';
import { Provider } from '../providers/provider.entity';
import { openColumn, openJsonColumn, sealColumn } from '../shared/sealed-columns';
import { Encounter } from './encounter.entity';
import { EncounterParts } from './encounter-snapshot';

/**
 * The encounter hot paths as lean parameterized SQL, one statement each (TypeORM keeps the model
 * and the migrations): create checks every reference and inserts in one statement; finalize
 * signs off and reads all the claim parties in one. The PHI columns are sealed and opened here as
 * the PhiColumnSubscriber does it.
 */

const ENCOUNTER = 'charts.encounter';

/** What create found of the references it names (null where a reference is missing). */
export interface EncounterReferences {
  patient: boolean;
  coveragePatientId: string | null;
  secondaryPatientId: string | null;
  billing: boolean;
  rendering: boolean;
  referring: boolean;
}

/**
 * Inserts the encounter when every reference exists and the coverages are the patient's, and with it
 * its `events` into the outbox; else inserts nothing. One statement, so one transaction of its own.
 */
export async function insertEncounterIfReferencesHold(
  db: Pick<EntityManager, 'query'>,
  e: Omit<Encounter, 'createdAt'>,
  outbox: Outbox,
  events: EventEnvelope[],
): Promise<{ refs: EncounterReferences; createdAt: Date | null }> {
  const parameters = encounterParameters(e);
  const queued = outbox.queuedInStatement(events, parameters.length + 1, 'EXISTS (SELECT 1 FROM stored)');
  const rows: Array<EncounterReferences & { createdAt: Date | null }> = await db.query(
    `WITH refs AS (SELECT
        EXISTS (SELECT 1 FROM charts.patient WHERE id = $2) AS patient,
        (SELECT patient_id FROM charts.coverage WHERE id = $3) AS "coveragePatientId",
        (SELECT patient_id FROM charts.coverage WHERE id = $4) AS "secondaryPatientId",
        EXISTS (SELECT 1 FROM charts.provider WHERE id = $5) AS billing,
        EXISTS (SELECT 1 FROM charts.provider WHERE id = $6) AS rendering,
        ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM charts.provider WHERE id = $7)) AS referring),
      stored AS (
        INSERT INTO charts.encounter (id, patient_id, coverage_id, secondary_coverage_id, billing_provider_id,
          rendering_provider_id, referring_provider_id, date_of_service, place_of_service, diagnoses,
          procedures, status)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open' FROM refs
         WHERE refs.patient AND refs."coveragePatientId" = $2
           AND ($4::uuid IS NULL OR refs."secondaryPatientId" = $2)
           AND refs.billing AND refs.rendering AND refs.referring
        RETURNING created_at),
      ${queued.ctes}
     SELECT refs.*, (SELECT created_at FROM stored) AS "createdAt"
       FROM refs CROSS JOIN (SELECT count(*) FROM notified) AS n`,
    [...parameters, ...queued.values],
  );
  const { createdAt, ...refs } = rows[0];
  return { refs, createdAt };
}

/** What an edit found of the references the edited encounter names (the patient stays as it is). */
export type EditedEncounterReferences = Omit<EncounterReferences, 'patient'>;

/**
 * The encounter with its row locked for an edit (FOR UPDATE: an edit and a finalize of one
 * encounter are serialized), its PHI columns opened; none when there is no such encounter.
 */
export async function lockEncounter(m: EntityManager, id: string): Promise<Encounter | undefined> {
  const rows: Array<{ e: Json }> = await m.query(
    `SELECT row_to_json(e) AS e FROM charts.encounter e WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ? encounterOf(rows[0].e) : undefined;
}

/**
 * Stores the edited fields of an open encounter when every reference it then names exists and the
 * coverages are its patient's, in one statement; else stores nothing. The PHI columns are sealed
 * again (a fresh nonce, the same row binding) as create seals them.
 */
export async function updateOpenEncounterIfReferencesHold(
  m: EntityManager,
  e: Omit<Encounter, 'createdAt'>,
): Promise<{ refs: EditedEncounterReferences; updated: boolean }> {
  const rows: Array<EditedEncounterReferences & { updated: boolean }> = await m.query(
    `WITH refs AS (SELECT
        (SELECT patient_id FROM charts.coverage WHERE id = $3) AS "coveragePatientId",
        (SELECT patient_id FROM charts.coverage WHERE id = $4) AS "secondaryPatientId",
        EXISTS (SELECT 1 FROM charts.provider WHERE id = $5) AS billing,
        EXISTS (SELECT 1 FROM charts.provider WHERE id = $6) AS rendering,
        ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM charts.provider WHERE id = $7)) AS referring),
      stored AS (
        UPDATE charts.encounter e SET coverage_id = $3, secondary_coverage_id = $4, billing_provider_id = $5,
          rendering_provider_id = $6, referring_provider_id = $7, date_of_service = $8, place_of_service = $9,
          diagnoses = $10, procedures = $11
          FROM refs
         WHERE e.id = $1 AND e.patient_id = $2 AND e.status = 'open'
           AND refs."coveragePatientId" = $2 AND ($4::uuid IS NULL OR refs."secondaryPatientId" = $2)
           AND refs.billing AND refs.rendering AND refs.referring
        RETURNING e.id)
     SELECT refs.*, EXISTS (SELECT 1 FROM stored) AS updated FROM refs`,
    encounterParameters(e),
  );
  const { updated, ...refs } = rows[0];
  return { refs, updated };
}

type Json = Record<string, unknown>;

/**
 * Signs an open encounter off and returns it with every party the finalized event carries; none
 * when the encounter does not exist or is not open (the row lock of the UPDATE serializes two
 * finalizes of one encounter: the second sees it finalized).
 */
export async function finalizeOpenEncounter(
  m: EntityManager,
  id: string,
  by: string,
  at: Date,
): Promise<EncounterParts | undefined> {
  const rows: Array<Record<'e' | 'p' | 'c' | 'py' | 'b' | 'r' | 'rf' | 'sc' | 'spy', Json | null>> =
    await m.query(
      `WITH e AS (
        UPDATE charts.encounter SET status = 'finalized', finalized_at = $3, finalized_by = $2
         WHERE id = $1 AND status = 'open'
        RETURNING *)
     SELECT row_to_json(e) AS e, row_to_json(p) AS p, row_to_json(c) AS c, row_to_json(py) AS py,
            row_to_json(b) AS b, row_to_json(r) AS r, row_to_json(rf) AS rf, row_to_json(sc) AS sc,
            row_to_json(spy) AS spy
       FROM e
       JOIN charts.patient p ON p.id = e.patient_id
       JOIN charts.coverage c ON c.id = e.coverage_id
       JOIN charts.payer py ON py.id = c.payer_id
       JOIN charts.provider b ON b.id = e.billing_provider_id
       JOIN charts.provider r ON r.id = e.rendering_provider_id
       LEFT JOIN charts.provider rf ON rf.id = e.referring_provider_id
       LEFT JOIN charts.coverage sc ON sc.id = e.secondary_coverage_id
       LEFT JOIN charts.payer spy ON spy.id = sc.payer_id`,
      [id, by, at],
    );
  const row = rows[0];
  if (!row?.e || !row.p || !row.c || !row.py || !row.b || !row.r) return undefined;
  return {
    encounter: encounterOf(row.e),
    patient: patientOf(row.p),
    coverage: coverageOf(row.c),
    payer: payerOf(row.py),
    billing: providerOf(row.b),
    rendering: providerOf(row.r),
    referring: row.rf ? providerOf(row.rf) : undefined,
    secondary: row.sc && row.spy ? { coverage: coverageOf(row.sc), payer: payerOf(row.spy) } : undefined,
  };
}

/** Why an encounter could not be finalized: missing (undefined) or already finalized (when). */
export async function encounterStatus(
  m: EntityManager,
  id: string,
): Promise<{ status: string; finalizedAt: Date | null } | undefined> {
  const rows: Array<{ status: string; finalizedAt: Date | null }> = await m.query(
    `SELECT status, finalized_at AS "finalizedAt" FROM charts.encounter WHERE id = $1`,
    [id],
  );
  return rows[0];
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function encounterOf(e: Json): Encounter {
  const id = String(e['id']);
  return {
    id,
    patientId: String(e['patient_id']),
    coverageId: String(e['coverage_id']),
    secondaryCoverageId: text(e['secondary_coverage_id']),
    billingProviderId: String(e['billing_provider_id']),
    renderingProviderId: String(e['rendering_provider_id']),
    referringProviderId: text(e['referring_provider_id']),
    dateOfService: String(e['date_of_service']),
    placeOfService: String(e['place_of_service']),
    diagnoses: openJsonColumn<EncounterDiagnosis[]>(ENCOUNTER, 'diagnoses', id, text(e['diagnoses'])),
    procedures: openJsonColumn<EncounterProcedure[]>(ENCOUNTER, 'procedures', id, text(e['procedures'])),
    status: e['status'] as Encounter['status'],
    finalizedAt: date(e['finalized_at']),
    finalizedBy: text(e['finalized_by']),
    createdAt: date(e['created_at']) as Date,
  };
}

function patientOf(p: Json): Patient {
  const id = String(p['id']);
  const open = (column: string) => openColumn('charts.patient', column, id, String(p[column]));
  return {
    id,
    mrn: open('mrn'),
    firstName: open('first_name'),
    lastName: open('last_name'),
    dateOfBirth: open('date_of_birth'),
    sex: p['sex'] as Patient['sex'],
    address: openJsonColumn('charts.patient', 'address', id, text(p['address'])),
    createdAt: date(p['created_at']) as Date,
  };
}

function coverageOf(c: Json): Coverage {
  const id = String(c['id']);
  return {
    id,
    patientId: String(c['patient_id']),
    payerId: String(c['payer_id']),
    memberId: openColumn('charts.coverage', 'member_id', id, String(c['member_id'])),
    groupNumber: text(c['group_number']),
    relationship: c['relationship'] as Coverage['relationship'],
    subscriber: openJsonColumn('charts.coverage', 'subscriber', id, text(c['subscriber'])),
    createdAt: date(c['created_at']) as Date,
  };
}

function payerOf(p: Json): Payer {
  return {
    id: String(p['id']),
    name: String(p['name']),
    payerId: String(p['payer_id']),
    createdAt: date(p['created_at']) as Date,
  };
}

function providerOf(p: Json): Provider {
  return {
    id: String(p['id']),
    npi: String(p['npi']),
    kind: p['kind'] as Provider['kind'],
    name: String(p['name']),
    firstName: text(p['first_name']),
    taxonomy: text(p['taxonomy']),
    taxId: text(p['tax_id']),
    address: (p['address'] ?? null) as Provider['address'],
    createdAt: date(p['created_at']) as Date,
  };
}

/** $1 … $11 of the insert and the update: the encounter's columns, its codes sealed as the entity seals them. */
function encounterParameters(e: Omit<Encounter, 'createdAt'>): unknown[] {
  return [
    e.id,
    e.patientId,
    e.coverageId,
    e.secondaryCoverageId,
    e.billingProviderId,
    e.renderingProviderId,
    e.referringProviderId,
    e.dateOfService,
    e.placeOfService,
    sealColumn(ENCOUNTER, 'diagnoses', e.id, e.diagnoses, true),
    sealColumn(ENCOUNTER, 'procedures', e.id, e.procedures, true),
  ];
}
