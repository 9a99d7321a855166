import {
  AdjudicatedAdjustment,
  AdjudicatedClaim,
  AdjudicatedLine,
  CLAIMS_ADJUDICATED_MAX_LINES,
  CLAIMS_PER_ADJUDICATION_EVENT,
  ClaimsAdjudicatedEvent,
  EventEnvelope,
  createEvent,
  validateAdjudicatedClaim,
} from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { numberArrayLiteral, textArrayLiteral } from '@revcycle/persistence';
import type { Adjustment, ClaimPayment, ServicePayment } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { BilledLine, LineMatch, PaidLine, matchLines } from '../matching/line-matcher';
import {
  ClaimTotals,
  NO_POSTINGS,
  REVERSAL_STATUS,
  addPosting,
  adjudicationOutcome,
  beyondCharge,
  casTotals,
  claimCasTotals,
  unknownGroups,
} from './claim-posting';
import { PostingError } from './posting-error';
import { BilledService, POSTING_LINE_SERVICES, REVIEW_PAYMENT } from '../phi/remittance-phi.entities';
import { BilledServices } from './billed-services';

/** The advice (835 ST/SE) the CLPs belong to. */
export interface AdviceContext {
  adviceId: string;
  transactionSetControlNumber?: string;
  paymentDate: string;
  actor: { id: string; role: 'finance' | 'admin' | 'biller' | 'system' };
  correlationId: string;
}

export interface BatchOutcome {
  posted: number;
  /** CLPs that went to the review queue (no claim of ours, reversal of nothing posted). */
  review: number;
  /** Service lines sent to review (ambiguous or fitting no billed line); their CLP still posts. */
  lineReviews: number;
  claimPaidCents: number;
  errors: PostingError[];
}

export interface LedgerClaim {
  claimId: string;
  patientControlNumber: string;
  payerId: string;
  chargeCents: number;
  lines: BilledLine[];
  totals: ClaimTotals;
  /** Postings not reversed and not reversals themselves: what a CLP02 22 can take back. */
  open: { id: string; payerClaimControlNumber: string | null }[];
}

const procedureOf = (l: ServicePayment) => l.submittedProcedure ?? l.procedure;
const lineDate = (l: ServicePayment) =>
  l.dates?.find((d) => d.qualifier === '472' || d.qualifier === '150')?.date;
const isInt = (n: number | undefined): n is number => n !== undefined && Number.isSafeInteger(n);

export function paidLine(l: ServicePayment): PaidLine {
  const p = procedureOf(l);
  const units = l.submittedUnits ?? l.units ?? 1;
  return {
    lineItemControlNumber: l.lineItemControlNumber,
    procedureCode: p.code,
    modifiers: p.modifiers ?? [],
    dateOfService: lineDate(l),
    // Reversals negate amounts, never units; a negative unit count is read as its magnitude.
    units: Math.abs(units),
    chargeCents: Math.abs(l.chargeCents),
  };
}

const eventAdjustment = (a: Adjustment): AdjudicatedAdjustment => ({
  group: a.group,
  reason: a.reason,
  amountCents: a.amountCents,
  ...(isInt(a.quantity) ? { quantity: a.quantity } : {}),
});

/**
 * Posts CLPs of one advice inside the caller's transaction, in a few statements per batch: the
 * ledger rows of the batch's claims are locked (FOR UPDATE, in claim id order) so two uploads never
 * post past a claim's charge together; postings, lines, review items and the
 * remittance.claim.adjudicated events are each one INSERT. When any CLP cannot be posted (amounts
 * beyond the charge, a CAS group that is no code) nothing is written and the errors come back: the
 * caller rolls the whole transaction set back. `assign` posts to a given claim (review resolution).
 */
export async function postClaimBatch(
  m: EntityManager,
  outbox: Outbox,
  ctx: AdviceContext,
  clps: readonly ClaimPayment[],
  assign?: { claimId: string },
): Promise<BatchOutcome> {
  const ledger = await loadLedger(m, clps, assign?.claimId);
  const { outcome, write } = stageClaimBatch(m, outbox, ctx, clps, ledger, assign);
  await write();
  return outcome;
}

/** A batch computed against its ledger (matched, sealed, events built): `write` inserts it. */
export interface StagedBatch {
  outcome: BatchOutcome;
  /** The batch's statements; nothing to write when the outcome has errors. */
  write: () => Promise<void>;
  /** The ledger claims as they stand after the batch, keyed as the ledger was. */
  claims: Map<string, LedgerClaim>;
}

/**
 * The CPU half of posting a batch, no I/O: each CLP matched to its ledger claim and lines, checked,
 * its rows sealed and its event built; `ledger` (loadLedger) is updated in place with the batch's
 * postings, so a later batch of the same transaction can be staged against it before this one's
 * rows reach the database (TransactionPoster pipelines so).
 */
export function stageClaimBatch(
  m: EntityManager,
  outbox: Outbox,
  ctx: AdviceContext,
  clps: readonly ClaimPayment[],
  ledger: Map<string, LedgerClaim>,
  assign?: { claimId: string },
): StagedBatch {
  const out: BatchOutcome = { posted: 0, review: 0, lineReviews: 0, claimPaidCents: 0, errors: [] };
  const postings: unknown[][] = [];
  const lines: unknown[][] = [];
  const reviews: unknown[][] = [];
  const reversed: [string, string][] = [];
  const adjudicated: { clp: ClaimPayment; claim: AdjudicatedClaim }[] = [];
  const where = (clp: ClaimPayment) => ({
    transactionSetControlNumber: ctx.transactionSetControlNumber,
    segmentOrdinal: clp.segmentOrdinal,
    segmentId: 'CLP',
    loop: '2100',
    claimId: clp.claimId,
  });
  const toReview = (clp: ClaimPayment, kind: string, reason: string) => {
    out.review++;
    const { parties: _parties, ...payment } = clp;
    const reviewId = randomUUID();
    reviews.push([
      reviewId,
      ctx.adviceId,
      kind,
      clp.claimId,
      clp.payerClaimControlNumber ?? null,
      clp.status,
      clp.chargeCents,
      clp.paidCents,
      reason,
      REVIEW_PAYMENT.seal(m, reviewId, payment),
      null,
      null,
      null,
    ]);
  };

  for (const clp of clps) {
    const claim = assign ? ledger.get(assign.claimId) : ledger.get(clp.claimId);
    if (!claim) {
      toReview(clp, 'claim_not_found', `no claim of ours has patient control number ${clp.claimId} (CLP01)`);
      continue;
    }
    const bad = unknownGroups(clp);
    if (bad.length > 0) {
      out.errors.push({
        ...where(clp),
        code: 'CAS_GROUP_UNKNOWN',
        segmentId: 'CAS',
        element: 'CAS01',
        message: `claim ${clp.claimId}: CAS group ${bad.join(', ')} is not CO, OA, PI, PR or CR`,
      });
      continue;
    }
    let reverses: string | null = null;
    if (clp.status === REVERSAL_STATUS) {
      // 835 IG 2100 CLP02 22: the reversal repeats the payer claim control number (CLP07) it takes back.
      const target = clp.payerClaimControlNumber
        ? claim.open.find((p) => p.payerClaimControlNumber === clp.payerClaimControlNumber)
        : claim.open[claim.open.length - 1];
      if (!target) {
        toReview(
          clp,
          'reversal_without_posting',
          `reversal (CLP02 22) of payer claim ${clp.payerClaimControlNumber ?? '(no CLP07)'} on claim ${clp.claimId}, which was never posted`,
        );
        continue;
      }
      reverses = target.id;
    }
    const cas = claimCasTotals(clp);
    const after = addPosting(claim.totals, clp.paidCents, cas);
    const beyond = beyondCharge(clp, claim.chargeCents, after);
    if (beyond) {
      out.errors.push({ ...where(clp), code: 'BEYOND_CHARGE', ...beyond });
      continue;
    }
    const outcome = adjudicationOutcome(clp);
    const id = randomUUID();
    const matches: LineMatch[] = matchLines(clp.serviceLines.map(paidLine), claim.lines);
    const eventLines: AdjudicatedLine[] = [];
    const services: BilledService[] = [];
    clp.serviceLines.forEach((l, i) => {
      const match = matches[i];
      const lineNumber = 'lineNumber' in match ? match.lineNumber : null;
      const p = procedureOf(l);
      const lineCas = casTotals(l.adjustments);
      lines.push([
        id,
        i + 1,
        lineNumber,
        match.method,
        l.lineItemControlNumber ?? null,
        null, // the service is sealed with the posting's (POSTING_LINE_SERVICES)
        lineDate(l) ?? null,
        l.units ?? null,
        l.chargeCents,
        l.paidCents,
        lineCas.adjustmentCents,
        lineCas.patientResponsibilityCents,
        JSON.stringify(l.adjustments),
        (l.remarks ?? []).map((r) => r.code).join(','),
      ]);
      services.push({ procedureCode: l.procedure.code, modifiers: l.procedure.modifiers ?? [] });
      if (match.method === 'ambiguous' || match.method === 'unmatched') {
        out.lineReviews++;
        reviews.push([
          randomUUID(),
          ctx.adviceId,
          `${match.method}_line`,
          clp.claimId,
          clp.payerClaimControlNumber ?? null,
          clp.status,
          l.chargeCents,
          l.paidCents,
          match.method === 'ambiguous'
            ? `service line ${i + 1} (${p.code}) fits billed lines ${match.candidates.join(', ')}: choose one`
            : `service line ${i + 1} (${p.code}) fits none of the billed lines`,
          null,
          id,
          i + 1,
          match.candidates,
        ]);
      }
      eventLines.push({
        ...(l.lineItemControlNumber ? { lineItemControlNumber: l.lineItemControlNumber } : {}),
        ...(lineNumber !== null ? { lineNumber } : {}),
        procedureCode: l.procedure.code,
        ...(l.procedure.modifiers?.length ? { modifiers: l.procedure.modifiers } : {}),
        chargeCents: l.chargeCents,
        paidCents: l.paidCents,
        ...(isInt(l.units) ? { units: l.units } : {}),
        adjustments: l.adjustments.map(eventAdjustment),
      });
    });
    adjudicated.push({
      clp,
      claim: {
        adjudicationId: randomUUID(),
        claimId: claim.claimId,
        patientControlNumber: claim.patientControlNumber,
        payerId: claim.payerId,
        remittanceId: ctx.adviceId,
        outcome,
        claimStatusCode: clp.status,
        ...(clp.payerClaimControlNumber ? { payerClaimControlNumber: clp.payerClaimControlNumber } : {}),
        paidCents: after.paidCents,
        adjustmentCents: after.adjustmentCents,
        patientResponsibilityCents: after.patientResponsibilityCents,
        paymentDate: ctx.paymentDate,
        adjustments: clp.adjustments.map(eventAdjustment),
        lines: eventLines,
      },
    });
    postings.push([
      id,
      ctx.adviceId,
      claim.claimId,
      clp.claimId,
      clp.status,
      clp.payerClaimControlNumber ?? null,
      clp.chargeCents,
      clp.paidCents,
      cas.adjustmentCents,
      cas.patientResponsibilityCents,
      cas.deductibleCents,
      cas.coinsuranceCents,
      cas.copayCents,
      outcome,
      JSON.stringify(clp.adjustments),
      reverses,
      clp.segmentOrdinal ?? null,
      services.length > 0 ? POSTING_LINE_SERVICES.seal(m, id, services) : null,
    ]);
    claim.totals = after;
    if (reverses) {
      reversed.push([reverses, id]);
      claim.open = claim.open.filter((p) => p.id !== reverses);
    } else claim.open.push({ id, payerClaimControlNumber: clp.payerClaimControlNumber ?? null });
    out.posted++;
    out.claimPaidCents += clp.paidCents;
  }
  const events = out.errors.length > 0 ? [] : adjudicationEvents(ctx, adjudicated, (e) => out.errors.push(e));
  if (out.errors.length > 0) return { outcome: out, write: async () => undefined, claims: ledger };
  const write = async () => {
    await insertRows(m, POSTING_INSERT, postings);
    await insertRows(m, LINE_INSERT, lines);
    await insertRows(m, REVIEW_INSERT, reviews);
    if (reversed.length > 0)
      await m.query(
        `UPDATE remittance.claim_posting p SET reversed_by_posting_id = u.by
           FROM unnest($1::uuid[], $2::uuid[]) AS u(id, by) WHERE p.id = u.id`,
        [reversed.map((r) => r[0]), reversed.map((r) => r[1])],
      );
    await outbox.enqueue(m, events);
  };
  return { outcome: out, write, claims: ledger };
}

/**
 * The batch's remittance.claims.adjudicated events: its claims in posting order, one event per
 * ledger payer (the event's key: a claim's events stay on one partition, in order) and at most
 * CLAIMS_PER_ADJUDICATION_EVENT claims or CLAIMS_ADJUDICATED_MAX_LINES lines each. A claim the
 * contract refuses (e.g. an empty SVC01 procedure) is reported, located, never a 500.
 */
function adjudicationEvents(
  ctx: AdviceContext,
  adjudicated: readonly { clp: ClaimPayment; claim: AdjudicatedClaim }[],
  fail: (e: PostingError) => void,
): EventEnvelope[] {
  const byPayer = new Map<string, { clp: ClaimPayment; claim: AdjudicatedClaim }[]>();
  for (const a of adjudicated) {
    const list = byPayer.get(a.claim.payerId);
    if (list) list.push(a);
    else byPayer.set(a.claim.payerId, [a]);
  }
  const events: EventEnvelope[] = [];
  for (const [payerId, list] of byPayer) {
    for (let from = 0; from < list.length;) {
      let to = from;
      let lines = 0;
      while (
        to < list.length &&
        to - from < CLAIMS_PER_ADJUDICATION_EVENT &&
        (to === from || lines + (list[to].claim.lines?.length ?? 0) <= CLAIMS_ADJUDICATED_MAX_LINES)
      )
        lines += list[to++].claim.lines?.length ?? 0;
      const part = list.slice(from, to);
      from = to;
      try {
        events.push(
          createEvent(ClaimsAdjudicatedEvent, {
            aggregateId: payerId,
            actor: ctx.actor,
            correlationId: ctx.correlationId,
            payload: { payerId, remittanceId: ctx.adviceId, claims: part.map((a) => a.claim) },
          }),
        );
      } catch (err) {
        let located = 0;
        for (const { clp, claim } of part) {
          const problems: string[] = [];
          validateAdjudicatedClaim(claim, 'claim', problems);
          if (problems.length === 0) continue;
          located++;
          fail({
            transactionSetControlNumber: ctx.transactionSetControlNumber,
            segmentOrdinal: clp.segmentOrdinal,
            segmentId: 'CLP',
            loop: '2100',
            claimId: clp.claimId,
            code: 'CLP_UNPOSTABLE',
            message: `claim ${clp.claimId} cannot be posted: ${problems.join('; ').slice(0, 300)}`,
          });
        }
        if (located === 0)
          fail({
            transactionSetControlNumber: ctx.transactionSetControlNumber,
            code: 'CLP_UNPOSTABLE',
            message: `claims cannot be posted: ${(err as Error).message.slice(0, 300)}`,
          });
      }
    }
  }
  return events;
}

/** One INSERT … SELECT FROM unnest(column arrays): a batch of any size in one round trip. */
const POSTING_INSERT = {
  sql: `INSERT INTO remittance.claim_posting
      (id, advice_id, claim_id, patient_control_number, claim_status_code, payer_claim_control_number,
       charge_cents, paid_cents, adjustment_cents, patient_responsibility_cents, deductible_cents,
       coinsurance_cents, copay_cents, outcome, adjustments, reverses_posting_id, segment_ordinal,
       line_services)
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[],
      $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
      $14::text[], $15::jsonb[], $16::uuid[], $17::int[], $18::text[])`,
  numeric: [6, 7, 8, 9, 10, 11, 12, 16],
};
const LINE_INSERT = {
  sql: `INSERT INTO remittance.line_posting
      (posting_id, position, line_number, match_method, line_item_control_number, service,
       date_of_service, units, charge_cents, paid_cents, adjustment_cents,
       patient_responsibility_cents, adjustments, remarks)
    SELECT u.p, u.pos, u.ln, u.mm, u.licn, u.svc, u.dos, u.units, u.charge, u.paid, u.adj, u.pr,
      u.adjs, string_to_array(u.remarks, ',')
    FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[],
      $7::date[], $8::numeric[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::jsonb[],
      $14::text[]) AS u(p, pos, ln, mm, licn, svc, dos, units, charge, paid, adj, pr, adjs, remarks)`,
  numeric: [1, 2, 7, 8, 9, 10, 11],
};
const REVIEW_INSERT = {
  sql: `INSERT INTO remittance.remittance_review
      (id, advice_id, kind, patient_control_number, payer_claim_control_number, claim_status_code,
       charge_cents, paid_cents, reason, payment, posting_id, line_position, candidates)
    SELECT u.id, u.a, u.k, u.pcn, u.clp07, u.st, u.ch, u.pd, u.r, u.pay, u.pid, u.pos,
      string_to_array(u.c, ',')::int[]
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
      $8::bigint[], $9::text[], $10::text[], $11::uuid[], $12::int[], $13::text[])
      AS u(id, a, k, pcn, clp07, st, ch, pd, r, pay, pid, pos, c)`,
  numeric: [6, 7, 11],
};

async function insertRows(
  m: EntityManager,
  insert: { sql: string; numeric: number[] },
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0].length;
  const numeric = new Set(insert.numeric);
  // Each column one array literal (textArrayLiteral / numberArrayLiteral), cast by the SQL.
  const params: string[] = [];
  for (let c = 0; c < width; c++) {
    const column = rows.map((row) => row[c]);
    params.push(
      numeric.has(c)
        ? numberArrayLiteral(column as (number | null)[])
        : textArrayLiteral(column as (string | null)[]),
    );
  }
  // Array values (remarks, candidates) travel comma-joined and are split in SQL: unnest of a
  // two-dimensional array would flatten them.
  if (insert === REVIEW_INSERT)
    params[12] = textArrayLiteral(rows.map((r) => (r[12] === null ? null : (r[12] as number[]).join(','))));
  await m.query(insert.sql, params);
}

/**
 * The postings so far of the claims named, one index probe per claim (claim_posting_claim). Not
 * `claim_id = ANY($1)`: the table grows during a large upload faster than autovacuum analyzes it,
 * and without column statistics the planner takes 500 ids to match most of the table — a
 * (parallel) sequential scan per batch, growing with the table (22 ms at 74,000 rows). OFFSET 0
 * keeps the lateral subquery from being flattened into a join that could be hashed the same way.
 */
const POSTINGS_OF_CLAIMS = `
  SELECT p.* FROM unnest($1::text[]) AS k(claim_id)
   CROSS JOIN LATERAL (
     SELECT id, claim_id, claim_status_code, payer_claim_control_number, paid_cents, adjustment_cents,
            patient_responsibility_cents, deductible_cents, coinsurance_cents, copay_cents,
            reversed_by_posting_id, seq
       FROM remittance.claim_posting WHERE claim_id = k.claim_id OFFSET 0) p
   ORDER BY p.seq`;

/**
 * The ledger claims CLPs name (by CLP01, or the one `claimId`), locked FOR UPDATE in claim id
 * order, with their billed lines and their postings so far (totals, what a reversal can take back).
 */
export async function loadLedger(
  m: EntityManager,
  clps: readonly ClaimPayment[],
  claimId?: string,
): Promise<Map<string, LedgerClaim>> {
  const pcns = [...new Set(clps.map((c) => c.claimId))];
  const rows: {
    claim_id: string;
    patient_control_number: string;
    payer_id: string;
    total_charge_cents: string;
    line_services: string | null;
  }[] = claimId
    ? await m.query(
        `SELECT claim_id, patient_control_number, payer_id, total_charge_cents, line_services
           FROM remittance.claim_ledger WHERE claim_id = $1 FOR UPDATE`,
        [claimId],
      )
    : await m.query(
        `SELECT claim_id, patient_control_number, payer_id, total_charge_cents, line_services
           FROM remittance.claim_ledger WHERE patient_control_number = ANY($1::text[])
          ORDER BY claim_id FOR UPDATE`,
        [textArrayLiteral(pcns)],
      );
  const byId = new Map<string, LedgerClaim>();
  const billed = new Map<string, BilledServices>();
  for (const r of rows) {
    billed.set(r.claim_id, new BilledServices(m, r.claim_id, r.line_services));
    byId.set(r.claim_id, {
      claimId: r.claim_id,
      patientControlNumber: r.patient_control_number,
      payerId: r.payer_id,
      chargeCents: Number(r.total_charge_cents),
      lines: [],
      totals: { ...NO_POSTINGS },
      open: [],
    });
  }
  if (byId.size === 0) return new Map();
  const ids = [...byId.keys()];
  const [lineRows, postingRows]: [
    {
      claim_id: string;
      line_number: number;
      line_item_control_number: string;
      service: string | null;
      date_of_service: string;
      units: number;
      charge_cents: string;
    }[],
    {
      id: string;
      claim_id: string;
      claim_status_code: string;
      payer_claim_control_number: string | null;
      paid_cents: string;
      adjustment_cents: string;
      patient_responsibility_cents: string;
      deductible_cents: string;
      coinsurance_cents: string;
      copay_cents: string;
      reversed_by_posting_id: string | null;
    }[],
  ] = [
    await m.query(
      `SELECT claim_id, line_number, line_item_control_number, service,
              to_char(date_of_service, 'YYYY-MM-DD') AS date_of_service, units, charge_cents
         FROM remittance.claim_ledger_line WHERE claim_id = ANY($1::text[]) ORDER BY claim_id, line_number`,
      [textArrayLiteral(ids)],
    ),
    await m.query(POSTINGS_OF_CLAIMS, [textArrayLiteral(ids)]),
  ];
  for (const l of lineRows) {
    const claim = byId.get(l.claim_id);
    const services = billed.get(l.claim_id);
    if (!claim || !services) continue;
    // Opened when matching needs it: a line the payer names by its REF*6R never is.
    let service: BilledService | undefined;
    const open = () => (service ??= services.of(l.line_number, l.service));
    claim.lines.push({
      lineNumber: l.line_number,
      lineItemControlNumber: l.line_item_control_number,
      get procedureCode() {
        return open().procedureCode;
      },
      get modifiers() {
        return open().modifiers;
      },
      dateOfService: l.date_of_service,
      units: l.units,
      chargeCents: Number(l.charge_cents),
    });
  }
  for (const p of postingRows) {
    const c = byId.get(p.claim_id);
    if (!c) continue;
    c.totals = addPosting(c.totals, Number(p.paid_cents), {
      adjustmentCents: Number(p.adjustment_cents),
      patientResponsibilityCents: Number(p.patient_responsibility_cents),
      deductibleCents: Number(p.deductible_cents),
      coinsuranceCents: Number(p.coinsurance_cents),
      copayCents: Number(p.copay_cents),
    });
    if (p.claim_status_code !== REVERSAL_STATUS && !p.reversed_by_posting_id)
      c.open.push({ id: p.id, payerClaimControlNumber: p.payer_claim_control_number });
  }
  if (claimId) return byId;
  // keyed by CLP01 for the batch
  return new Map([...byId.values()].map((c) => [c.patientControlNumber, c]));
}
