import type {
  Adjustment,
  Claim,
  ClaimPayment,
  Procedure,
  QualifiedDate,
  ServicePayment,
} from '@revcycle/x12';
import type { FeeSchedule } from './fee-schedule';
import { allowedCents } from './fee-schedule';
import type { DenialReason, FrontEndRejection } from './remittance-codes';
import {
  CLAIM_DENIALS,
  COINSURANCE,
  CONTRACTUAL,
  COPAY,
  DEDUCTIBLE,
  FRONT_END_REJECTIONS,
  LINE_DENIALS,
  PRIOR_PAYER_IMPACT,
} from './remittance-codes';
import type { SeededRandom } from './seeded-random';

export type ClaimOutcome = 'paid' | 'partially_paid' | 'denied' | 'rejected';

/** The patient's share of what the plan allows (X12 CARC 1 deductible, 2 coinsurance, 3 copay). */
export type PatientShare =
  | { kind: 'none' }
  | { kind: 'copay'; copayCents: number }
  | { kind: 'coinsurance'; percent: number }
  | { kind: 'deductible'; deductibleCents: number; percent: number };

export interface ClaimDecision {
  outcome: ClaimOutcome;
  /** For `rejected`: the 277CA status. */
  rejection?: FrontEndRejection;
  /** For `denied`: the reason on every line; for `partially_paid`: the reason on `deniedLine`. */
  denial?: DenialReason;
  deniedLine?: number;
  share: PatientShare;
}

/** Outcome mix per claim (the rest is paid): front-end rejections, denials, one line denied. */
const REJECTED = 0.04;
const DENIED = 0.12;
const PARTIAL = 0.1;

/** Draws what happens to one claim. Always draws the same number of values, so one claim's outcome does not shift the next one's. */
export function decideClaim(claim: Claim, rng: SeededRandom): ClaimDecision {
  const r = rng.next();
  const rejection = rng.pick(FRONT_END_REJECTIONS);
  const claimDenial = rng.pick(CLAIM_DENIALS);
  const lineDenial = rng.pick(LINE_DENIALS);
  const line = rng.int(1, Math.max(1, claim.serviceLines.length - 1));
  const share = drawShare(rng);
  if (r < REJECTED) return { outcome: 'rejected', rejection, share };
  if (r < REJECTED + DENIED) return { outcome: 'denied', denial: claimDenial, share };
  if (r < REJECTED + DENIED + PARTIAL && claim.serviceLines.length > 1)
    return { outcome: 'partially_paid', denial: lineDenial, deniedLine: line, share };
  return { outcome: 'paid', share };
}

function drawShare(rng: SeededRandom): PatientShare {
  const r = rng.next();
  const copayCents = rng.pick([1500, 2000, 2500, 3000, 4000]);
  const percent = rng.pick([10, 20, 20, 30]);
  const deductibleCents = rng.int(2, 30) * 1000;
  if (r < 0.35) return { kind: 'copay', copayCents };
  if (r < 0.6) return { kind: 'deductible', deductibleCents, percent };
  if (r < 0.85) return { kind: 'coinsurance', percent };
  return { kind: 'none' };
}

/**
 * The patient's share under a secondary plan, of what the primary left: supplemental plans mostly
 * pick up the primary's deductible and coinsurance, so nothing more is asked of the patient half
 * of the time, else a small copay, coinsurance or what is left of this plan's own deductible.
 */
export function drawSecondaryShare(rng: SeededRandom): PatientShare {
  const r = rng.next();
  const copayCents = rng.pick([500, 1000, 1500]);
  const percent = rng.pick([10, 20]);
  const deductibleCents = rng.int(1, 5) * 1000;
  if (r < 0.5) return { kind: 'none' };
  if (r < 0.75) return { kind: 'coinsurance', percent };
  if (r < 0.9) return { kind: 'copay', copayCents };
  return { kind: 'deductible', deductibleCents, percent };
}

/** 837 SBR09 → 835 CLP06: the 835 guide's list has no CI/BL/11 …; commercial plans report as 12 (PPO). */
const FILING_INDICATOR_835 = new Set('12 13 14 15 16 17 AM CH DS HM LM MA MB MC OF TV VA WC ZZ'.split(' '));

export function filingIndicator835(sbr09: string | undefined): string {
  return sbr09 && FILING_INDICATOR_835.has(sbr09) ? sbr09 : '12';
}

/** CLP02 for an adjudicated claim: 1/2/3 processed as primary/secondary/tertiary, 4 denied. */
function claimStatus(claim: Claim, outcome: ClaimOutcome): string {
  if (outcome === 'denied') return '4';
  const r = claim.subscriber.payerResponsibility;
  return r === 'S' ? '2' : r === 'T' ? '3' : '1';
}

function lineDates(dates: QualifiedDate[] | undefined): QualifiedDate[] | undefined {
  const d = dates?.find((x) => x.qualifier === '472' && x.date);
  if (!d?.date) return undefined;
  // 835 DTM holds one date: a range is DTM*150 (start) and DTM*151 (end).
  if (d.endDate && d.endDate !== d.date)
    return [
      { qualifier: '150', date: d.date },
      { qualifier: '151', date: d.endDate },
    ];
  return [{ qualifier: '472', date: d.date }];
}

/**
 * What the payer(s) before this one did with each line of a claim billed to this payer as secondary
 * (or tertiary): the 837's 2320/2330B/2430 loops, the primary's 835 repeated by the provider.
 */
export interface PriorPayment {
  /** 2330B NM109 of the prior payer(s) (= 2430 SVD01). */
  payerIds: string[];
  /** Σ 2320 AMT*D: what the prior payer(s) paid on the claim. */
  paidCents: number;
  /** Per service line of the claim (same order): paid (2430 SVD02) and contractual (2430 CAS CO). */
  lines: Array<{ paidCents: number; contractualCents: number }>;
}

/** 837 2000B SBR01 other than P (primary) or U (unknown): S secondary, T tertiary, A–H fourth to eleventh. */
export function billedAfterAnotherPayer(claim: Claim): boolean {
  const r = claim.subscriber.payerResponsibility;
  return r !== 'P' && r !== 'U';
}

const sumOf = (xs: readonly Adjustment[] | undefined, group?: string) =>
  (xs ?? []).filter((a) => group === undefined || a.group === group).reduce((s, a) => s + a.amountCents, 0);

/**
 * The prior payers' adjudication a secondary claim carries, or undefined when the claim is billed as
 * primary or names no prior payment (no 2320 AMT*D). Per line from 2430 (SVD02 paid, CAS group CO
 * the provider's contractual write-off with that payer); a claim adjudicated only at claim level
 * (2320 AMT*D and CAS, 2330B DTP*573, no 2430) is spread over the lines in proportion to their charges.
 */
export function priorPaymentOf(claim: Claim): PriorPayment | undefined {
  if (!billedAfterAnotherPayer(claim)) return undefined;
  const priors = (claim.otherSubscribers ?? []).filter((o) => o.payerPaidCents !== undefined);
  if (priors.length === 0) return undefined;
  const payerIds = priors.map((o) => o.payer.id ?? '').filter((id) => id !== '');
  const paidCents = priors.reduce((s, o) => s + (o.payerPaidCents ?? 0), 0);
  const ofPrior = (l: Claim['serviceLines'][number]) =>
    (l.adjudications ?? []).filter((a) => payerIds.length === 0 || payerIds.includes(a.payerId));
  if (claim.serviceLines.some((l) => ofPrior(l).length > 0))
    return {
      payerIds,
      paidCents,
      lines: claim.serviceLines.map((l) => {
        const svd = ofPrior(l);
        return {
          paidCents: svd.reduce((s, a) => s + a.paidCents, 0),
          contractualCents: svd.reduce((s, a) => s + sumOf(a.adjustments, 'CO'), 0),
        };
      }),
    };
  const contractual = priors.reduce((s, o) => s + sumOf(o.adjustments, 'CO'), 0);
  const charges = claim.serviceLines.reduce((s, l) => s + l.chargeCents, 0);
  const lines: PriorPayment['lines'] = [];
  let paidLeft = paidCents;
  let contractualLeft = contractual;
  claim.serviceLines.forEach((l, i) => {
    const last = i === claim.serviceLines.length - 1;
    const share = (total: number) => (charges > 0 ? Math.round((total * l.chargeCents) / charges) : 0);
    const paid = last ? paidLeft : share(paidCents);
    const co = last ? contractualLeft : share(contractual);
    paidLeft -= paid;
    contractualLeft -= co;
    lines.push({ paidCents: paid, contractualCents: co });
  });
  return { payerIds, paidCents, lines };
}

export interface AdjudicateClaimOptions {
  payerClaimControlNumber: string;
  /** Scales the allowed amounts: below 1 for a payment made on an outdated rate (later corrected). */
  allowedFactor?: number;
  /**
   * The claim is billed to this payer after another (priorPaymentOf): it is adjudicated as secondary
   * (CLP02 2) on what the prior payer left of each line.
   */
  prior?: PriorPayment;
}

/** Applies a decision to a claim: the 835 claim payment (CLP loop with SVC lines), balanced line by line. */
export function adjudicateClaim(
  claim: Claim,
  decision: ClaimDecision,
  schedule: FeeSchedule,
  options: AdjudicateClaimOptions,
): ClaimPayment {
  const share = decision.share;
  let deductibleLeft = share.kind === 'deductible' ? share.deductibleCents : 0;
  let copayLeft = share.kind === 'copay' ? share.copayCents : 0;
  const lines: ServicePayment[] = claim.serviceLines.map((l, i) => {
    const procedure: Procedure = l.procedure
      ? {
          qualifier: l.procedure.qualifier,
          code: l.procedure.code,
          ...(l.procedure.modifiers?.length ? { modifiers: l.procedure.modifiers } : {}),
        }
      : { qualifier: 'NU', code: l.revenueCode ?? '' };
    const base: ServicePayment = { procedure, chargeCents: l.chargeCents, paidCents: 0, adjustments: [] };
    if (l.procedure && l.revenueCode) base.revenueCode = l.revenueCode;
    if (l.quantity !== 1) base.units = l.quantity;
    const dates = lineDates(l.dates);
    if (dates) base.dates = dates;
    if (l.lineItemControlNumber) base.lineItemControlNumber = l.lineItemControlNumber;
    const denial =
      decision.outcome === 'denied'
        ? decision.denial
        : decision.outcome === 'partially_paid' && i === decision.deniedLine
          ? decision.denial
          : undefined;
    // As secondary: OA-23 for what the prior payer paid and wrote off (contractual) on the line; this
    // payer considers only the rest, the patient responsibility (or other adjustments) it left.
    const prior = options.prior?.lines[i];
    const priorImpact = prior
      ? Math.max(0, Math.min(l.chargeCents, prior.paidCents + prior.contractualCents))
      : 0;
    const considered = l.chargeCents - priorImpact;
    const priorAdjustments: Adjustment[] =
      priorImpact > 0 ? [{ group: 'OA', reason: PRIOR_PAYER_IMPACT, amountCents: priorImpact }] : [];
    if (denial) {
      base.adjustments = [
        ...priorAdjustments,
        ...(considered > 0 ? [{ group: denial.group, reason: denial.carc, amountCents: considered }] : []),
      ];
      if (denial.rarc) base.remarks = [{ qualifier: 'HE', code: denial.rarc }];
      return base;
    }
    const full = allowedCents(schedule, {
      procedureCode: l.procedure?.code,
      revenueCode: l.revenueCode,
      chargeCents: l.chargeCents,
      units: l.quantity,
    });
    const allowed = Math.round(full * (options.allowedFactor ?? 1));
    if (prior) {
      const secondary = secondaryShare(considered, allowed - prior.paidCents, {
        deductibleLeft,
        copayLeft,
        share,
      });
      deductibleLeft -= secondary.deductible;
      copayLeft -= secondary.copay;
      base.paidCents = secondary.paid;
      base.adjustments = [...priorAdjustments, ...secondary.adjustments];
      return base;
    }
    const adjustments: Adjustment[] = [];
    if (l.chargeCents > allowed)
      adjustments.push({ group: 'CO', reason: CONTRACTUAL, amountCents: l.chargeCents - allowed });
    let left = allowed;
    const deductible = Math.min(deductibleLeft, left);
    deductibleLeft -= deductible;
    left -= deductible;
    if (deductible > 0) adjustments.push({ group: 'PR', reason: DEDUCTIBLE, amountCents: deductible });
    const copay = Math.min(copayLeft, left);
    copayLeft -= copay;
    left -= copay;
    if (copay > 0) adjustments.push({ group: 'PR', reason: COPAY, amountCents: copay });
    const percent = share.kind === 'coinsurance' || share.kind === 'deductible' ? share.percent : 0;
    const coinsurance = Math.round((left * percent) / 100);
    left -= coinsurance;
    if (coinsurance > 0) adjustments.push({ group: 'PR', reason: COINSURANCE, amountCents: coinsurance });
    base.paidCents = left;
    base.adjustments = adjustments;
    if (allowed !== l.chargeCents && allowed > 0) base.amounts = [{ qualifier: 'B6', cents: allowed }];
    return base;
  });
  const lineCharges = lines.reduce((s, l) => s + l.chargeCents, 0);
  const claimAdjustments: Adjustment[] = [];
  // CLP03 echoes CLM02; should it differ from the lines' sum, the difference is claim-level (CARC 16).
  if (claim.totalChargeCents !== lineCharges)
    claimAdjustments.push({ group: 'CO', reason: '16', amountCents: claim.totalChargeCents - lineCharges });
  let patient = 0;
  for (const l of lines) for (const a of l.adjustments) if (a.group === 'PR') patient += a.amountCents;
  const payment: ClaimPayment = {
    headerNumber: '1',
    claimId: claim.claimId,
    status: claimStatus(claim, decision.outcome),
    chargeCents: claim.totalChargeCents,
    paidCents: lines.reduce((s, l) => s + l.paidCents, 0),
    patientResponsibilityCents: patient,
    filingIndicator: filingIndicator835(claim.subscriber.claimFilingIndicator),
    payerClaimControlNumber: options.payerClaimControlNumber,
    facilityCode: claim.facilityCode,
    frequencyCode: claim.frequencyCode,
    adjustments: claimAdjustments,
    parties: claimParties(claim),
    serviceLines: lines,
  };
  const statement = claim.dates?.find((d) => d.qualifier === '434' && d.date);
  if (statement?.date)
    payment.dates = [
      { qualifier: '232', date: statement.date },
      { qualifier: '233', date: statement.endDate ?? statement.date },
    ];
  return payment;
}

/**
 * A secondary payer's payment on one line: of `considered` (what the prior payer left: its patient
 * responsibility and other adjustments), the patient's share under this plan first (PR-1 deductible,
 * PR-3 copay, PR-2 coinsurance, as for a primary), then this payer pays the rest, but never more than
 * its own allowed amount less what the prior payer paid (`cap`); anything beyond is CO-45.
 */
function secondaryShare(
  considered: number,
  cap: number,
  patient: { deductibleLeft: number; copayLeft: number; share: PatientShare },
): { paid: number; deductible: number; copay: number; adjustments: Adjustment[] } {
  const adjustments: Adjustment[] = [];
  let left = considered;
  const deductible = Math.min(patient.deductibleLeft, left);
  left -= deductible;
  const copay = Math.min(patient.copayLeft, left);
  left -= copay;
  const s = patient.share;
  const percent = s.kind === 'coinsurance' || s.kind === 'deductible' ? s.percent : 0;
  const coinsurance = Math.round((left * percent) / 100);
  left -= coinsurance;
  const paid = Math.min(left, Math.max(0, cap));
  if (left > paid) adjustments.push({ group: 'CO', reason: CONTRACTUAL, amountCents: left - paid });
  if (deductible > 0) adjustments.push({ group: 'PR', reason: DEDUCTIBLE, amountCents: deductible });
  if (copay > 0) adjustments.push({ group: 'PR', reason: COPAY, amountCents: copay });
  if (coinsurance > 0) adjustments.push({ group: 'PR', reason: COINSURANCE, amountCents: coinsurance });
  return { paid, deductible, copay, adjustments };
}

/** NM1*QC patient (with the member id when the subscriber is the patient), NM1*IL insured otherwise, NM1*82 rendering provider. */
function claimParties(claim: Claim): NonNullable<ClaimPayment['parties']> {
  const s = claim.subscriber.person;
  const person = (entityCode: string, p: typeof s, withId: boolean) => ({
    entityCode,
    entityType: 'person' as const,
    name: p.name,
    ...(p.firstName ? { firstName: p.firstName } : {}),
    ...(p.middleName ? { middleName: p.middleName } : {}),
    ...(p.suffix ? { suffix: p.suffix } : {}),
    ...(withId && p.id ? { idQualifier: p.idQualifier === 'II' ? 'II' : 'MI', id: p.id } : {}),
  });
  const parties: NonNullable<ClaimPayment['parties']> = claim.patient
    ? [person('QC', claim.patient.person, false), person('IL', s, true)]
    : [person('QC', s, true)];
  const rendering = claim.providers?.find((p) => p.entityCode === '82');
  if (rendering?.id)
    parties.push({
      entityCode: '82',
      entityType: rendering.entityType,
      name: rendering.name,
      ...(rendering.firstName ? { firstName: rendering.firstName } : {}),
      idQualifier: 'XX',
      id: rendering.id,
    });
  return parties;
}

const negate = (n: number) => (n === 0 ? 0 : -n);

/** CLP02 = 22: the payer takes back an earlier payment, every amount negated, same payer claim number. */
export function reversalOf(p: ClaimPayment): ClaimPayment {
  const adj = (list: Adjustment[]) => list.map((a) => ({ ...a, amountCents: negate(a.amountCents) }));
  return {
    ...p,
    status: '22',
    chargeCents: negate(p.chargeCents),
    paidCents: negate(p.paidCents),
    patientResponsibilityCents: negate(p.patientResponsibilityCents ?? 0),
    adjustments: adj(p.adjustments),
    serviceLines: p.serviceLines.map((l) => ({
      ...l,
      chargeCents: negate(l.chargeCents),
      paidCents: negate(l.paidCents),
      adjustments: adj(l.adjustments),
      ...(l.amounts ? { amounts: l.amounts.map((a) => ({ ...a, cents: negate(a.cents) })) } : {}),
    })),
  };
}
