/**
 * What one 835 CLP (loop 2100) posts to a claim, and where the claim stands after it. Pure: no Nest,
 * no database. Money is integer cents; reversals (CLP02 22) carry negated amounts, so sums net out.
 */
import type { AdjudicationOutcome } from '@revcycle/contracts';
import type { Adjustment, ClaimPayment } from '@revcycle/x12';

/** CAS01 claim adjustment group codes (X12 1033): CR is retired in 5010 but still seen. */
const ADJUSTMENT_GROUPS = new Set(['CO', 'OA', 'PI', 'CR']);
const PATIENT_RESPONSIBILITY = 'PR';
/** CARC 1 deductible, 2 coinsurance, 3 copay (group PR). */
const DEDUCTIBLE = '1';
const COINSURANCE = '2';
const COPAY = '3';
/** CARC 23: the impact of prior payer(s) adjudication — on a secondary's 835, what the primary paid and wrote off. */
const PRIOR_PAYER_IMPACT = '23';
/** CLP02 22: reversal of a previous payment; 4: denied. */
export const REVERSAL_STATUS = '22';
const DENIED_STATUS = '4';

export interface CasTotals {
  /** CO, OA, PI (and CR): what neither the payer nor the patient pays. */
  adjustmentCents: number;
  /** PR: what the patient owes, of which deductible, coinsurance and copay apart (other PR reasons only in the total). */
  patientResponsibilityCents: number;
  deductibleCents: number;
  coinsuranceCents: number;
  copayCents: number;
}

export const NO_CAS: CasTotals = {
  adjustmentCents: 0,
  patientResponsibilityCents: 0,
  deductibleCents: 0,
  coinsuranceCents: 0,
  copayCents: 0,
};

export function casTotals(adjustments: readonly Adjustment[], into: CasTotals = { ...NO_CAS }): CasTotals {
  for (const a of adjustments) {
    if (a.group === PATIENT_RESPONSIBILITY) {
      into.patientResponsibilityCents += a.amountCents;
      if (a.reason === DEDUCTIBLE) into.deductibleCents += a.amountCents;
      else if (a.reason === COINSURANCE) into.coinsuranceCents += a.amountCents;
      else if (a.reason === COPAY) into.copayCents += a.amountCents;
    } else into.adjustmentCents += a.amountCents;
  }
  return into;
}

/** The CAS groups of a CLP (claim and lines) that are no X12 1033 code: the CLP cannot be posted. */
export function unknownGroups(clp: ClaimPayment): string[] {
  const bad = new Set<string>();
  const check = (list: readonly Adjustment[]) => {
    for (const a of list)
      if (a.group !== PATIENT_RESPONSIBILITY && !ADJUSTMENT_GROUPS.has(a.group)) bad.add(a.group);
  };
  check(clp.adjustments);
  for (const l of clp.serviceLines) check(l.adjustments);
  return [...bad];
}

/** Claim-level plus every line's CAS. */
export function claimCasTotals(clp: ClaimPayment): CasTotals {
  const t = casTotals(clp.adjustments);
  for (const l of clp.serviceLines) casTotals(l.adjustments, t);
  return t;
}

/**
 * The outcome of one CLP, in the billing office's words (what claims moves the claim to):
 *  - reversed: CLP02 22 — the payer took back an earlier adjudication (a corrected CLP may follow).
 *  - denied: CLP02 4, or the payer allowed nothing at all — no payment (CLP04 0) and no patient
 *    responsibility: every cent was adjusted off (CO/OA/PI). A claim whose allowed amount all went
 *    to the deductible is NOT denied: it was allowed, the patient owes it.
 *  - partially_paid: allowed, but at least one billed line was allowed nothing (SVC03 0 and no PR on
 *    it, its charge adjusted off): a line denial inside a paid claim.
 *  - paid: allowed in full as adjudicated — every line paid by the payer or owed by the patient;
 *    contractual write-offs (CO-45) are not denials.
 * On a secondary payer's 835 (CLP02 2) a line the primary settled in full — nothing paid, nothing
 * owed, every CAS a CARC 23 (the prior payer's impact) — is no denial: nothing was left for the
 * secondary to pay; a claim made only of such lines is paid.
 */
export function adjudicationOutcome(clp: ClaimPayment): AdjudicationOutcome {
  if (clp.status === REVERSAL_STATUS) return 'reversed';
  if (clp.status === DENIED_STATUS) return 'denied';
  const cas = claimCasTotals(clp);
  const settledByPrior = (list: readonly Adjustment[]) =>
    list.length > 0 && list.every((a) => a.reason === PRIOR_PAYER_IMPACT);
  if (
    clp.paidCents === 0 &&
    cas.patientResponsibilityCents === 0 &&
    !(
      clp.serviceLines.length > 0 &&
      clp.serviceLines.every((l) => settledByPrior(l.adjustments)) &&
      clp.adjustments.every((a) => a.reason === PRIOR_PAYER_IMPACT)
    )
  )
    return 'denied';
  const lineDenied = clp.serviceLines.some(
    (l) =>
      l.chargeCents > 0 &&
      l.paidCents === 0 &&
      casTotals(l.adjustments).patientResponsibilityCents === 0 &&
      !settledByPrior(l.adjustments),
  );
  return lineDenied ? 'partially_paid' : 'paid';
}

/** Running totals of a claim over all its postings (reversals negative). */
export interface ClaimTotals extends CasTotals {
  paidCents: number;
}

export const NO_POSTINGS: ClaimTotals = { ...NO_CAS, paidCents: 0 };

export function addPosting(before: ClaimTotals, paidCents: number, cas: CasTotals): ClaimTotals {
  return {
    paidCents: before.paidCents + paidCents,
    adjustmentCents: before.adjustmentCents + cas.adjustmentCents,
    patientResponsibilityCents: before.patientResponsibilityCents + cas.patientResponsibilityCents,
    deductibleCents: before.deductibleCents + cas.deductibleCents,
    coinsuranceCents: before.coinsuranceCents + cas.coinsuranceCents,
    copayCents: before.copayCents + cas.copayCents,
  };
}

/** charge − paid − adjustments − patient responsibility: what nobody has accounted for yet. */
export function balanceCents(chargeCents: number, t: ClaimTotals): number {
  return chargeCents - t.paidCents - t.adjustmentCents - t.patientResponsibilityCents;
}

/**
 * Why posting `clp` over `before` would take the claim beyond what we billed (undefined when it
 * does not): a CLP charge above ours, more paid than charged, or more accounted for (paid +
 * adjustments + patient responsibility) than charged — which is also what posting the same CLP
 * twice without a reversal between does.
 */
export function beyondCharge(
  clp: ClaimPayment,
  billedChargeCents: number,
  after: ClaimTotals,
): { element: 'CLP03' | 'CLP04'; message: string } | undefined {
  const money = (c: number) => (c / 100).toFixed(2);
  if (clp.status !== REVERSAL_STATUS && clp.chargeCents > billedChargeCents)
    return {
      element: 'CLP03',
      message: `CLP03 charge ${money(clp.chargeCents)} is more than the ${money(billedChargeCents)} billed on claim ${clp.claimId}`,
    };
  if (after.paidCents > billedChargeCents)
    return {
      element: 'CLP04',
      message: `claim ${clp.claimId} would be paid ${money(after.paidCents)} in all, more than the ${money(billedChargeCents)} billed`,
    };
  if (balanceCents(billedChargeCents, after) < 0)
    return {
      element: 'CLP04',
      message: `claim ${clp.claimId} would have ${money(billedChargeCents - balanceCents(billedChargeCents, after))} paid, adjusted or owed by the patient, more than the ${money(billedChargeCents)} billed (already posted and not reversed?)`,
    };
  return undefined;
}
