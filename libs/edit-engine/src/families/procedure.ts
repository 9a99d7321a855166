import * as codesets from '@revcycle/codesets';
import { ScrubServiceLine } from '../claim';
import { isEvaluationAndManagement } from '../modifiers';
import { edit, isDigits, str, upper } from './text';
import { ScrubContext } from './scrub-context';

const { hashSlot, intToDate, packProcedureCode, PROC_HCPCS_RECORD } = codesets;

/** HCPCS Level II: a letter A–V followed by 4 digits. */
function isHcpcsLevel2(code: string): boolean {
  const c = code.charCodeAt(0);
  return c >= 65 && c <= 86 && isDigits(code.slice(1), 4);
}

export function probeInt(keys: Int32Array, bits: number, key: number): number {
  const mask = (1 << bits) - 1;
  let slot = hashSlot(key, bits);
  for (;;) {
    const k = keys[slot];
    if (k === key) return slot;
    if (k === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** The line's procedure code (SV101-2 / SV202-2), upper-cased. */
export function codeAt(ctx: ScrubContext, i: number): string {
  return upper(str(ctx.line(i).procedureCode));
}

/**
 * SV101-2 / SV202-2: a well-formed code known to the loaded tables. Records its table id in
 * `ctx.pid[i]` (0 = unknown: no table edit applies to the line) and whether it is an E/M code.
 */
export function procedureCodeLine(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const ln = i + 1;
  const code = upper(str(l.procedureCode));
  const packed = packProcedureCode(code);
  let id = 0;
  if (packed === 0 && ctx.institutional && code === '' && str(l.revenueCode) !== '') {
    // 837I SV202 is situational: a revenue-code-only line (room and board, pharmacy …) has no HCPCS code.
  } else if (packed === 0) {
    ctx.edits.push(
      edit(
        'PROCEDURE_CODE_INVALID',
        ln,
        [code],
        code
          ? `Line ${ln}: procedure code '${code}' is not a 5-character CPT/HCPCS code.`
          : `Line ${ln}: procedure code is missing.`,
      ),
    );
  } else {
    const proc = ctx.settings.tables.proc;
    const slot = probeInt(proc.keys, proc.bits, packed);
    id = slot < 0 ? 0 : proc.ids[slot];
    if (id === 0) {
      if (isHcpcsLevel2(code))
        ctx.edits.push(
          edit(
            'PROCEDURE_CODE_UNKNOWN',
            ln,
            [code],
            `Line ${ln}: ${code} is not a HCPCS Level II code: check for a typo or a code added after the loaded HCPCS file.`,
          ),
        );
      else
        ctx.edits.push(
          edit(
            'PROCEDURE_CODE_NOT_IN_TABLES',
            ln,
            [code],
            `Line ${ln}: ${code} is not in any loaded CMS table; confirm it is a current CPT code.`,
          ),
        );
    }
  }
  ctx.pid[i] = id;
  ctx.em[i] = isEvaluationAndManagement(code) ? 1 : 0;
}

/** HCPCS add/termination dates: the code must be in effect on the line's date of service. */
export function procedureEffectiveLine(ctx: ScrubContext, i: number): void {
  const id = ctx.pid[i];
  const d = ctx.dos[i];
  const proc = ctx.settings.tables.proc;
  if (id === 0 || d === 0 || (proc.flags[id] & PROC_HCPCS_RECORD) === 0) return;
  const add = proc.hcpcsAdd[id];
  const term = proc.hcpcsTerm[id];
  if ((add && d < add) || (term && d > term)) {
    const ln = i + 1;
    const code = codeAt(ctx, i);
    ctx.edits.push(
      edit(
        'PROCEDURE_CODE_NOT_EFFECTIVE',
        ln,
        [code],
        `Line ${ln}: ${code} is ${add && d < add ? `effective only from ${intToDate(add)}` : `terminated after ${intToDate(term)}`}; use the code valid on ${str(ctx.line(i).serviceDate)}.`,
      ),
    );
  }
}
