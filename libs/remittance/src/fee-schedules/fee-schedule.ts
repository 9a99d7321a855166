/**
 * A payer's fee schedule: the allowed amount per procedure code (and pricing modifier) from an
 * effective date on, and what a paid line is measured against. Pure: no Nest, no I/O.
 */
export interface FeeScheduleRate {
  procedureCode: string;
  /** A pricing modifier (26 professional component, TC technical component, 50 bilateral …) or ''. */
  modifier: string;
  allowedCents: number;
}

export interface FeeSchedule {
  payerId: string;
  effectiveDate: string;
  rates: FeeScheduleRate[];
}

export interface BilledLine {
  procedureCode: string;
  modifiers?: string[];
  /** Service units (837P SV104); 1 when absent. */
  units?: number;
  dateOfService?: string;
}

export interface ExpectedAllowed {
  allowedCents: number;
  /** The rate used: code + one of the line's modifiers, or the code alone. */
  rate: FeeScheduleRate;
  units: number;
}

/** The version in effect on a date: the latest whose effective date is not after it. */
export function scheduleInEffect(versions: FeeSchedule[], date: string): FeeSchedule | undefined {
  let best: FeeSchedule | undefined;
  for (const v of versions)
    if (v.effectiveDate <= date && (!best || v.effectiveDate > best.effectiveDate)) best = v;
  return best;
}

/**
 * What the payer should allow for a line: the rate of its code with one of its modifiers, in the
 * line's order (payers reorder or drop informational modifiers like 59 or XU, so each one is tried),
 * else the code's own rate, times the units (rounded to the cent). Undefined when the schedule has
 * no rate for the code: an unpriced line has no expectation, rather than an expectation of zero.
 */
export function expectedAllowed(schedule: FeeSchedule, line: BilledLine): ExpectedAllowed | undefined {
  const code = line.procedureCode.trim().toUpperCase();
  const units = line.units ?? 1;
  const candidates = [...(line.modifiers ?? []).map((m) => m.trim().toUpperCase()), ''];
  for (const modifier of candidates) {
    const rate = schedule.rates.find((r) => r.procedureCode === code && r.modifier === modifier);
    if (rate) return { allowedCents: Math.round(rate.allowedCents * units), rate, units };
  }
  return undefined;
}

export type VarianceStatus = 'as_expected' | 'underpaid' | 'overpaid';

export interface PaymentVariance {
  expectedAllowedCents: number;
  /** What the payer allowed: its payment plus what it assigned to the patient (CAS PR). */
  allowedCents: number;
  paidCents: number;
  /** allowed − expected: negative when the payer allowed less than the contract says. */
  varianceCents: number;
  /** variance / expected in basis points (1/100 of a percent), integer; 0 when nothing was expected. */
  varianceBasisPoints: number;
  status: VarianceStatus;
}

/**
 * The payer's allowed amount against the contract's. On an 835 the allowed amount is the payment
 * plus the patient's share (CLP04/SVC03 + CAS PR: deductible, coinsurance, copay); the CO
 * contractual adjustment is the rest of the charge. Within `toleranceCents` counts as expected
 * (rounding in the payer's pricing of units).
 */
export function paymentVariance(
  expectedAllowedCents: number,
  paid: { paidCents: number; patientResponsibilityCents?: number },
  toleranceCents = 0,
): PaymentVariance {
  const allowedCents = paid.paidCents + (paid.patientResponsibilityCents ?? 0);
  const varianceCents = allowedCents - expectedAllowedCents;
  return {
    expectedAllowedCents,
    allowedCents,
    paidCents: paid.paidCents,
    varianceCents,
    varianceBasisPoints:
      expectedAllowedCents === 0 ? 0 : Math.round((varianceCents * 10_000) / expectedAllowedCents),
    status:
      Math.abs(varianceCents) <= toleranceCents
        ? 'as_expected'
        : varianceCents < 0
          ? 'underpaid'
          : 'overpaid',
  };
}
