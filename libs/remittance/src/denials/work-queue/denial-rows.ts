import type { EntityManager } from 'typeorm';
import type { DenialKey } from './denial-id';
import type { DenialRow } from './denial-item';

/**
 * The orders the queue is worked in (`?sort=`): oldest payment first (the default: timely filing and
 * appeal windows run from it), newest first, or the most money refused first. Each ends on the
 * posting and line so that pages never overlap.
 */
export const DENIAL_SORTS = ['oldest', 'newest', 'largest'] as const;
export type DenialSort = (typeof DENIAL_SORTS)[number];
const ORDER_BY: Record<DenialSort, string> = {
  oldest: 'a.payment_date, d.posting_id, d.line_position',
  newest: 'a.payment_date DESC, d.posting_id, d.line_position',
  largest: 'denied_cents DESC, a.payment_date, d.posting_id, d.line_position',
};

export interface DenialFilter {
  carc?: string;
  payerId?: string;
  minAgeDays?: number;
  state: 'open' | 'resolved' | 'all';
  key?: DenialKey;
}

/**
 * Every denial still standing (its posting not reversed): a claim the payer denied (outcome denied,
 * claim-level and every line's CAS together), or a line allowed nothing (SVC03 0, no PR, charge
 * adjusted off) inside a partially paid claim. Age counts from the remittance's payment date.
 */
const DENIALS = `
  WITH denial AS (
    SELECT p.id AS posting_id, 0 AS line_position, p.claim_id, p.patient_control_number, p.advice_id,
           p.claim_status_code, p.payer_claim_control_number, NULL::text AS service, NULL::text AS line_services, NULL::int AS line_number,
           p.charge_cents, p.paid_cents,
           p.adjustments || coalesce((SELECT jsonb_agg(a) FROM remittance.line_posting l,
                                        jsonb_array_elements(l.adjustments) a WHERE l.posting_id = p.id), '[]') AS adjustments,
           coalesce((SELECT array_agg(r) FROM remittance.line_posting l, unnest(l.remarks) r
                      WHERE l.posting_id = p.id), '{}') AS remarks
      FROM remittance.claim_posting p
     WHERE p.outcome = 'denied' AND p.reversed_by_posting_id IS NULL
    UNION ALL
    SELECT p.id, l.position, p.claim_id, p.patient_control_number, p.advice_id, p.claim_status_code,
           p.payer_claim_control_number, l.service, p.line_services, l.line_number, l.charge_cents,
           l.paid_cents, l.adjustments, l.remarks
      FROM remittance.claim_posting p JOIN remittance.line_posting l ON l.posting_id = p.id
     WHERE p.outcome = 'partially_paid' AND p.reversed_by_posting_id IS NULL
       AND l.paid_cents = 0 AND l.patient_responsibility_cents = 0 AND l.charge_cents > 0
  )
  SELECT d.*, c.payer_id, to_char(a.payment_date, 'YYYY-MM-DD') AS payment_date,
         (current_date - a.payment_date) AS age_days,
         (SELECT coalesce(sum((x->>'amountCents')::bigint), 0) FROM jsonb_array_elements(d.adjustments) x
           WHERE x->>'group' <> 'PR')::float8 AS denied_cents,
         r.action, r.note, r.resolved_by, r.resolved_at
    FROM denial d
    JOIN remittance.claim_ledger c ON c.claim_id = d.claim_id
    JOIN remittance.remittance_advice a ON a.id = d.advice_id
    LEFT JOIN remittance.denial_resolution r
      ON r.posting_id = d.posting_id AND r.line_position = d.line_position
   WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(d.adjustments) x WHERE x->>'reason' = $1))
     AND ($2::text IS NULL OR c.payer_id = $2)
     AND ($3::int IS NULL OR current_date - a.payment_date >= $3)
     AND ($4 = 'all' OR ($4 = 'open') = (r.action IS NULL))
     AND ($5::uuid IS NULL OR (d.posting_id = $5 AND d.line_position = $6))`;

const params = (f: DenialFilter) => [
  f.carc ?? null,
  f.payerId ?? null,
  f.minAgeDays ?? null,
  f.state,
  f.key?.postingId ?? null,
  f.key?.linePosition ?? 0,
];

/** One page of denials in the order asked (oldest payment first unless told), and how many match. */
export async function denialRows(
  m: EntityManager,
  filter: DenialFilter,
  page: { limit: number; offset: number },
  sort: DenialSort = 'oldest',
): Promise<{ total: number; rows: DenialRow[] }> {
  const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM (${DENIALS}) q`, params(filter));
  const rows: DenialRow[] = await m.query(`${DENIALS} ORDER BY ${ORDER_BY[sort]} LIMIT $7 OFFSET $8`, [
    ...params(filter),
    page.limit,
    page.offset,
  ]);
  return { total, rows };
}

export async function denialRow(m: EntityManager, key: DenialKey): Promise<DenialRow | undefined> {
  const [row]: DenialRow[] = await m.query(DENIALS, params({ state: 'all', key }));
  return row;
}
