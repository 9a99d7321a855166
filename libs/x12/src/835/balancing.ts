import { formatCents } from '../common/format';
import type { BalancingError, ClaimPayment, ProviderAdjustment } from './model';

function sumAdjustments(adjustments: { amountCents: number }[]): number {
  let s = 0;
  for (let i = 0; i < adjustments.length; i++) s += adjustments[i].amountCents;
  return s;
}

/**
 * 835 IG (005010X221A1) section 1.10.2 balancing, line and claim level:
 *  - line:  SVC02 − SVC03 = Σ CAS amounts of the line
 *  - claim: CLP03 − CLP04 = Σ claim-level CAS + Σ line-level CAS
 */
export function balanceClaim(claim: ClaimPayment, transactionControlNumber?: string): BalancingError[] {
  const errors: BalancingError[] = [];
  let lineAdjustments = 0;
  for (const line of claim.serviceLines) {
    const adj = sumAdjustments(line.adjustments);
    lineAdjustments += adj;
    const expected = line.chargeCents - line.paidCents;
    if (expected !== adj) {
      errors.push({
        level: 'line',
        rule: 'SVC02 - SVC03 = sum of line CAS',
        message: `Service line ${line.procedure.code || '?'} on claim ${claim.claimId}: charge ${formatCents(line.chargeCents)} minus paid ${formatCents(line.paidCents)} is ${formatCents(expected)}, but its adjustments (CAS) add up to ${formatCents(adj)}.`,
        expectedCents: expected,
        actualCents: adj,
        claimId: claim.claimId,
        segmentOrdinal: line.segmentOrdinal,
        transactionControlNumber,
      });
    }
  }
  const claimAdj = sumAdjustments(claim.adjustments);
  const expected = claim.chargeCents - claim.paidCents;
  if (expected !== claimAdj + lineAdjustments) {
    errors.push({
      level: 'claim',
      rule: 'CLP03 - CLP04 = sum of claim and line CAS',
      message: `Claim ${claim.claimId}: charge ${formatCents(claim.chargeCents)} minus paid ${formatCents(claim.paidCents)} is ${formatCents(expected)}, but claim and line adjustments (CAS) add up to ${formatCents(claimAdj + lineAdjustments)}.`,
      expectedCents: expected,
      actualCents: claimAdj + lineAdjustments,
      claimId: claim.claimId,
      segmentOrdinal: claim.segmentOrdinal,
      transactionControlNumber,
    });
  }
  return errors;
}

export function plbTotal(plb: ProviderAdjustment): number {
  return sumAdjustments(plb.adjustments);
}

/** Transaction level: BPR02 = Σ CLP04 − Σ PLB amounts. */
export function balanceTransaction(
  totalPaidCents: number,
  claimPaidCents: number,
  plbCents: number,
  segmentOrdinal: number | undefined,
  transactionControlNumber?: string,
): BalancingError[] {
  const expected = claimPaidCents - plbCents;
  if (expected === totalPaidCents) return [];
  return [
    {
      level: 'transaction',
      rule: 'BPR02 = sum of CLP04 - sum of PLB',
      message: `The payment total BPR02 is ${formatCents(totalPaidCents)}, but the claims paid ${formatCents(claimPaidCents)} less provider-level adjustments (PLB) of ${formatCents(plbCents)} come to ${formatCents(expected)}.`,
      expectedCents: expected,
      actualCents: totalPaidCents,
      segmentOrdinal,
      transactionControlNumber,
    },
  ];
}
