/**
 * The payer's fee schedule: the allowed amount per unit of a procedure (CPT/HCPCS) or, for institutional
 * lines billed by revenue code alone, per NUBC revenue code; any other line is allowed a percentage of its
 * charge. Amounts are integer cents.
 */
export interface FeeSchedule {
  /** Allowed amount of a line the schedule does not list, as a percentage of its charge (0–100). */
  defaultAllowedPercent: number;
  /** Allowed cents per unit, by procedure code (e.g. "99213") or revenue code (e.g. "0120"). */
  allowed: Record<string, number>;
}

export const DEFAULT_FEE_SCHEDULE: FeeSchedule = { defaultAllowedPercent: 80, allowed: {} };

/** A fee schedule file that is not what `FeeSchedule` describes; the message names the field. */
export class FeeScheduleError extends Error {}

/** Checks parsed JSON against the fee schedule format; `source` names the file in messages. */
export function parseFeeSchedule(json: unknown, source = 'fee schedule'): FeeSchedule {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new FeeScheduleError(
      `${source}: must be a JSON object {"defaultAllowedPercent": 80, "allowed": {...}}`,
    );
  const raw = json as Record<string, unknown>;
  for (const key of Object.keys(raw))
    if (key !== 'defaultAllowedPercent' && key !== 'allowed')
      throw new FeeScheduleError(
        `${source}: unknown field "${key}" (expected defaultAllowedPercent, allowed)`,
      );
  const percent = raw.defaultAllowedPercent ?? DEFAULT_FEE_SCHEDULE.defaultAllowedPercent;
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new FeeScheduleError(
      `${source}: defaultAllowedPercent must be a number from 0 to 100, got ${JSON.stringify(percent)}`,
    );
  const allowedRaw = raw.allowed ?? {};
  if (typeof allowedRaw !== 'object' || allowedRaw === null || Array.isArray(allowedRaw))
    throw new FeeScheduleError(`${source}: allowed must be an object of code → cents, e.g. {"99213": 9500}`);
  const allowed: Record<string, number> = {};
  for (const [code, cents] of Object.entries(allowedRaw as Record<string, unknown>)) {
    if (!/^[A-Z0-9]{4,5}$/.test(code))
      throw new FeeScheduleError(
        `${source}: allowed."${code}" is not a CPT/HCPCS (5 characters) or revenue code (4 digits)`,
      );
    if (typeof cents !== 'number' || !Number.isInteger(cents) || cents < 0)
      throw new FeeScheduleError(
        `${source}: allowed."${code}" must be integer cents ≥ 0, got ${JSON.stringify(cents)}`,
      );
    allowed[code] = cents;
  }
  return { defaultAllowedPercent: percent, allowed };
}

/**
 * What the payer allows for a line: the scheduled amount per unit × units (procedure code first, then
 * revenue code), else the default percentage of the charge; never more than the charge (a payer pays the lesser of billed and allowed).
 */
export function allowedCents(
  schedule: FeeSchedule,
  line: { procedureCode?: string; revenueCode?: string; chargeCents: number; units: number },
): number {
  const perUnit =
    (line.procedureCode !== undefined ? schedule.allowed[line.procedureCode] : undefined) ??
    (line.revenueCode !== undefined ? schedule.allowed[line.revenueCode] : undefined);
  // Percent in hundredths so that 62.5 % stays exact before the one rounding to cents.
  const allowed =
    perUnit !== undefined
      ? Math.round(perUnit * line.units)
      : Math.round((line.chargeCents * Math.round(schedule.defaultAllowedPercent * 100)) / 10000);
  return Math.max(0, Math.min(line.chargeCents, allowed));
}
