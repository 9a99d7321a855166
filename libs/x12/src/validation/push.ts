import type { X12Issue } from '../common/issue';
import type { Segment } from '../tokenizer/segment';

/** Records one located issue; `seg` undefined for a problem found in the claim model, not at a segment. */
export type Push = (
  seg: Segment | undefined,
  loop: string | undefined,
  code: string,
  message: string,
  element?: string,
  severity?: 'error' | 'warning',
) => void;

export function pusher(issues: X12Issue[]): Push {
  return (seg, loop, code, message, element, severity = 'error') => {
    const issue: X12Issue = {
      severity,
      code,
      message,
      segmentOrdinal: seg?.ordinal,
      segmentId: seg?.id,
      offset: seg?.offset,
      loop,
      element,
    };
    if (code === 'SEGMENT_MISSING') {
      // Messages name the missing segment in parentheses, e.g. "(N3)", "(PER*BL)", "(HI segment)".
      const m =
        /\(([A-Z][A-Z0-9]{1,2})\b/.exec(message) ?? /\b(SV1|SV2|BPR|TRN|AK1|AK9|STC|BHT)\b/.exec(message);
      if (m) issue.missingSegmentId = m[1];
    }
    issues.push(issue);
  };
}
