import { phiColumnContext, phiKeyring } from '@revcycle/security';
import { EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { ServiceLine } from '../claim/service-line.entity';
import type { RenderedClaim837 } from '@revcycle/x12';
import type { RenderedClaimToSubmit } from './claim-file/claim-file-writer';
import { openSubmission, renderClaimToSubmit, submissionColumnsOf } from './submission-snapshot';

type StoredClaim = Pick<
  Claim,
  | 'id'
  | 'patientControlNumber'
  | 'payerId'
  | 'claimType'
  | 'frequencyCode'
  | 'dateOfService'
  | 'placeOfService'
  | 'totalChargeCents'
  | 'diagnoses'
  | 'parties'
  | 'payerClaimControlNumber'
  | 'payerResponsibility'
  | 'priorPayer'
> & { serviceLines: Array<Omit<ServiceLine, 'claim'>> };

/**
 * Rows opened between two turns of the event loop: opening is CPU work (AES-GCM per PHI column), and
 * a pipelined caller's queued statements are only sent to PostgreSQL when the loop turns.
 */
const DECODE_SLICE = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The claim row's columns an 837 is written from (its sealed submission snapshot among them). */
const SUBMISSION_COLUMNS = `id, patient_control_number, payer_id, claim_type, frequency_code,
  to_char(date_of_service, 'YYYY-MM-DD') AS dos, place_of_service, total_charge_cents,
  payer_claim_control_number, payer_responsibility, revision, submission`;

/**
 * Reads claims as objects in one statement, each opened from its submission snapshot when it holds
 * one of its revision (see submission-snapshot.ts), from its columns otherwise (readClaimsFromColumns).
 * Claims come back in the order of `ids`.
 */
export async function readClaimsToSubmit(m: EntityManager, ids: readonly string[]): Promise<StoredClaim[]> {
  const rows: Array<Record<string, string>> = await m.query(
    `SELECT ${SUBMISSION_COLUMNS} FROM claims.claim WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return openClaimRows(m, ids, rows);
}

/** Which transaction set of which batch the claims taken go out in, and who batched them. */
export interface TakenInto {
  batchId: string;
  /** ST02 of the transaction set that carries them. */
  transactionSetControlNumber: string;
  by: string;
}

/** A claim as a batch writes it: its 837 loops rendered (see submission-snapshot.ts). */
export interface ClaimToWrite extends RenderedClaimToSubmit {
  id: string;
  totalChargeCents: number;
}

/**
 * Takes ready claims (locked by the caller's transaction) into a transaction set of a batch and reads
 * them for its 837, in one statement: each moves to `batched` with its history and its membership
 * row, and comes back with its 837 loops (in the order of `ids`) — those rendered when it was
 * sealed, or rendered now when it holds none for its revision and columns. One statement per set,
 * sent while the set before is written, so moving a batch's claims runs beside writing its file.
 */
export async function takeClaimsToSubmit(
  m: EntityManager,
  ids: readonly string[],
  into: TakenInto,
): Promise<ClaimToWrite[]> {
  const rows: Array<Record<string, string>> = await m.query(
    `WITH moved AS (
       UPDATE claims.claim SET status = 'batched', updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'ready'
       RETURNING ${SUBMISSION_COLUMNS}
     ), history AS (
       INSERT INTO claims.claim_status_change (claim_id, from_status, to_status, changed_by, source)
       SELECT id, 'ready', 'batched', $4::text, 'batch:' || $2::text FROM moved
     ), membership AS (
       INSERT INTO claims.claim_batch_claim (batch_id, claim_id, transaction_set_control_number)
       SELECT $2::uuid, id, $3::text FROM moved
     )
     SELECT * FROM moved`,
    // uuids need no quoting: the literal in one join, not node-postgres' element-by-element escaping.
    [`{${ids.join(',')}}`, into.batchId, into.transactionSetControlNumber, into.by],
  );
  if (rows.length !== ids.length)
    throw new Error(`${ids.length - rows.length} of the batch's claims are no longer ready`);
  const byId = new Map<string, ClaimToWrite>();
  const unrendered: Array<Record<string, string>> = [];
  for (let k = 0; k < rows.length; k++) {
    if (k % DECODE_SLICE === DECODE_SLICE - 1) await nextTurn();
    const r = rows[k];
    const head = header(r);
    const rendering = r['submission'] ? openSubmission(head.id, r['submission']).rendering() : undefined;
    if (
      rendering &&
      rendering.revision === Number(r['revision']) &&
      rendering.columns === submissionColumnsOf(head)
    )
      byId.set(head.id, claimToWrite(head, rendering.rendered));
    else unrendered.push(r);
  }
  if (unrendered.length > 0)
    for (const c of await openClaimRows(
      m,
      unrendered.map((r) => r['id']),
      unrendered,
    ))
      byId.set(c.id, claimToWrite(c, renderClaimToSubmit(c)));
  return ids.map((id) => byId.get(id)).filter((c): c is ClaimToWrite => c !== undefined);
}

const claimToWrite = (c: Omit<ClaimToWrite, 'rendered'>, rendered: RenderedClaim837): ClaimToWrite => ({
  id: c.id,
  patientControlNumber: c.patientControlNumber,
  claimType: c.claimType,
  totalChargeCents: c.totalChargeCents,
  rendered,
});

/** Opens claim rows read for an 837 from their snapshots or columns (see readClaimsToSubmit), in the order of `ids`. */
async function openClaimRows(
  m: EntityManager,
  ids: readonly string[],
  rows: Array<Record<string, string>>,
): Promise<StoredClaim[]> {
  const byId = new Map<string, StoredClaim>();
  const withoutSnapshot: string[] = [];
  for (let k = 0; k < rows.length; k++) {
    if (k % DECODE_SLICE === DECODE_SLICE - 1) await nextTurn();
    const r = rows[k];
    const id = r['id'];
    const snapshot = r['submission'] ? openSubmission(id, r['submission']).snapshot() : undefined;
    // A rendering (or a snapshot of another revision): the claim's own columns.
    if (!snapshot || snapshot.revision !== Number(r['revision'])) {
      withoutSnapshot.push(id);
      continue;
    }
    const serviceLines = snapshot.serviceLines as StoredClaim['serviceLines'];
    for (const l of serviceLines) l.claimId = id;
    byId.set(id, {
      ...header(r),
      diagnoses: snapshot.diagnoses,
      parties: snapshot.parties,
      priorPayer: snapshot.priorPayer,
      serviceLines,
    });
  }
  if (withoutSnapshot.length > 0)
    for (const c of await readClaimsFromColumns(m, withoutSnapshot)) byId.set(c.id, c);
  return ids.map((id) => byId.get(id)).filter((c): c is StoredClaim => c !== undefined);
}

/** The clear columns of a claim row read for an 837. */
function header(r: Record<string, string>) {
  return {
    id: r['id'],
    patientControlNumber: r['patient_control_number'],
    payerId: r['payer_id'],
    claimType: r['claim_type'] as Claim['claimType'],
    frequencyCode: r['frequency_code'],
    dateOfService: r['dos'],
    placeOfService: r['place_of_service'],
    totalChargeCents: Number(r['total_charge_cents']),
    payerClaimControlNumber: r['payer_claim_control_number'],
    payerResponsibility: r['payer_responsibility'] === 'S' ? ('S' as const) : ('P' as const),
  };
}

/**
 * Reads claims for an 837 from their columns in two statements (claims, then their lines), opening
 * each PHI column with the same associated data PhiColumnSubscriber uses: for claims stored
 * before submission snapshots (or whose snapshot is of another revision).
 */
export async function readClaimsFromColumns(
  m: EntityManager,
  ids: readonly string[],
): Promise<StoredClaim[]> {
  const keyring = phiKeyring();
  const open = (table: string, column: string, row: string, stored: string) =>
    keyring.decrypt(stored, phiColumnContext(`claims.${table}`, column, row));
  // Both statements are sent at once: a pipelined caller's later statements queue behind the pair.
  const [rows, lineRows]: Array<Array<Record<string, string>>> = await Promise.all([
    m.query(
      `SELECT id, patient_control_number, payer_id, claim_type, frequency_code, to_char(date_of_service, 'YYYY-MM-DD') AS dos,
            place_of_service, total_charge_cents, diagnoses, parties, payer_claim_control_number,
            payer_responsibility, prior_payer
       FROM claims.claim WHERE id = ANY($1::uuid[])`,
      [ids],
    ),
    m.query(
      `SELECT claim_id, line_number, procedure_code, modifiers, units, charge_cents, diagnosis_pointers,
            to_char(date_of_service, 'YYYY-MM-DD') AS dos
       FROM claims.service_line WHERE claim_id = ANY($1::uuid[]) ORDER BY claim_id, line_number`,
      [ids],
    ),
  ]);
  const lines = new Map<string, StoredClaim['serviceLines']>();
  for (let k = 0; k < lineRows.length; k++) {
    if (k % DECODE_SLICE === DECODE_SLICE - 1) await nextTurn();
    const l = lineRows[k];
    const row = `${l['claim_id']},${l['line_number']}`;
    const list = lines.get(l['claim_id']) ?? [];
    list.push({
      claimId: l['claim_id'],
      lineNumber: Number(l['line_number']),
      procedureCode: open('service_line', 'procedure_code', row, l['procedure_code']),
      modifiers: JSON.parse(open('service_line', 'modifiers', row, l['modifiers'])),
      units: Number(l['units']),
      chargeCents: Number(l['charge_cents']),
      diagnosisPointers: JSON.parse(open('service_line', 'diagnosis_pointers', row, l['diagnosis_pointers'])),
      dateOfService: l['dos'],
    });
    lines.set(l['claim_id'], list);
  }
  const byId = new Map<string, StoredClaim>();
  for (let k = 0; k < rows.length; k++) {
    if (k % DECODE_SLICE === DECODE_SLICE - 1) await nextTurn();
    const r = rows[k];
    byId.set(r['id'], {
      ...header(r),
      diagnoses: JSON.parse(open('claim', 'diagnoses', r['id'], r['diagnoses'])),
      parties: JSON.parse(open('claim', 'parties', r['id'], r['parties'])),
      priorPayer: r['prior_payer']
        ? JSON.parse(open('claim', 'prior_payer', r['id'], r['prior_payer']))
        : null,
      serviceLines: lines.get(r['id']) ?? [],
    });
  }
  return ids.map((id) => byId.get(id)).filter((c): c is StoredClaim => c !== undefined);
}

export type { StoredClaim };
