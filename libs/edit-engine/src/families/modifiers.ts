import { ScrubServiceLine } from '../claim';
import { anatomicBit, MOD_26, MOD_LT, MOD_RT, MOD_TC, modifierFlag } from '../modifiers';
import { edit, str, upper } from './text';
import { ScrubContext } from './scrub-context';

function isAlnum2(m: string): boolean {
  if (m.length !== 2) return false;
  for (let i = 0; i < 2; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/**
 * SV101-3..6: at most 4 two-character modifiers, no repeats, no contradictions. Records the NCCI
 * modifier flags and anatomic bits of the line (`ctx.mods`, `ctx.anat`) for the PTP edits.
 */
export function modifiersLine(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const { edits } = ctx;
  const ln = i + 1;
  let mf = 0;
  let an = 0;
  const ms = l.modifiers;
  if (ms !== undefined) {
    if (!Array.isArray(ms)) {
      edits.push(
        edit('MODIFIER_INVALID', ln, [str(ms)], `Line ${ln}: modifiers must be a list of 2-character codes.`),
      );
    } else {
      if (ms.length > 4)
        edits.push(
          edit(
            'MODIFIER_TOO_MANY',
            ln,
            ms.map(str),
            `Line ${ln}: ${ms.length} modifiers; an 837 line carries at most 4 — keep the pricing modifiers first.`,
          ),
        );
      for (let k = 0; k < ms.length; k++) {
        const m = upper(str(ms[k]));
        if (!isAlnum2(m)) {
          edits.push(
            edit('MODIFIER_INVALID', ln, [m], `Line ${ln}: '${m}' is not a modifier (2 letters/digits).`),
          );
          continue;
        }
        let dup = false;
        for (let q = 0; q < k; q++) if (upper(str(ms[q])) === m) dup = true;
        if (dup)
          edits.push(
            edit(
              'MODIFIER_DUPLICATE',
              ln,
              [m],
              `Line ${ln}: modifier ${m} appears twice; remove the repeat.`,
            ),
          );
        mf |= modifierFlag(m);
        an |= anatomicBit(m);
      }
      if ((mf & MOD_LT) !== 0 && (mf & MOD_RT) !== 0)
        edits.push(
          edit(
            'MODIFIER_CONFLICT',
            ln,
            ['LT', 'RT'],
            `Line ${ln}: LT and RT on one line; report bilateral services with 50 or on two lines.`,
          ),
        );
      if ((mf & MOD_26) !== 0 && (mf & MOD_TC) !== 0)
        edits.push(
          edit(
            'MODIFIER_CONFLICT',
            ln,
            ['26', 'TC'],
            `Line ${ln}: 26 and TC on one line; bill the global service without either modifier.`,
          ),
        );
    }
  }
  ctx.mods[i] = mf;
  ctx.anat[i] = an;
}
