import { codeAt } from './procedure';
import { edit } from './text';
import { ScrubContext } from './scrub-context';

function containsSorted(arr: Int32Array, lo: number, hi: number, v: number): boolean {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = arr[mid];
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * NCCI add-on codes: type 1 needs one of its listed primaries on the same date (reject); type 3
 * lists some primaries, the contractor may accept others (warn); type 2 lists none (no edit).
 */
export function addOnCodes(ctx: ScrubContext): void {
  const { pid, dos, n } = ctx;
  const t = ctx.settings.tables;
  const proc = t.proc;
  for (let i = 0; i < n; i++) {
    const a = pid[i];
    const da = dos[i];
    if (a === 0 || da === 0) continue;
    const aoc = proc.aocType[a];
    if (aoc !== 1 && aoc !== 3) continue;
    const s = proc.aocStart[a];
    const e = proc.aocStart[a + 1];
    if (e <= s) continue;
    let found = false;
    for (let j = 0; j < n && !found; j++) {
      if (j !== i && dos[j] === da && pid[j] !== 0 && containsSorted(proc.aocPrimaries, s, e, pid[j]))
        found = true;
    }
    if (found) continue;
    const code = codeAt(ctx, i);
    const examples = Array.from(
      proc.aocPrimaries.subarray(s, Math.min(e, s + 5)),
      (p) => t.meta.procCodes[p],
    ).join(', ');
    if (aoc === 1)
      ctx.edits.push(
        edit(
          'ADDON_WITHOUT_PRIMARY',
          i + 1,
          [code],
          `Line ${i + 1}: add-on code ${code} needs its primary procedure on the same date (e.g. ${examples}${e - s > 5 ? ', …' : ''}); add the primary or remove ${code}.`,
        ),
      );
    else
      ctx.edits.push(
        edit(
          'ADDON_PRIMARY_NOT_LISTED',
          i + 1,
          [code],
          `Line ${i + 1}: add-on code ${code} has none of its CMS-listed primaries on the same date (e.g. ${examples}); confirm the contractor accepts the primary billed.`,
        ),
      );
  }
}
