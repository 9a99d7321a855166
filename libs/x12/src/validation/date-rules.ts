import { isValidCcyymmdd } from '../common/format';
import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';

/**
 * The date checks of `x12 validate`, shared with the 837 reader so `837 parse` flags the same dates
 * with the same code, element and message.
 */
export interface DateProblem {
  code: 'DATE_INVALID' | 'DATE_IMPLAUSIBLE';
  element: string;
  message: string;
}

/** A DT (CCYYMMDD) element: a real calendar date, and not a pre-1800 placeholder such as 00010101. */
export function dateElementProblem(name: string, ref: string, value: string): DateProblem | undefined {
  if (!isValidCcyymmdd(value))
    return {
      code: 'DATE_INVALID',
      element: ref,
      message: `${name} (${ref}) "${value}" is not a real date in CCYYMMDD form.`,
    };
  if (Number(value.slice(0, 4)) < 1800)
    return {
      code: 'DATE_IMPLAUSIBLE',
      element: ref,
      message: `${name} (${ref}) "${value}" is a placeholder, not a real date.`,
    };
  return undefined;
}

/** DTP03 as its format DTP02 says (D8 date, RD8 range with start ≤ end); DMG02 date of birth. */
export function segmentDateProblem(seg: Segment): DateProblem | undefined {
  if (seg.id === 'DTP') {
    const format = el(seg, 2);
    const value = el(seg, 3);
    const ok =
      format === 'D8'
        ? isValidCcyymmdd(value) && Number(value.slice(0, 4)) >= 1800
        : format === 'RD8'
          ? /^\d{8}-\d{8}$/.test(value) &&
            isValidCcyymmdd(value.slice(0, 8)) &&
            isValidCcyymmdd(value.slice(9)) &&
            value.slice(0, 8) <= value.slice(9)
          : true;
    if (ok) return undefined;
    return {
      code: 'DATE_INVALID',
      element: 'DTP03',
      message: `Date ${el(seg, 1)} "${value}" is not a valid ${format === 'RD8' ? 'date range CCYYMMDD-CCYYMMDD (start not after end)' : 'CCYYMMDD date'}.`,
    };
  }
  if (seg.id === 'DMG' && el(seg, 2) && !isValidCcyymmdd(el(seg, 2)))
    return {
      code: 'DATE_INVALID',
      element: 'DMG02',
      message: `Date of birth "${el(seg, 2)}" is not a real CCYYMMDD date.`,
    };
  return undefined;
}
