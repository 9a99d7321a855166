/**
 * A located problem found while reading or validating an X12 file. Errors are values, not exceptions:
 * every reader returns its issues beside what it could still read.
 */
export type IssueSeverity = 'error' | 'warning';

export interface X12Issue {
  severity: IssueSeverity;
  /** Stable machine code, e.g. `SE_COUNT`, `HI_CODE_MISSING`. */
  code: string;
  /** Plain-language description a billing clerk can act on. */
  message: string;
  /** 1-based position of the segment in the file (counting every segment of every interchange). */
  segmentOrdinal?: number;
  segmentId?: string;
  /** Byte offset of the segment's first byte in the file. */
  offset?: number;
  /** Implementation-guide loop, e.g. `2010AA`, `2300`, `2110`. */
  loop?: string;
  /** Element reference, e.g. `CLM05-3`, `SE01`. */
  element?: string;
  /** For a missing segment: its id (the issue is located at the segment where it was expected). */
  missingSegmentId?: string;
}

export function formatIssue(issue: X12Issue): string {
  const where: string[] = [];
  if (issue.segmentOrdinal !== undefined) where.push(`segment ${issue.segmentOrdinal}`);
  if (issue.segmentId) where.push(issue.segmentId);
  if (issue.loop) where.push(`loop ${issue.loop}`);
  if (issue.element) where.push(issue.element);
  if (issue.offset !== undefined) where.push(`byte ${issue.offset}`);
  return `${issue.severity.toUpperCase()} [${issue.code}] ${where.join(' · ')}: ${issue.message}`;
}
