import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import type { ElementSpec } from '../elements';
import { codes, specsWith } from './specs';
import type { Walk835 } from './walk';

/**
 * 835 IG 2100/2110 CAS01 claim adjustment group: CO contractual, OA other, PI payer initiated, PR patient
 * responsibility. CR (corrections and reversals) was removed in 5010: a reversal is CLP02 = 22.
 */
const CAS = specsWith('CAS', { '1': { codes: codes('CO OA PI PR') } });

export function adjustmentSpecs(seg: Segment): ElementSpec[] | undefined {
  return seg.id === 'CAS' ? CAS : undefined;
}

const REASON_POSITIONS = [2, 5, 8, 11, 14, 17];

/** 835 IG CAS02/05/08/11/14/17: a claim adjustment reason code from the CARC list (code source 139). */
export function checkAdjustmentReasons(walk: Walk835, seg: Segment, loop: string): void {
  const known = walk.adjustmentReasons;
  if (seg.id !== 'CAS' || !known) return;
  for (const n of REASON_POSITIONS) {
    const code = el(seg, n);
    if (code && !known.has(code))
      walk.push(
        seg,
        loop,
        'CODE_INVALID',
        `Claim adjustment reason code (CAS${n < 10 ? '0' : ''}${n}) "${code}" is not in the CARC list (X12 code source 139).`,
        `CAS${n < 10 ? '0' : ''}${n}`,
      );
  }
}
