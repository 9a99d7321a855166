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

/**
 * The message with every quoted data value replaced by "…": a value read from a file may be PHI (a
 * patient's name, a member id, a date of birth), and a message goes back to the sender and into
 * logs and tables in clear. The issue's location (segment, element, byte offset) says where to look.
 * A one-character quote (a delimiter, a code such as "F") is kept.
 */
export function withoutDataValues(message: string): string {
  return message.replace(/"[^"]{2,}"/g, '"…"');
}
