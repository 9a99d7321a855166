import type { AdjudicatedAdjustment, ClaimAdjudicated, CoverageSnapshot } from '@revcycle/contracts';
import type { ClaimEdit } from '@revcycle/edit-engine';

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
 * The primary's adjudication as the secondary claim will repeat it, and what of the 835 could not
 * be taken over (a line not on the claim or paid twice, lines that do not add up to the claim
 * payment). Whether it balances against the claim's charges is priorPayerProblems'.
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
    if (n === undefined || !primary.serviceLines.some((x) => x.lineNumber === n)) {
      problems.push(
        `the primary's 835 paid a line (${l.procedureCode}) that is not on claim ${primary.patientControlNumber}`,
      );
      continue;
    }
    if (lines.some((x) => x.lineNumber === n)) {
      problems.push(`the primary's 835 paid line ${n} twice`);
      continue;
    }
    lines.push({
      lineNumber: n,
      procedureCode: l.procedureCode,
      modifiers: l.modifiers ?? [],
      units: l.units,
      paidCents: l.paidCents,
      adjustments: l.adjustments.filter((a) => a.amountCents !== 0),
    });
  }
  lines.sort((a, b) => a.lineNumber - b.lineNumber);
  const linePaid = lines.reduce((s, l) => s + l.paidCents, 0);
  // 837P IG 2320 AMT*D = Σ 2430 SVD02 − Σ 2320 CAS (the payment of the lines less claim-level adjustments).
  const paidCents = lines.length > 0 ? linePaid - sum(claimAdjustments) : event.paidCents;
  if (paidCents !== event.paidCents)
    problems.push(
      `the primary's lines less its claim adjustments come to ${cents(paidCents)}, not the ${cents(event.paidCents)} it paid on the claim`,
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
 * Why a claim's prior payer amounts do not balance against its charges, as they stand now (a
 * correction may have changed a charge). 837P IG 1.4.1 coordination-of-benefits balancing, which
 * OpenEMR's COB loops broke: per line, SV102 charge = 2430 SVD02 paid + Σ 2430 CAS; per claim,
 * CLM02 = 2320 AMT*D + Σ 2320 CAS + Σ 2430 CAS, and AMT*D = Σ SVD02 − Σ 2320 CAS; every line
 * adjudicated when any is (a line without its 2430 breaks the claim balance).
 */
export function priorPayerProblems(
  claim: Pick<PrimaryClaimCharges, 'totalChargeCents' | 'serviceLines'>,
  prior: PriorPayerAdjudication,
): string[] {
  const problems: string[] = [];
  for (const l of prior.lines) {
    const ours = claim.serviceLines.find((x) => x.lineNumber === l.lineNumber);
    if (!ours) problems.push(`the primary adjudicated line ${l.lineNumber}, which the claim no longer has`);
    else if (l.paidCents + sum(l.adjustments) !== ours.chargeCents)
      problems.push(
        `line ${l.lineNumber}: the primary paid ${cents(l.paidCents)} and adjusted ${cents(sum(l.adjustments))}, which is not the line charge ${cents(ours.chargeCents)}`,
      );
  }
  if (prior.lines.length > 0 && prior.lines.length !== claim.serviceLines.length)
    problems.push(
      `the primary's 835 adjudicated ${prior.lines.length} of the claim's ${claim.serviceLines.length} lines`,
    );
  const linePaid = prior.lines.reduce((s, l) => s + l.paidCents, 0);
  if (prior.lines.length > 0 && linePaid - sum(prior.claimAdjustments) !== prior.paidCents)
    problems.push(
      `the primary paid ${cents(prior.paidCents)} on the claim, not its lines' ${cents(linePaid)} less claim adjustments ${cents(sum(prior.claimAdjustments))}`,
    );
  const adjusted = sum(prior.claimAdjustments) + prior.lines.reduce((s, l) => s + sum(l.adjustments), 0);
  if (prior.paidCents + adjusted !== claim.totalChargeCents)
    problems.push(
      `the primary paid ${cents(prior.paidCents)} and adjusted ${cents(adjusted)}, which is not the claim charge ${cents(claim.totalChargeCents)}`,
    );
  return problems;
}

/** COB_UNBALANCED edits, so the biller sees what does not balance before the secondary payer does. */
export function cobUnbalancedEdits(primaryPatientControlNumber: string, problems: string[]): ClaimEdit[] {
  return problems.map((message) => ({
    id: 'COB_UNBALANCED',
    category: 'required',
    severity: 'reject',
    line: null,
    codes: [primaryPatientControlNumber],
    message: `${message}: the secondary payer would reject the prior payer amounts (837 loops 2320/2430 must balance); post the primary's 835 in full, then correct this claim`,
  }));
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
