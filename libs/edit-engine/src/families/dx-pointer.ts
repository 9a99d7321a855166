import { ScrubServiceLine } from '../claim';
import { edit, str } from './text';
import { codeAt } from './procedure';
import { ScrubContext } from './scrub-context';

/** 837P SV107: 1 to 4 pointers, each at one of the claim's diagnoses (at most 12). */
export function diagnosisPointersLine(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const ptrs = l.diagnosisPointers;
  const ln = i + 1;
  const dxCount = ctx.dxCount;
  if (!Array.isArray(ptrs) || ptrs.length === 0) {
    const code = codeAt(ctx, i);
    ctx.edits.push(
      edit(
        'DX_POINTER_MISSING',
        ln,
        [code],
        `Line ${ln}: no diagnosis pointer; point it at the diagnosis that supports ${code || 'the service'}.`,
      ),
    );
    return;
  }
  if (ptrs.length > 4)
    ctx.edits.push(
      edit(
        'DX_POINTER_INVALID',
        ln,
        ptrs.map(str),
        `Line ${ln}: ${ptrs.length} diagnosis pointers; a line carries at most 4 (SV107) — keep the most relevant.`,
      ),
    );
  for (let k = 0; k < ptrs.length; k++) {
    const p = ptrs[k];
    if (!Number.isInteger(p) || (p as number) < 1 || (p as number) > dxCount || (p as number) > 12) {
      ctx.edits.push(
        edit(
          'DX_POINTER_INVALID',
          ln,
          [str(p)],
          `Line ${ln}: diagnosis pointer ${str(p)} points at nothing; the claim has ${dxCount} diagnos${dxCount === 1 ? 'is' : 'es'}.`,
        ),
      );
    }
  }
}
