import { DataSource } from 'typeorm';
import { PostedLineServices } from '../phi/posted-line-services';
import { BilledService } from '../phi/remittance-phi.entities';
import { ClaimTotals, NO_POSTINGS, addPosting, balanceCents } from '../posting/claim-posting';

export type ClaimAccountStatus = 'billed' | 'paid' | 'partially_paid' | 'denied' | 'reversed';

/**
 * A claim's account as remittance sees it: what was billed, and every 835 posting against it.
 * paid = Σ CLP04 (reversals negative), patient responsibility = Σ CAS PR, adjustments = Σ the other
 * CAS groups, balance = charge − paid − adjustments − patient responsibility. Its status is the
 * outcome of the latest posting (`billed` before any), so a reversal followed by the corrected CLP
 * reads as the corrected one.
 */
export async function claimAccount(db: DataSource, patientControlNumber: string) {
  const [claim] = await db.query(
    `SELECT claim_id AS "claimId", patient_control_number AS "patientControlNumber", payer_id AS "payerId",
            total_charge_cents::float8 AS "chargeCents"
       FROM remittance.claim_ledger WHERE patient_control_number = $1`,
    [patientControlNumber],
  );
  if (!claim) return undefined;
  const postings: {
    id: string;
    adviceId: string;
    paidCents: number;
    adjustmentCents: number;
    patientResponsibilityCents: number;
    deductibleCents: number;
    coinsuranceCents: number;
    copayCents: number;
    outcome: ClaimAccountStatus;
    lineServices?: string | null;
    lines: ({ position: number; service?: string | null } & Partial<BilledService>)[];
  }[] = await db.query(
    `SELECT p.id, p.advice_id AS "adviceId", a.trace_number AS "traceNumber",
            to_char(a.payment_date, 'YYYY-MM-DD') AS "paymentDate",
            p.claim_status_code AS "claimStatusCode", p.payer_claim_control_number AS "payerClaimControlNumber",
            p.outcome, p.charge_cents::float8 AS "chargeCents", p.paid_cents::float8 AS "paidCents",
            p.adjustment_cents::float8 AS "adjustmentCents",
            p.patient_responsibility_cents::float8 AS "patientResponsibilityCents",
            p.deductible_cents::float8 AS "deductibleCents", p.coinsurance_cents::float8 AS "coinsuranceCents",
            p.copay_cents::float8 AS "copayCents", p.adjustments,
            p.reverses_posting_id AS "reversesPostingId", p.reversed_by_posting_id AS "reversedByPostingId",
            p.posted_at AS "postedAt", p.line_services AS "lineServices",
            COALESCE((SELECT json_agg(json_build_object(
                'position', l.position, 'lineNumber', l.line_number, 'matchMethod', l.match_method,
                'lineItemControlNumber', l.line_item_control_number, 'service', l.service,
                'dateOfService', l.date_of_service, 'units', l.units::float8,
                'chargeCents', l.charge_cents, 'paidCents', l.paid_cents,
                'adjustmentCents', l.adjustment_cents, 'patientResponsibilityCents', l.patient_responsibility_cents,
                'adjustments', l.adjustments, 'remarks', l.remarks) ORDER BY l.position)
              FROM remittance.line_posting l WHERE l.posting_id = p.id), '[]'::json) AS lines
       FROM remittance.claim_posting p JOIN remittance.remittance_advice a ON a.id = p.advice_id
      WHERE p.claim_id = $1 ORDER BY p.seq`,
    [claim.claimId],
  );
  // The payer's procedure and modifiers are sealed (PHI): opened here, for this authorized read.
  const services = new PostedLineServices(db.manager);
  for (const p of postings) {
    const lineServices = p.lineServices ?? null;
    delete p.lineServices;
    p.lines = p.lines.map(({ service, ...line }) => ({
      ...line,
      ...services.of({ postingId: p.id, position: line.position, service: service ?? null, lineServices }),
    }));
  }
  let totals: ClaimTotals = { ...NO_POSTINGS };
  for (const p of postings) totals = addPosting(totals, p.paidCents, p);
  const last = postings[postings.length - 1];
  return {
    ...claim,
    paidCents: totals.paidCents,
    adjustmentCents: totals.adjustmentCents,
    patientResponsibilityCents: totals.patientResponsibilityCents,
    deductibleCents: totals.deductibleCents,
    coinsuranceCents: totals.coinsuranceCents,
    copayCents: totals.copayCents,
    balanceCents: balanceCents(claim.chargeCents, totals),
    status: (last?.outcome ?? 'billed') as ClaimAccountStatus,
    postings,
  };
}
