/** Delimiters of one interchange, read from its ISA segment. */
export interface Delimiters {
  element: string;
  /** ISA11 in 5010; undefined when ISA11 is not a separator character. */
  repetition?: string;
  component: string;
  segment: string;
}

export const DEFAULT_DELIMITERS: Readonly<Delimiters> = Object.freeze({
  element: '*',
  repetition: '^',
  component: ':',
  segment: '~',
});

/** One segment as read: `elements[0]` is the segment id, so `elements[n]` is element n (e.g. CLM05 = elements[5]). */
export interface Segment {
  id: string;
  elements: string[];
  /** 1-based position in the file, counting every segment of every interchange. */
  ordinal: number;
  /** Byte offset of the segment's first byte. */
  offset: number;
  delimiters: Delimiters;
  /** Count of spaces/tabs found before the segment id (pretty-printed files); absent when 0. */
  leadingWhitespace?: number;
}

/** Splits on a one-character separator (indexOf + substring: faster than String.prototype.split on V8). */
export function splitOn(value: string, separator: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const k = value.indexOf(separator, start);
    if (k < 0) {
      out.push(start === 0 ? value : value.substring(start));
      return out;
    }
    out.push(value.substring(start, k));
    start = k + 1;
  }
}

/** Element n of a segment ('' when absent). */
export function el(segment: Segment, n: number): string {
  return segment.elements[n] ?? '';
}

/** Component m (1-based) of element n ('' when absent). */
export function comp(segment: Segment, n: number, m: number): string {
  const value = segment.elements[n];
  if (value === undefined || value === '') return '';
  const separator = segment.delimiters.component;
  let start = 0;
  for (let i = 1; i < m; i++) {
    const k = value.indexOf(separator, start);
    if (k < 0) return '';
    start = k + 1;
  }
  const end = value.indexOf(separator, start);
  if (end < 0) return start === 0 ? value : value.substring(start);
  return value.substring(start, end);
}

/** All components of element n. */
export function comps(segment: Segment, n: number): string[] {
  const value = segment.elements[n];
  if (value === undefined || value === '') return [];
  return splitOn(value, segment.delimiters.component);
}
