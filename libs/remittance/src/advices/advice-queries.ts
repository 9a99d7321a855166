import { PageOf, PageRequest } from '@revcycle/runtime';
import { DataSource } from 'typeorm';

export interface AdviceSummary {
  id: string;
  fileId: string;
  payerId: string;
  payerName: string | null;
  traceNumber: string;
  traceOriginator: string | null;
  paidCents: number;
  paymentMethod: string;
  paymentDate: string;
  transactionSetControlNumber: string;
  claimCount: number;
  plbCents: number;
  postedAt: string;
}

const ADVICE_COLUMNS = `a.id, a.file_id AS "fileId", a.payer_id AS "payerId", a.payer_name AS "payerName",
  a.trace_number AS "traceNumber", a.trace_originator AS "traceOriginator", a.paid_cents::float8 AS "paidCents",
  a.payment_method AS "paymentMethod", to_char(a.payment_date, 'YYYY-MM-DD') AS "paymentDate",
  a.transaction_set_control_number AS "transactionSetControlNumber", a.claim_count AS "claimCount",
  a.plb_cents::float8 AS "plbCents", a.posted_at AS "postedAt"`;

/** How the advices list is ordered (`?sort=`): newest posted first (default), latest payment date, most money. */
export const ADVICE_SORTS = ['newest', 'payment-date', 'largest'] as const;
export type AdviceSort = (typeof ADVICE_SORTS)[number];
const ADVICE_ORDER: Record<AdviceSort, string> = {
  newest: 'a.posted_at DESC, a.id DESC',
  'payment-date': 'a.payment_date DESC, a.posted_at DESC, a.id DESC',
  largest: 'a.paid_cents DESC, a.posted_at DESC, a.id DESC',
};

export interface AdviceFilter {
  fileId?: string;
  /** The payer's identification as the 835 carries it (REF*2U / N104), as listed. */
  payerId?: string;
  /** TRN02, the EFT or check trace. */
  traceNumber?: string;
  sort?: AdviceSort;
}

export async function listAdvices(
  db: DataSource,
  page: PageRequest,
  filter: AdviceFilter = {},
): Promise<PageOf<AdviceSummary>> {
  const where = `($1::uuid IS NULL OR a.file_id = $1) AND ($2::text IS NULL OR a.payer_id = $2)
     AND ($3::text IS NULL OR a.trace_number = $3)`;
  const params = [filter.fileId ?? null, filter.payerId ?? null, filter.traceNumber ?? null];
  const [{ total }] = await db.query(
    `SELECT count(*)::int AS total FROM remittance.remittance_advice a WHERE ${where}`,
    params,
  );
  const items = await db.query(
    `SELECT ${ADVICE_COLUMNS} FROM remittance.remittance_advice a
      WHERE ${where} ORDER BY ${ADVICE_ORDER[filter.sort ?? 'newest']} LIMIT $4 OFFSET $5`,
    [...params, page.limit, page.offset],
  );
  return { total, items };
}

/**
 * The advice with one page of its claims (one row per posted CLP, in file order) and of its review
 * items — an advice may hold 100,000 claims — with how many there are, and its provider-level
 * adjustments (PLB, a handful).
 */
export async function adviceDetail(db: DataSource, id: string, page: PageRequest) {
  const [advice]: AdviceSummary[] = await db.query(
    `SELECT ${ADVICE_COLUMNS} FROM remittance.remittance_advice a WHERE a.id = $1`,
    [id],
  );
  if (!advice) return undefined;
  const claims = await db.query(
    `SELECT p.id AS "postingId", p.claim_id AS "claimId", p.patient_control_number AS "patientControlNumber",
            p.claim_status_code AS "claimStatusCode", p.payer_claim_control_number AS "payerClaimControlNumber",
            p.charge_cents::float8 AS "chargeCents", p.paid_cents::float8 AS "paidCents",
            p.adjustment_cents::float8 AS "adjustmentCents",
            p.patient_responsibility_cents::float8 AS "patientResponsibilityCents", p.outcome
       FROM remittance.claim_posting p WHERE p.advice_id = $1
      ORDER BY p.segment_ordinal, p.seq LIMIT $2 OFFSET $3`,
    [id, page.limit, page.offset],
  );
  const review = await db.query(
    `SELECT r.id, r.kind, r.patient_control_number AS "patientControlNumber", r.reason,
            r.paid_cents::float8 AS "paidCents", r.resolved_at AS "resolvedAt"
       FROM remittance.remittance_review r WHERE r.advice_id = $1 ORDER BY r.created_at, r.id
      LIMIT $2 OFFSET $3`,
    [id, page.limit, page.offset],
  );
  const [{ claimsTotal, reviewTotal }] = await db.query(
    `SELECT (SELECT count(*) FROM remittance.claim_posting WHERE advice_id = $1)::int AS "claimsTotal",
            (SELECT count(*) FROM remittance.remittance_review WHERE advice_id = $1)::int AS "reviewTotal"`,
    [id],
  );
  const providerAdjustments = await db.query(
    `SELECT provider_id AS "providerId", fiscal_period_date AS "fiscalPeriodDate", reason_code AS "reasonCode",
            reference, amount_cents::float8 AS "amountCents"
       FROM remittance.provider_adjustment WHERE advice_id = $1 ORDER BY position`,
    [id],
  );
  return { ...advice, claimsTotal, claims, reviewTotal, review, providerAdjustments };
}
