import { ScrubResult } from '@revcycle/edit-engine';
import { preparedQuery } from '@revcycle/persistence';
import { EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { sealColumn } from '../claim/sealed-columns';
import { FINGERPRINT_LOCK } from '../edits/claim-scrubber';
import { scrubReason } from '../lifecycle/scrub-reason';
import { sealSubmission } from '../submission/submission-snapshot';

/**
 * Claims' intake as lean parameterized SQL, set-based over a consumer batch (TypeORM keeps the
 * model and the migrations): three named prepared statements for any number of coded encounters —
 * reserve (fingerprint locks, encounters already billed, patient control numbers, the rules
 * version), the earlier identical claims, and one insert of the claims with their lines, edits and
 * first status change. The PHI columns are sealed here as the PhiColumnSubscriber does it.
 */

/** What the reserve statement found. */
export interface IntakeReservation {
  /** Encounters of the batch that already have a claim (one claim per encounter). */
  billed: Set<string>;
  /** Fresh patient control numbers, ascending: one per encounter asked for. */
  numbers: number[];
  rulesVersion: number;
}

/**
 * Takes the fingerprint locks (sorted, so two batches never wait on each other in a cycle) for
 * the rest of the transaction: identical claims stored side by side queue there, so the later one
 * sees the earlier once it commits (the lookup after this statement, under a new snapshot).
 */
const RESERVE = `WITH locked AS (
    SELECT count(pg_advisory_xact_lock($4::int, hashtext(f))) AS n
      FROM (SELECT DISTINCT f FROM unnest($3::text[]) AS f ORDER BY f) AS fingerprints)
  SELECT (SELECT n FROM locked) AS locked,
         ARRAY(SELECT encounter_id FROM claims.claim
                WHERE encounter_id = ANY($1::text[]) AND primary_claim_id IS NULL) AS billed,
         ARRAY(SELECT nextval('claims.patient_control_number_seq') FROM generate_series(1, $2::int)) AS numbers,
         (SELECT coalesce(max(version), 0) FROM claims.payer_rule_set) AS rules_version`;

export async function reserveIntake(
  m: EntityManager,
  encounterIds: string[],
  fingerprints: string[],
): Promise<IntakeReservation> {
  const [row] = await preparedQuery<{ billed: string[]; numbers: string[]; rules_version: number }>(
    m,
    'claims.intake-reserve',
    RESERVE,
    [encounterIds, encounterIds.length, fingerprints, FINGERPRINT_LOCK],
  );
  return {
    billed: new Set(row.billed),
    numbers: row.numbers.map(Number).sort((a, b) => a - b),
    rulesVersion: Number(row.rules_version),
  };
}

const EARLIER_IDENTICAL = `SELECT (SELECT c.patient_control_number FROM claims.claim c
           WHERE c.fingerprint = x.f AND c.patient_control_number < x.pcn AND c.status <> 'voided'
           ORDER BY c.patient_control_number LIMIT 1) AS earlier
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(f, pcn, i)
   ORDER BY x.i`;

/**
 * Per claim, the patient control number of a live claim stored before it with the same
 * fingerprint (undefined when none or no fingerprint); run after reserveIntake took the locks.
 */
export async function earlierIdenticalClaims(
  m: EntityManager,
  claims: Claim[],
): Promise<Array<string | undefined>> {
  const fingerprinted = claims.filter((c) => c.fingerprint);
  if (fingerprinted.length === 0) return claims.map(() => undefined);
  const rows = await preparedQuery<{ earlier: string | null }>(
    m,
    'claims.intake-earlier',
    EARLIER_IDENTICAL,
    [fingerprinted.map((c) => c.fingerprint), fingerprinted.map((c) => c.patientControlNumber)],
  );
  const found = new Map(fingerprinted.map((c, i) => [c.id, rows[i].earlier ?? undefined]));
  return claims.map((c) => found.get(c.id));
}

const STORE = `WITH stored AS (
    INSERT INTO claims.claim (id, patient_control_number, encounter_id, patient_id, payer_id, claim_type,
           frequency_code, status, revision, scrubbed_at, date_of_service, place_of_service, total_charge_cents,
           diagnoses, parties, fingerprint, payer_responsibility, submission)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::int[], $10::timestamptz[], $11::date[], $12::text[], $13::bigint[], $14::text[],
           $15::text[], $16::text[], $17::text[], $18::text[])
    RETURNING id),
  lines AS (
    INSERT INTO claims.service_line (claim_id, line_number, procedure_code, modifiers, units, charge_cents,
           diagnosis_pointers, date_of_service)
    SELECT * FROM unnest($19::uuid[], $20::int[], $21::text[], $22::text[], $23::int[], $24::bigint[],
           $25::text[], $26::date[])),
  edits AS (
    INSERT INTO claims.claim_edit (claim_id, seq, edit_id, category, severity, line, codes, message)
    SELECT * FROM unnest($27::uuid[], $28::int[], $29::text[], $30::text[], $31::text[], $32::int[],
           $33::text[], $34::text[])),
  history AS (
    INSERT INTO claims.claim_status_change (claim_id, from_status, to_status, changed_by, source, reason)
    SELECT c, NULL, t, $35, s, r FROM unnest($1::uuid[], $8::text[], $36::text[], $37::text[]) AS x(c, t, s, r))
  SELECT count(*)::int AS stored FROM stored`;

/** A built claim with its scrub, as the intake stores it. */
export interface ScrubbedClaim {
  claim: Claim;
  result: ScrubResult;
}

/**
 * Stores the scrubbed claims — claim rows (their submission snapshot included), service lines,
 * edits and the first status change each — in one statement, whatever their number.
 */
export async function storeScrubbedClaims(
  m: EntityManager,
  scrubbed: ScrubbedClaim[],
  by: string,
): Promise<void> {
  const claim: unknown[][] = Array.from({ length: 18 }, () => []);
  const line: unknown[][] = Array.from({ length: 8 }, () => []);
  const edit: unknown[][] = Array.from({ length: 8 }, () => []);
  const sources: string[] = [];
  const reasons: Array<string | null> = [];
  for (const { claim: c, result } of scrubbed) {
    [
      c.id,
      c.patientControlNumber,
      c.encounterId,
      c.patientId,
      c.payerId,
      c.claimType,
      c.frequencyCode,
      c.status,
      c.revision,
      c.scrubbedAt,
      c.dateOfService,
      c.placeOfService,
      c.totalChargeCents,
      sealColumn('claims.claim', 'diagnoses', c.id, c.diagnoses, true),
      sealColumn('claims.claim', 'parties', c.id, c.parties, true),
      c.fingerprint,
      c.payerResponsibility,
      sealSubmission(c),
    ].forEach((v, k) => claim[k].push(v));
    for (const l of c.serviceLines) {
      const row = `${c.id},${l.lineNumber}`;
      [
        c.id,
        l.lineNumber,
        sealColumn('claims.service_line', 'procedure_code', row, l.procedureCode),
        sealColumn('claims.service_line', 'modifiers', row, l.modifiers, true),
        l.units,
        l.chargeCents,
        sealColumn('claims.service_line', 'diagnosis_pointers', row, l.diagnosisPointers, true),
        l.dateOfService,
      ].forEach((v, k) => line[k].push(v));
    }
    result.edits.forEach((e, i) => {
      const row = `${c.id},${i + 1}`;
      [
        c.id,
        i + 1,
        e.id,
        e.category,
        e.severity,
        e.line,
        sealColumn('claims.claim_edit', 'codes', row, e.codes, true),
        sealColumn('claims.claim_edit', 'message', row, e.message),
      ].forEach((v, k) => edit[k].push(v));
    });
    sources.push(`encounter:${c.encounterId}`);
    reasons.push(scrubReason(result.edits) ?? null);
  }
  await preparedQuery(m, 'claims.intake-store', STORE, [...claim, ...line, ...edit, by, sources, reasons]);
}
