import type { EntityManager } from 'typeorm';
import { describeCarc } from '../denials/denial-codes';
import { arAging } from './ar-aging';

export interface Kpis {
  from: string;
  to: string;
  claimsBilled: number;
  chargesCents: number;
  /** Claims billed in the window never corrected nor voided (no rework before payment). */
  cleanClaimRate: number | null;
  claimsAdjudicated: number;
  /** Of the claims first adjudicated in the window, those paid (fully or partly) the first time. */
  firstPassPaymentRate: number | null;
  /** Standing claim postings of the window that denied the claim or a line of it. */
  denialRate: number | null;
  deniedByCarc: Array<{ carc: string; description: string; postings: number; deniedCents: number }>;
  deniedByPayer: Array<{ payerId: string; postings: number; denied: number; denialRate: number }>;
  paidCents: number;
  /** Payments / (charges − contractual adjustments (CO)), over the window's postings. */
  netCollectionRate: number | null;
  /** Receivables at the end of the window over the average charge per day of the window. */
  arCents: number;
  daysInAr: number | null;
  /** What the payers sent (BPR02) per payment date (BPR16). */
  collections: Array<{ date: string; paidCents: number }>;
}

const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
const DAY = 86_400_000;

/** The measures a billing office tracks, over claims billed and postings made from `from` to `to` (inclusive). */
export async function kpis(m: EntityManager, from: string, to: string): Promise<Kpis> {
  const window = [from, to];
  const [billed] = await m.query(
    `SELECT count(*)::int AS claims, coalesce(sum(total_charge_cents), 0)::float8 AS charges,
            count(*) FILTER (WHERE revision = 1 AND NOT voided)::int AS clean
       FROM remittance.claim_ledger WHERE recorded_at >= $1::date AND recorded_at < ($2::date + 1)`,
    window,
  );
  const [first] = await m.query(
    `SELECT count(*)::int AS claims, count(*) FILTER (WHERE outcome IN ('paid', 'partially_paid'))::int AS paid
       FROM (SELECT DISTINCT ON (claim_id) claim_id, outcome, posted_at FROM remittance.claim_posting
              WHERE claim_status_code <> '22' ORDER BY claim_id, seq) f
      WHERE posted_at >= $1::date AND posted_at < ($2::date + 1)`,
    window,
  );
  const byPayer: Array<{ payer_id: string; postings: number; denied: number }> = await m.query(
    `SELECT c.payer_id, count(*)::int AS postings,
            count(*) FILTER (WHERE p.outcome IN ('denied', 'partially_paid'))::int AS denied
       FROM remittance.claim_posting p JOIN remittance.claim_ledger c ON c.claim_id = p.claim_id
      WHERE p.reversed_by_posting_id IS NULL AND p.claim_status_code <> '22'
        AND p.posted_at >= $1::date AND p.posted_at < ($2::date + 1)
      GROUP BY c.payer_id ORDER BY c.payer_id`,
    window,
  );
  const byCarc: Array<{ carc: string; postings: number; cents: number }> = await m.query(
    `SELECT a->>'reason' AS carc, count(DISTINCT p.id)::int AS postings, sum((a->>'amountCents')::bigint)::float8 AS cents
       FROM remittance.claim_posting p
       CROSS JOIN LATERAL (
         SELECT p.adjustments AS adjs
         UNION ALL SELECT l.adjustments FROM remittance.line_posting l WHERE l.posting_id = p.id) s,
       jsonb_array_elements(s.adjs) a
      WHERE p.outcome IN ('denied', 'partially_paid') AND p.reversed_by_posting_id IS NULL
        AND p.posted_at >= $1::date AND p.posted_at < ($2::date + 1)
        AND a->>'group' <> 'PR' AND a->>'reason' NOT IN ('45', '253')
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    window,
  );
  const [money] = await m.query(
    `SELECT coalesce(sum(p.paid_cents), 0)::float8 AS paid, coalesce(sum(p.charge_cents), 0)::float8 AS charge,
            coalesce(sum((SELECT coalesce(sum((a->>'amountCents')::bigint), 0) FROM (
               SELECT jsonb_array_elements(p.adjustments) a
               UNION ALL SELECT jsonb_array_elements(l.adjustments) FROM remittance.line_posting l WHERE l.posting_id = p.id) x
              WHERE a->>'group' = 'CO' AND a->>'reason' IN ('45', '253'))), 0)::float8 AS contractual
       FROM remittance.claim_posting p
      WHERE p.posted_at >= $1::date AND p.posted_at < ($2::date + 1)`,
    window,
  );
  const collections: Array<{ date: string; paidCents: number }> = await m.query(
    `SELECT to_char(payment_date, 'YYYY-MM-DD') AS date, sum(paid_cents)::float8 AS "paidCents"
       FROM remittance.remittance_advice WHERE payment_date BETWEEN $1::date AND $2::date
      GROUP BY payment_date ORDER BY payment_date`,
    window,
  );
  const ar = (await arAging(m, to)).totals.arCents;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
  const perDay = billed.charges / days;
  const postings = byPayer.reduce((s, p) => s + p.postings, 0);
  const denied = byPayer.reduce((s, p) => s + p.denied, 0);
  return {
    from,
    to,
    claimsBilled: billed.claims,
    chargesCents: billed.charges,
    cleanClaimRate: rate(billed.clean, billed.claims),
    claimsAdjudicated: first.claims,
    firstPassPaymentRate: rate(first.paid, first.claims),
    denialRate: rate(denied, postings),
    deniedByCarc: byCarc.map((c) => ({
      carc: c.carc,
      description: describeCarc(c.carc).description,
      postings: c.postings,
      deniedCents: c.cents,
    })),
    deniedByPayer: byPayer.map((p) => ({
      payerId: p.payer_id,
      postings: p.postings,
      denied: p.denied,
      denialRate: rate(p.denied, p.postings) ?? 0,
    })),
    paidCents: money.paid,
    netCollectionRate: rate(money.paid, money.charge - money.contractual),
    arCents: ar,
    daysInAr: perDay > 0 ? Math.round((ar / perDay) * 10) / 10 : null,
    collections,
  };
}
