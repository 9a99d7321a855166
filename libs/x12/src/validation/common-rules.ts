import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';
import { STATE_CODES } from './codes';
import { segmentDateProblem } from './date-rules';
import type { Push } from './push';

/** Element checks that depend on another element (DTP03 by DTP02, N402 with N404). */
export function checkCommonRules(seg: Segment, loop: string, push: Push): void {
  const date = segmentDateProblem(seg);
  if (date) push(seg, loop, date.code, date.message, date.element);
  if (seg.id === 'N4') {
    const state = el(seg, 2);
    const country = el(seg, 4);
    if (state && (!country || country === 'US' || country === 'CA') && !STATE_CODES.has(state)) {
      push(
        seg,
        loop,
        'STATE_INVALID',
        `"${state}" is not a US state or Canadian province code (N402); use the two-letter postal abbreviation.`,
        'N402',
      );
    }
    const zip = el(seg, 3);
    if (zip && (!country || country === 'US') && !/^\d{5}(\d{4})?$/.test(zip)) {
      push(
        seg,
        loop,
        'ZIP_INVALID',
        `ZIP code "${zip}" must be 5 or 9 digits with no dash (N403).`,
        'N403',
        'warning',
      );
    }
  }
}
