import type { ElementSpec } from '../elements';
import { SEGMENT_SPECS } from '../elements';

/** A code list, written the way the implementation guide prints it. */
export const codes = (list: string): ReadonlySet<string> => new Set(list.split(' '));

/** What an 835 loop changes in a dictionary element: its code list, or that it is required there. */
export interface ElementRule {
  codes?: ReadonlySet<string>;
  required?: boolean;
}

/**
 * The dictionary entry of `segmentId` with the 835 guide's per-loop code lists and required elements
 * applied (keys: element position; `"1-1"` for a composite's component), so the element checker reports
 * a bad qualifier exactly as it reports one in an 837 (`CODE_INVALID`, located at the element).
 */
export function specsWith(segmentId: string, rules: Record<string, ElementRule>): ElementSpec[] {
  const base = SEGMENT_SPECS[segmentId];
  if (!base) throw new Error(`no element dictionary entry for ${segmentId}`);
  const out = base.map((s) => ({ ...s, components: s.components?.map((c) => ({ ...c })) }));
  for (const [key, rule] of Object.entries(rules)) {
    const [n, m] = key.split('-').map(Number);
    const element = out[n - 1];
    const target = m ? element?.components?.[m - 1] : element;
    if (!target) throw new Error(`${segmentId}${key} is not in the element dictionary`);
    if (rule.codes) target.codes = rule.codes;
    if (rule.required) target.usage = 'M';
  }
  return out;
}
