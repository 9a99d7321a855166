import type { AdjudicatedAdjustment, ClaimAdjudicated, CoverageSnapshot } from '@revcycle/contracts';

/** One of our service lines as the prior (primary) payer adjudicated it: what 837 loop 2430 repeats. */
export interface PriorPayerLine {
  /** Our service line number (2400 LX). */
  lineNumber: number;
  /** The procedure as the payer adjudicated it (835 SVC01; 837 SVD03). */
  procedureCode: string;
  modifiers: string[];
  units?: number;
  /** SVD02: what the prior payer paid on the line. */
  paidCents: number;
  /** 2430 CAS: the prior payer's line adjustments (835 loop 2110 CAS). */
  adjustments: AdjudicatedAdjustment[];
}

/**
 * What a secondary claim carries of the primary payer's 835 (sealed with the claim: it names the
 * primary's subscriber): the coverage for 2320 SBR / 2330A / 2330B and the money for 2320 CAS/AMT
 * and 2430 SVD/CAS/DTP*573.
 */
export interface PriorPayerAdjudication {
  /** The primary claim this secondary follows. */
  claimId: string;
  patientControlNumber: string;
  coverage: CoverageSnapshot;
  /** 835 CLP07: 2330B REF*F8 (the other payer's claim control number). */
  payerClaimControlNumber?: string;
  /** 2320 AMT*D: what the primary paid on the claim. */
  paidCents: number;
  /** 2320 AMT*EAF: Σ PR (patient responsibility) adjustments, claim and line level. */
  remainingPatientLiabilityCents: number;
  /** 2430 DTP*573 (or 2330B DTP*573 without lines): when the primary paid. */
  adjudicationDate: string;
  /** 2320 CAS: the primary's claim-level adjustments (835 loop 2100 CAS). */
  claimAdjustments: AdjudicatedAdjustment[];
  lines: PriorPayerLine[];
}

/** The primary claim as the secondary needs it: its charges per line. */
export interface PrimaryClaimCharges {
  id: string;
  patientControlNumber: string;
  totalChargeCents: number;
  serviceLines: ReadonlyArray<{ lineNumber: number; chargeCents: number; procedureCode: string }>;
}

const sum = (xs: ReadonlyArray<{ amountCents: number }>) => xs.reduce((s, a) => s + a.amountCents, 0);

/** Our line an 835 line answers: by line number, else REF*6R `<pcn>-<n>` (see lineItemControlNumber). */
function ourLineNumber(
  primary: PrimaryClaimCharges,
  l: NonNullable<ClaimAdjudicated['lines']>[number],
): number | undefined {
  if (l.lineNumber !== undefined) return l.lineNumber;
  const prefix = `${primary.patientControlNumber}-`;
  if (l.lineItemControlNumber?.startsWith(prefix)) {
    const n = Number(l.lineItemControlNumber.slice(prefix.length));
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

/**
 * The primary's adjudication as the secondary claim will repeat it, and the reasons it does not
 * balance. 837P IG 1.4.1 (coordination of benefits) balancing, which OpenEMR's COB loops broke:
 * per line, SV102 charge = 2430 SVD02 paid + Σ 2430 CAS; per claim, CLM02 charge = 2320 AMT*D +
 * Σ 2320 CAS + Σ 2430 CAS, and AMT*D = Σ SVD02 − Σ 2320 CAS. Every line of ours must have been
 * adjudicated when any was (a line without its 2430 breaks the claim balance).
 */
export function priorPayerAdjudication(
  primary: PrimaryClaimCharges,
  coverage: CoverageSnapshot,
  event: ClaimAdjudicated,
): { prior: PriorPayerAdjudication; problems: string[] } {
  const problems: string[] = [];
  const claimAdjustments = (event.adjustments ?? []).filter((a) => a.amountCents !== 0);
  const lines: PriorPayerLine[] = [];
  for (const l of event.lines ?? []) {
    const n = ourLineNumber(primary, l);
    const ours = primary.serviceLines.find((x) => x.lineNumber === n);
    if (n === undefined || !ours) {
      problems.push(
        `the primary's 835 paid a line (${l.procedureCode}) that is not on claim ${primary.patientControlNumber}`,
      );
      continue;
    }
    if (lines.some((x) => x.lineNumber === n)) {
      problems.push(`the primary's 835 paid line ${n} twice`);
      continue;
    }
    const adjustments = l.adjustments.filter((a) => a.amountCents !== 0);
    // 837P IG 2430: SV102 (our charge) = SVD02 + Σ CAS amounts of the line.
    if (l.paidCents + sum(adjustments) !== ours.chargeCents)
      problems.push(
        `line ${n}: the primary paid ${cents(l.paidCents)} and adjusted ${cents(sum(adjustments))}, which is not the line charge ${cents(ours.chargeCents)}`,
      );
    lines.push({
      lineNumber: n,
      procedureCode: l.procedureCode,
      modifiers: l.modifiers ?? [],
      units: l.units,
      paidCents: l.paidCents,
      adjustments,
    });
  }
  lines.sort((a, b) => a.lineNumber - b.lineNumber);
  const lineAdjusted = lines.reduce((s, l) => s + sum(l.adjustments), 0);
  const linePaid = lines.reduce((s, l) => s + l.paidCents, 0);
  const paidCents = lines.length > 0 ? linePaid - sum(claimAdjustments) : event.paidCents;
  if (lines.length > 0 && lines.length !== primary.serviceLines.length)
    problems.push(
      `the primary's 835 adjudicated ${lines.length} of the claim's ${primary.serviceLines.length} lines`,
    );
  if (paidCents !== event.paidCents)
    problems.push(
      `the primary's lines less its claim adjustments come to ${cents(paidCents)}, not the ${cents(event.paidCents)} it paid on the claim`,
    );
  // 837P IG 2320: CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS.
  if (paidCents + sum(claimAdjustments) + lineAdjusted !== primary.totalChargeCents)
    problems.push(
      `the primary paid ${cents(paidCents)} and adjusted ${cents(sum(claimAdjustments) + lineAdjusted)}, which is not the claim charge ${cents(primary.totalChargeCents)}`,
    );
  const pr = (xs: AdjudicatedAdjustment[]) => sum(xs.filter((a) => a.group === 'PR'));
  return {
    prior: {
      claimId: primary.id,
      patientControlNumber: primary.patientControlNumber,
      coverage,
      payerClaimControlNumber: event.payerClaimControlNumber,
      paidCents,
      remainingPatientLiabilityCents: pr(claimAdjustments) + lines.reduce((s, l) => s + pr(l.adjustments), 0),
      adjudicationDate: event.paymentDate,
      claimAdjustments,
      lines,
    },
    problems,
  };
}

/**
 * Whether the secondary payer has anything to consider after the primary's 835: the charge less
 * what the primary paid and less the contractual (CO) adjustments, which the provider may bill to
 * no one (835 CAS group CO). What is left is patient responsibility (PR: deductible, coinsurance,
 * copay), other adjustments (OA/PI) or a denial the secondary may cover.
 */
export function balanceForSecondary(chargeCents: number, event: ClaimAdjudicated): number {
  const co = (xs: AdjudicatedAdjustment[] | undefined) => sum((xs ?? []).filter((a) => a.group === 'CO'));
  const contractual = co(event.adjustments) + (event.lines ?? []).reduce((s, l) => s + co(l.adjustments), 0);
  return chargeCents - event.paidCents - contractual;
}

const cents = (n: number) => (n / 100).toFixed(2);
