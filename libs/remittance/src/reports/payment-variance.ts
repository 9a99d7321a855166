import type { EntityManager } from 'typeorm';
import {
  FeeSchedule,
  PaymentVariance,
  VarianceStatus,
  expectedAllowed,
  paymentVariance,
  scheduleInEffect,
} from '../fee-schedules/fee-schedule';
import { PostedLineServices } from '../phi/posted-line-services';

export interface LineVariance extends PaymentVariance {
  lineNumber: number | null;
  procedureCode: string;
  modifiers: string[];
  units: number;
  dateOfService: string | null;
}

export interface ClaimVariance {
  claimId: string;
  patientControlNumber: string;
  expectedAllowedCents: number;
  allowedCents: number;
  paidCents: number;
  varianceCents: number;
  status: VarianceStatus;
  /** Lines the schedule has no rate for: no expectation (not an expectation of zero). */
  unpricedLines: number;
  lines: LineVariance[];
}

export interface PayerVariance {
  payerId: string;
  from: string;
  to: string;
  totals: {
    claims: number;
    lines: number;
    unpricedLines: number;
    expectedAllowedCents: number;
    allowedCents: number;
    varianceCents: number;
    varianceBasisPoints: number;
    underpaid: number;
    overpaid: number;
  };
  /** Most underpaid first. */
  claims: ClaimVariance[];
}

async function schedulesOf(m: EntityManager, payerId: string): Promise<FeeSchedule[]> {
  const rows: Array<{ date: string; code: string; modifier: string; cents: number }> = await m.query(
    `SELECT to_char(effective_date, 'YYYY-MM-DD') AS date, procedure_code AS code, modifier, allowed_cents::float8 AS cents
       FROM remittance.fee_schedule_rate WHERE payer_id = $1`,
    [payerId],
  );
  const byDate = new Map<string, FeeSchedule>();
  for (const r of rows) {
    const s = byDate.get(r.date) ?? { payerId, effectiveDate: r.date, rates: [] };
    s.rates.push({ procedureCode: r.code, modifier: r.modifier, allowedCents: r.cents });
    byDate.set(r.date, s);
  }
  return [...byDate.values()];
}

interface LineRow {
  claim_id: string;
  patient_control_number: string;
  posting_id: string;
  position: number;
  line_number: number | null;
  service: string | null;
  line_services: string | null;
  units: string | null;
  dos: string | null;
  claim_dos: string;
  paid_cents: number;
  pr_cents: number;
}

/**
 * What the payer allowed (paid + patient responsibility) against its fee schedule, line by line, for
 * the standing postings (neither reversed nor reversals) of its claims posted from `from` to `to`.
 * Each line is priced by the schedule in effect on its date of service. A secondary (or tertiary)
 * payer's adjudication (CLP02 2, 3, 20, 21; or a claim billed as secondary) is left out: it pays on
 * what the prior payer left (OA-23), so paid + PR says nothing of its own fee schedule.
 */
export async function payerVariance(
  m: EntityManager,
  payerId: string,
  from: string,
  to: string,
): Promise<PayerVariance> {
  const schedules = await schedulesOf(m, payerId);
  const rows: LineRow[] = await m.query(
    `SELECT p.claim_id, p.patient_control_number, l.posting_id, l.position, l.line_number, l.service,
            p.line_services, l.units::text AS units, to_char(l.date_of_service, 'YYYY-MM-DD') AS dos,
            to_char(c.date_of_service, 'YYYY-MM-DD') AS claim_dos,
            l.paid_cents::float8 AS paid_cents, l.patient_responsibility_cents::float8 AS pr_cents
       FROM remittance.claim_posting p
       JOIN remittance.claim_ledger c ON c.claim_id = p.claim_id
       JOIN remittance.line_posting l ON l.posting_id = p.id
      WHERE c.payer_id = $1 AND p.reversed_by_posting_id IS NULL AND p.claim_status_code <> '22'
        AND c.primary_claim_id IS NULL AND p.claim_status_code NOT IN ('2', '3', '20', '21')
        AND p.posted_at >= $2::date AND p.posted_at < ($3::date + 1)
      ORDER BY p.patient_control_number, p.seq, l.position`,
    [payerId, from, to],
  );
  const claims = new Map<string, ClaimVariance>();
  const services = new PostedLineServices(m);
  for (const r of rows) {
    const claim = claims.get(r.claim_id) ?? newClaim(r);
    claims.set(r.claim_id, claim);
    const service = services.of({
      postingId: r.posting_id,
      position: r.position,
      service: r.service,
      lineServices: r.line_services,
    });
    const date = r.dos ?? r.claim_dos;
    const units = r.units === null ? 1 : Number(r.units);
    const schedule = scheduleInEffect(schedules, date);
    const expected =
      service && schedule && expectedAllowed(schedule, { ...service, units, dateOfService: date });
    if (!service || !expected) {
      claim.unpricedLines++;
      continue;
    }
    const v = paymentVariance(expected.allowedCents, {
      paidCents: r.paid_cents,
      patientResponsibilityCents: r.pr_cents,
    });
    claim.lines.push({ lineNumber: r.line_number, ...service, units, dateOfService: date, ...v });
    claim.expectedAllowedCents += v.expectedAllowedCents;
    claim.allowedCents += v.allowedCents;
    claim.paidCents += v.paidCents;
  }
  const list = [...claims.values()].filter((c) => c.lines.length > 0);
  for (const c of list) {
    c.varianceCents = c.allowedCents - c.expectedAllowedCents;
    c.status = c.varianceCents === 0 ? 'as_expected' : c.varianceCents < 0 ? 'underpaid' : 'overpaid';
  }
  list.sort(
    (a, b) =>
      a.varianceCents - b.varianceCents || a.patientControlNumber.localeCompare(b.patientControlNumber),
  );
  const expectedAllowedCents = list.reduce((s, c) => s + c.expectedAllowedCents, 0);
  const allowedCents = list.reduce((s, c) => s + c.allowedCents, 0);
  return {
    payerId,
    from,
    to,
    totals: {
      claims: list.length,
      lines: list.reduce((s, c) => s + c.lines.length, 0),
      unpricedLines: [...claims.values()].reduce((s, c) => s + c.unpricedLines, 0),
      expectedAllowedCents,
      allowedCents,
      varianceCents: allowedCents - expectedAllowedCents,
      varianceBasisPoints:
        expectedAllowedCents === 0
          ? 0
          : Math.round(((allowedCents - expectedAllowedCents) * 10_000) / expectedAllowedCents),
      underpaid: list.filter((c) => c.status === 'underpaid').length,
      overpaid: list.filter((c) => c.status === 'overpaid').length,
    },
    claims: list,
  };
}

const newClaim = (r: LineRow): ClaimVariance => ({
  claimId: r.claim_id,
  patientControlNumber: r.patient_control_number,
  expectedAllowedCents: 0,
  allowedCents: 0,
  paidCents: 0,
  varianceCents: 0,
  status: 'as_expected',
  unpricedLines: 0,
  lines: [],
});
