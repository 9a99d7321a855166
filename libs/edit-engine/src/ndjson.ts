import { ScrubClaim, ScrubResult } from './claim';
import { EDITS } from './edit-catalogue';

/**
 * One NDJSON input line → a claim, or (malformed line) a rejected result whose CLAIM_UNREADABLE
 * edit says which input line and why, so one bad line never stops a batch.
 */
export function parseNdjsonClaim(
  text: string,
  lineNo: number,
): { claim: ScrubClaim } | { result: ScrubResult } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return unreadable(lineNo, `not JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return unreadable(lineNo, 'not a JSON object');
  return { claim: value as ScrubClaim };
}

function unreadable(lineNo: number, why: string): { result: ScrubResult } {
  const d = EDITS.CLAIM_UNREADABLE;
  return {
    result: {
      claimId: '',
      status: 'rejected',
      edits: [
        {
          id: 'CLAIM_UNREADABLE',
          category: d.category,
          severity: d.severity,
          line: null,
          codes: [`input-line:${lineNo}`],
          message: `Input line ${lineNo}: ${why}. Fix the line and resubmit it.`,
        },
      ],
    },
  };
}
