import { ScrubServiceLine } from '../claim';
import { edit, str } from './text';
import { ScrubContext } from './scrub-context';

/** SV104 units and SV102 charge: positive units, a positive whole number of cents. */
export function unitsAndChargeLine(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const ln = i + 1;
  const u = l.units;
  if (typeof u !== 'number' || !(u > 0) || !Number.isFinite(u)) {
    ctx.edits.push(
      edit(
        'UNITS_NOT_POSITIVE',
        ln,
        [str(u)],
        `Line ${ln}: units must be a positive number (got '${str(u)}').`,
      ),
    );
    ctx.units[i] = 0;
  } else ctx.units[i] = u;
  const c = l.chargeCents;
  if (typeof c !== 'number' || !Number.isInteger(c) || c <= 0) {
    ctx.edits.push(
      edit(
        'CHARGE_NOT_POSITIVE',
        ln,
        [str(c)],
        `Line ${ln}: charge must be a positive whole number of cents (got '${str(c)}').`,
      ),
    );
  } else ctx.chargeSum += c;
}

/** CLM02 must equal the sum of the line charges (SV102). */
export function claimTotal(ctx: ScrubContext): void {
  const total = ctx.claim.totalChargeCents;
  if (total !== undefined && total !== ctx.chargeSum) {
    ctx.edits.push(
      edit(
        'CLAIM_TOTAL_MISMATCH',
        null,
        [str(total), String(ctx.chargeSum)],
        `Claim total ${str(total)} cents differs from the sum of line charges ${ctx.chargeSum} cents (CLM02 must equal the sum of SV102).`,
      ),
    );
  }
}
