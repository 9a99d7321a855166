import type { EntityManager } from 'typeorm';

/** Days since the date of service, the buckets a billing office ages its receivables in. */
export const AGING_BUCKETS = [
  { label: '0-30', from: 0, to: 30 },
  { label: '31-60', from: 31, to: 60 },
  { label: '61-90', from: 61, to: 90 },
  { label: '91-120', from: 91, to: 120 },
  { label: '120+', from: 121, to: Infinity },
] as const;

export interface AgingBucket {
  label: string;
  cents: number;
  claims: number;
}

export interface ArAging {
  asOf: string;
  /** What payers still owe: each claim's balance (charge − paid − adjustments − patient responsibility). */
  payers: Array<{ payerId: string; totalCents: number; claims: number; buckets: AgingBucket[] }>;
  /**
   * What patients owe: the patient responsibility the payers assigned (PR), aged the same way — on a
   * claim billed on to a secondary payer, the secondary's PR instead of the primary's.
   */
  patient: { totalCents: number; claims: number; buckets: AgingBucket[] };
  totals: { payerCents: number; patientCents: number; arCents: number };
}

export const bucketOf = (ageDays: number): number =>
  AGING_BUCKETS.findIndex((b) => ageDays >= b.from && ageDays <= b.to);

/**
 * Every claim billed by `asOf` (not voided), with what its postings up to that day left: one row
 * per claim, its age and its payer and patient balances (reversals net out: they post negated).
 *
 * Coordination of benefits: once a claim is billed to the secondary payer, the patient
 * responsibility the primary assigned is the secondary's to settle first — it is aged as the
 * secondary claim's receivable (until the secondary's 835 posts) and no longer as the patient's;
 * after that 835, the patient owes what the secondary assigned (PR). Counted once, never twice.
 */
export async function balancesAsOf(
  m: EntityManager,
  asOf: string,
): Promise<Array<{ payer_id: string; age_days: number; payer_cents: string; patient_cents: string }>> {
  return m.query(
    `WITH own AS (
       SELECT c.claim_id, c.payer_id, c.primary_claim_id, c.total_charge_cents,
              ($1::date - c.date_of_service) AS age_days,
              count(p.id) FILTER (WHERE p.claim_status_code <> '22')
                - count(p.id) FILTER (WHERE p.claim_status_code = '22') AS standing,
              coalesce(sum(p.paid_cents + p.adjustment_cents + p.patient_responsibility_cents), 0) AS settled,
              coalesce(sum(p.patient_responsibility_cents), 0) AS pr
         FROM remittance.claim_ledger c
         LEFT JOIN remittance.claim_posting p ON p.claim_id = c.claim_id AND p.posted_at < ($1::date + 1)
        WHERE NOT c.voided AND c.recorded_at < ($1::date + 1)
        GROUP BY c.claim_id
     )
     SELECT o.payer_id, o.age_days,
            CASE WHEN o.primary_claim_id IS NOT NULL AND o.standing <= 0 THEN coalesce(primary_claim.pr, 0)
                 ELSE o.total_charge_cents - o.settled END AS payer_cents,
            CASE WHEN EXISTS (SELECT 1 FROM own s WHERE s.primary_claim_id = o.claim_id) THEN 0
                 ELSE o.pr END AS patient_cents
       FROM own o
       LEFT JOIN own primary_claim ON primary_claim.claim_id = o.primary_claim_id`,
    [asOf],
  );
}

const emptyBuckets = (): AgingBucket[] => AGING_BUCKETS.map((b) => ({ label: b.label, cents: 0, claims: 0 }));

/** Receivables by payer and the patients' apart, in aging buckets (a claim billed in the future ages 0). */
export async function arAging(m: EntityManager, asOf: string): Promise<ArAging> {
  const payers = new Map<string, ArAging['payers'][number]>();
  const patient = { totalCents: 0, claims: 0, buckets: emptyBuckets() };
  for (const r of await balancesAsOf(m, asOf)) {
    const bucket = bucketOf(Math.max(0, Number(r.age_days)));
    const owed = Number(r.payer_cents);
    if (owed !== 0) {
      const p = payers.get(r.payer_id) ?? {
        payerId: r.payer_id,
        totalCents: 0,
        claims: 0,
        buckets: emptyBuckets(),
      };
      p.totalCents += owed;
      p.claims += 1;
      p.buckets[bucket].cents += owed;
      p.buckets[bucket].claims += 1;
      payers.set(r.payer_id, p);
    }
    const due = Number(r.patient_cents);
    if (due !== 0) {
      patient.totalCents += due;
      patient.claims += 1;
      patient.buckets[bucket].cents += due;
      patient.buckets[bucket].claims += 1;
    }
  }
  const list = [...payers.values()].sort(
    (a, b) => b.totalCents - a.totalCents || a.payerId.localeCompare(b.payerId),
  );
  const payerCents = list.reduce((s, p) => s + p.totalCents, 0);
  return {
    asOf,
    payers: list,
    patient,
    totals: { payerCents, patientCents: patient.totalCents, arCents: payerCents + patient.totalCents },
  };
}
