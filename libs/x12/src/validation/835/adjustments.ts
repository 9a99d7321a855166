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

/**
 * 835 IG PLB03-1 (and 05-1 … 13-1) provider adjustment reason codes (X12 element 426): e.g. WO overpayment
 * recovery, L6 interest, FB forward balance, 72 authorized return, CS adjustment, J1 nonreimbursable.
 */
const PLB_REASONS = codes(
  '50 51 72 90 AH AM AP B2 B3 BD BN C5 CR CS CT CV CW DM E3 FB FC GO HM IP IR IS J1 L3 L6 LE LS OA OB PI PL RA RE SL TL WO WU',
);
const PLB = specsWith(
  'PLB',
  Object.fromEntries([3, 5, 7, 9, 11, 13].map((n) => [`${n}-1`, { codes: PLB_REASONS }])),
);

export function adjustmentSpecs(seg: Segment): ElementSpec[] | undefined {
  return seg.id === 'CAS' ? CAS : seg.id === 'PLB' ? PLB : undefined;
}

const REASON_POSITIONS = [2, 5, 8, 11, 14, 17];
const ref = (id: string, n: number) => `${id}${n < 10 ? '0' : ''}${n}`;

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
        `Claim adjustment reason code (${ref('CAS', n)}) "${code}" is not in the CARC list (X12 code source 139).`,
        ref('CAS', n),
      );
  }
}

/** 835 IG remark codes (RARC, code source 411): 2100 MIA05/20–23, MOA03–07, 2110 LQ02 when LQ01 = HE. */
const REMARK_POSITIONS: Record<string, number[]> = {
  MIA: [5, 20, 21, 22, 23],
  MOA: [3, 4, 5, 6, 7],
  LQ: [2],
};

export function checkRemarkCodes(walk: Walk835, seg: Segment, loop: string): void {
  const known = walk.remarkCodes;
  const positions = REMARK_POSITIONS[seg.id];
  if (!known || !positions || (seg.id === 'LQ' && el(seg, 1) !== 'HE')) return;
  for (const n of positions) {
    const code = el(seg, n);
    if (code && !known.has(code))
      walk.push(
        seg,
        loop,
        'CODE_INVALID',
        `Remark code (${ref(seg.id, n)}) "${code}" is not in the RARC list (remittance advice remark codes, X12 code source 411).`,
        ref(seg.id, n),
      );
  }
}
