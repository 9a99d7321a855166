import type { Segment } from '../../tokenizer/segment';
import type { Walk835 } from './walk';

/** 835 IG: the segments each loop holds (the reader names the loop a segment falls in). */
const LOOP_SEGMENTS: Record<string, ReadonlySet<string>> = {
  HEADER: new Set(['BPR', 'TRN', 'CUR', 'REF', 'DTM']),
  '1000A': new Set(['N1', 'N3', 'N4', 'REF', 'PER']),
  '1000B': new Set(['N1', 'N3', 'N4', 'REF', 'RDM']),
  '2000': new Set(['LX', 'TS3', 'TS2']),
  '2100': new Set(['CLP', 'CAS', 'NM1', 'MIA', 'MOA', 'REF', 'DTM', 'PER', 'AMT', 'QTY']),
  '2110': new Set(['SVC', 'DTM', 'CAS', 'REF', 'AMT', 'QTY', 'LQ']),
  SUMMARY: new Set(['PLB']),
};
const ALL = new Set(Object.values(LOOP_SEGMENTS).flatMap((s) => [...s]));

/** A segment the 835 guide does not use at all, or not in the loop it appears in. */
export function checkSegmentPlace(walk: Walk835, seg: Segment, loop: string): void {
  if (!ALL.has(seg.id)) {
    walk.push(
      seg,
      loop,
      'SEGMENT_UNEXPECTED',
      `Segment ${seg.id} is not used in the 835 implementation guide; remove it.`,
    );
    return;
  }
  // N1, LX, CLP, SVC and PLB open their loop; NM1 has its own message (claim.ts).
  if (['N1', 'LX', 'CLP', 'SVC', 'PLB', 'NM1'].includes(seg.id)) return;
  if (!LOOP_SEGMENTS[loop]?.has(seg.id))
    walk.push(
      seg,
      loop,
      'SEGMENT_UNEXPECTED',
      `Segment ${seg.id} is not used in loop ${loop} of the 835 implementation guide.`,
    );
}
