import * as codesets from '@revcycle/codesets';
import type { PtpTable } from '@revcycle/codesets';
import { MOD_DISTINCT, MOD_EM_SEPARATE, MOD_GLOBAL_SURGERY, MOD_REPEAT_LAB } from '../modifiers';
import { edit } from './text';
import { duplicateLine } from './duplicates';
import { codeAt } from './procedure';
import { ScrubContext } from './scrub-context';

const { intToDate, ptpMayPair } = codesets;

/**
 * Line pairs on one date of service by one rendering provider: NCCI procedure-to-procedure edits
 * between different codes (both directions: either may be column 1), duplicate lines for the same
 * code. NCCI Policy Manual ch. I: PTP edits apply to services by the same provider for the same
 * beneficiary on the same date, so lines of two rendering providers on a group claim never pair.
 */
export function linePairs(ctx: ScrubContext): void {
  const { pid, dos, prov, n, ncci } = ctx;
  const t = ctx.settings.tables;
  const ptp = ctx.institutional ? t.ptpOutpatient : t.ptpPractitioner;
  for (let i = 0; i < n; i++) {
    const a = pid[i];
    const da = dos[i];
    const pa = prov[i];
    if (a === 0 || da === 0) continue;
    for (let j = i + 1; j < n; j++) {
      const b = pid[j];
      if (b === 0 || dos[j] !== da || prov[j] !== pa) continue;
      if (a === b) {
        duplicateLine(ctx, i, j);
        continue;
      }
      if (!ncci || !ptpMayPair(ptp, a, b)) continue; // Bloom filter: neither direction is an edit
      checkPtp(ctx, ptp, i, j, da);
      checkPtp(ctx, ptp, j, i, da);
    }
  }
}

/** NCCI PTP: line `c1` as column 1, line `c2` as column 2, both on `dos`. */
function checkPtp(ctx: ScrubContext, ptp: PtpTable, c1: number, c2: number, dos: number): void {
  const row = ptpRowFast(ptp, ctx.pid[c1], ctx.pid[c2], dos);
  if (row < 0) return;
  const mi = ptp.rowModifier[row];
  if (mi === 9) return; // NCCI: modifier indicator 9 = edit not applicable
  const code1 = codeAt(ctx, c1);
  const code2 = codeAt(ctx, c2);
  const setting = ctx.institutional ? 'outpatient hospital' : 'practitioner';
  if (mi === 0) {
    ctx.edits.push(
      edit(
        'PTP_MODIFIER_NOT_ALLOWED',
        c2 + 1,
        [code1, code2],
        `Line ${c2 + 1}: ${code2} is a component of ${code1} (line ${c1 + 1}) on ${intToDate(dos)} under NCCI PTP (${setting}), modifier indicator 0: no modifier bypasses this edit. Remove line ${c2 + 1} or correct the codes.`,
      ),
    );
    return;
  }
  // modifier indicator 1: NCCI Policy Manual ch. I §E — an NCCI-associated modifier on the right line bypasses
  const m1 = ctx.mods[c1];
  const m2 = ctx.mods[c2];
  const em = ctx.em;
  if ((m2 & (MOD_DISTINCT | MOD_REPEAT_LAB)) !== 0) return; // 59/X{EPSU}/91 on the column 2 code
  if (((m1 | m2) & MOD_GLOBAL_SURGERY) !== 0) return; // 24, 27, 58, 78, 79
  if ((em[c1] && (m1 & MOD_EM_SEPARATE) !== 0) || (em[c2] && (m2 & MOD_EM_SEPARATE) !== 0)) return; // 25/57 on the E/M line
  const a1 = ctx.anat[c1];
  const a2 = ctx.anat[c2];
  if (a1 !== 0 && a2 !== 0 && (a2 & ~a1) !== 0) return; // different anatomic sites (e.g. RT vs LT, F1 vs F2)
  const hint =
    em[c1] || em[c2]
      ? `25 on the E/M line (${em[c1] ? code1 : code2}) if it was significant and separately identifiable, `
      : '';
  ctx.edits.push(
    edit(
      'PTP_MODIFIER_REQUIRED',
      c2 + 1,
      [code1, code2],
      `Line ${c2 + 1}: ${code2} is bundled into ${code1} (line ${c1 + 1}) on ${intToDate(dos)} under NCCI PTP (${setting}), modifier indicator 1. If the services were distinct, append ${hint}59 or XE/XS/XP/XU to line ${c2 + 1} (or different anatomic modifiers on both lines); otherwise remove line ${c2 + 1}.`,
    ),
  );
}

/** codesets' ptpRow without its Bloom check (the caller already made it), for the hot loop. */
function ptpRowFast(ptp: PtpTable, col1: number, col2: number, dos: number): number {
  const key = ((col1 << 16) | col2) >>> 0;
  const keys = ptp.keys;
  const mask = (1 << ptp.bits) - 1;
  let slot = Math.imul(key, 0x9e3779b1) >>> (32 - ptp.bits);
  for (;;) {
    const k = keys[slot];
    if (k === 0) return -1;
    if (k === key) break;
    slot = (slot + 1) & mask;
  }
  const start = ptp.start[slot];
  const end = start + ptp.count[slot];
  for (let r = start; r < end; r++) {
    if (ptp.rowDeletion[r] > dos && ptp.rowEffective[r] <= dos) return r;
  }
  return -1;
}
