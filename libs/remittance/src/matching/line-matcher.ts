import type { ClaimServiceLine } from '@revcycle/contracts';

/**
 * 835 loop 2110 SVC lines → our billed 837 2400 lines. Pure: no Nest, no database.
 *
 * 1. By REF*6R line item control number when the payer echoes it (835 IG 2110 REF*6R: "required when
 *    the line item control number was received on the original claim").
 * 2. Otherwise by what was billed: procedure (SVC06 when the payer changed it, else SVC01), date of
 *    service, units (SVC07 original units when given, else SVC05, else 1 per the IG) and modifiers —
 *    as a set, so a reordered list matches, and a subset of ours, so a payer that drops a modifier
 *    still matches (OpenEMR #7293). Exact modifier sets are matched before subsets, so a line with a
 *    dropped modifier never takes the line another SVC matches exactly.
 * 3. Several candidates that differ (charge, modifiers) are ambiguous: review, never a guess. Lines
 *    identical in every billed respect are interchangeable (either posts the same), the lowest wins.
 */

/** Our billed line as claims.claim.created carries it (REF*6R as written in the 837). */
export type BilledLine = ClaimServiceLine;

export interface PaidLine {
  lineItemControlNumber?: string;
  /** What we billed as the payer reports it (SVC06 if present, else SVC01). */
  procedureCode: string;
  modifiers: string[];
  /** DTM*472 (or *150, the start of a range) when the line has one. */
  dateOfService?: string;
  /** Billed units (SVC07, else SVC05, else 1). */
  units: number;
  chargeCents: number;
}

export type LineMatch =
  | { method: 'line_item_control_number' | 'attributes'; lineNumber: number }
  | { method: 'ambiguous'; candidates: number[] }
  | { method: 'unmatched'; candidates: number[] }
  | { method: 'no_billed_lines'; candidates: number[] };

const norm = (s: string) => s.trim().toUpperCase();

function modifierFit(paid: string[], billed: string[]): 'exact' | 'subset' | undefined {
  const ours = new Set(billed.map(norm));
  const theirs = new Set(paid.map(norm));
  for (const m of theirs) if (!ours.has(m)) return undefined;
  return theirs.size === ours.size ? 'exact' : 'subset';
}

const sameBilling = (a: BilledLine, b: BilledLine) =>
  a.chargeCents === b.chargeCents &&
  a.units === b.units &&
  a.dateOfService === b.dateOfService &&
  norm(a.procedureCode) === norm(b.procedureCode) &&
  modifierFit(a.modifiers, b.modifiers) === 'exact';

export function matchLines(paid: readonly PaidLine[], billed: readonly BilledLine[]): LineMatch[] {
  if (billed.length === 0) return paid.map(() => ({ method: 'no_billed_lines', candidates: [] }));
  const result: (LineMatch | undefined)[] = paid.map(() => undefined);
  const taken = new Set<number>();
  const by6R = new Map(billed.map((b) => [norm(b.lineItemControlNumber), b]));
  paid.forEach((p, i) => {
    const b = p.lineItemControlNumber ? by6R.get(norm(p.lineItemControlNumber)) : undefined;
    if (b && !taken.has(b.lineNumber)) {
      taken.add(b.lineNumber);
      result[i] = { method: 'line_item_control_number', lineNumber: b.lineNumber };
    }
  });
  const fits = (p: PaidLine, b: BilledLine) =>
    norm(p.procedureCode) === norm(b.procedureCode) &&
    p.units === b.units &&
    (p.dateOfService === undefined || p.dateOfService === b.dateOfService);
  for (const pass of ['exact', 'subset'] as const) {
    paid.forEach((p, i) => {
      if (result[i]) return;
      const open = billed.filter((b) => !taken.has(b.lineNumber) && fits(p, b));
      const candidates = open.filter((b) => {
        const fit = modifierFit(p.modifiers, b.modifiers);
        return pass === 'exact' ? fit === 'exact' : fit !== undefined;
      });
      if (candidates.length === 0) return;
      // The billed charge (SVC02) narrows a tie; it is what we sent, the payer echoes it.
      const sameCharge = candidates.filter((b) => b.chargeCents === p.chargeCents);
      const best = sameCharge.length > 0 ? sameCharge : candidates;
      if (best.length === 1 || best.every((b) => sameBilling(b, best[0]))) {
        const chosen = best.reduce((a, b) => (b.lineNumber < a.lineNumber ? b : a));
        taken.add(chosen.lineNumber);
        result[i] = { method: 'attributes', lineNumber: chosen.lineNumber };
      } else {
        result[i] = { method: 'ambiguous', candidates: best.map((b) => b.lineNumber).sort((a, b) => a - b) };
      }
    });
  }
  return result.map(
    (r, i) =>
      r ?? {
        method: 'unmatched',
        candidates: billed
          .filter((b) => !taken.has(b.lineNumber) && norm(b.procedureCode) === norm(paid[i].procedureCode))
          .map((b) => b.lineNumber),
      },
  );
}
