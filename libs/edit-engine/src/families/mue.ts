import * as codesets from '@revcycle/codesets';
import { edit } from './text';
import { codeAt } from './procedure';
import { ScrubContext } from './scrub-context';

const { intToDate, MUE_DME, MUE_OUTPATIENT, MUE_PRACTITIONER } = codesets;

/**
 * The MUE table of the claim: CMS publishes practitioner, outpatient hospital and DME supplier
 * MUEs; each applies only to its own kind of claim (a practitioner claim never borrows a DME value).
 */
export function mueTableOf(institutional: boolean, dmeSupplier: unknown): number {
  if (institutional) return MUE_OUTPATIENT;
  return dmeSupplier === true ? MUE_DME : MUE_PRACTITIONER;
}

/** MUE with adjudication indicator 1: units per claim line. */
export function mueLine(ctx: ScrubContext, i: number): void {
  const id = ctx.pid[i];
  const u = ctx.units[i];
  if (!ctx.ncci || id === 0 || !(u > 0)) return;
  const proc = ctx.settings.tables.proc;
  const mt = ctx.mueTable;
  if (proc.mueMai[id * 3 + mt] !== 1) return;
  const v = proc.mueValue[id * 3 + mt];
  if (u > v) {
    const ln = i + 1;
    const code = codeAt(ctx, i);
    ctx.edits.push(
      edit(
        'MUE_LINE',
        ln,
        [code, String(u), String(v)],
        `Line ${ln}: ${u} units of ${code} exceed the MUE of ${v} per line (MAI 1). Reduce the units, or report additional units on separate lines with an appropriate modifier (e.g. 76, 91, RT/LT) when medically necessary.`,
      ),
    );
  }
}

/**
 * MUE with adjudication indicator 2 (policy) or 3 (clinical): units summed over the lines of one
 * code on one date of service by one rendering provider (MUEs are per beneficiary, per date, per
 * provider), reported once on the first of those lines.
 */
export function mueDateOfService(ctx: ScrubContext): void {
  if (!ctx.ncci) return;
  const { pid, dos, prov, units, n } = ctx;
  const mt = ctx.mueTable;
  const proc = ctx.settings.tables.proc;
  for (let i = 0; i < n; i++) {
    const a = pid[i];
    const da = dos[i];
    if (a === 0 || da === 0) continue;
    const pa = prov[i];
    const mai = proc.mueMai[a * 3 + mt];
    if (mai < 2) continue;
    let first = true;
    for (let j = 0; j < i; j++) if (pid[j] === a && dos[j] === da && prov[j] === pa) first = false;
    if (!first) continue;
    let sum = 0;
    for (let j = i; j < n; j++) if (pid[j] === a && dos[j] === da && prov[j] === pa) sum += units[j];
    const v = proc.mueValue[a * 3 + mt];
    if (sum <= v) continue;
    const at: number[] = [];
    for (let j = i; j < n; j++) if (pid[j] === a && dos[j] === da && prov[j] === pa) at.push(j + 1);
    const code = codeAt(ctx, i);
    const where = at.length > 1 ? `lines ${at.join(', ')}` : `line ${i + 1}`;
    if (mai === 2) {
      ctx.edits.push(
        edit(
          'MUE_DATE_OF_SERVICE_POLICY',
          i + 1,
          [code, String(sum), String(v)],
          `${where}: ${sum} units of ${code} on ${intToDate(da)} exceed the MUE of ${v} per day (MAI 2, policy limit: units above it are not payable and not appealable). Reduce the units to ${v}.`,
        ),
      );
    } else {
      ctx.edits.push(
        edit(
          'MUE_DATE_OF_SERVICE_CLINICAL',
          i + 1,
          [code, String(sum), String(v)],
          `${where}: ${sum} units of ${code} on ${intToDate(da)} exceed the MUE of ${v} per day (MAI 3, clinical benchmark). Reduce the units, or keep them and send records supporting medical necessity on appeal.`,
        ),
      );
    }
  }
}
