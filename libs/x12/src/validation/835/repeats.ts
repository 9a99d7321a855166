import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import { OTHER_CLAIM_REFS, RENDERING_PROVIDER_REFS_2100 } from './claim';
import { RENDERING_PROVIDER_REFS_2110, SERVICE_IDENTIFICATION_REFS } from './service-line';
import type { Walk835 } from './walk';

/** What a segment counts against in its loop: the IG's segment (by qualifier where it has several uses). */
function useOf(seg: Segment, loop: string): string {
  const q = el(seg, 1);
  switch (seg.id) {
    case 'REF':
      if (loop === '2100')
        return OTHER_CLAIM_REFS.has(q)
          ? 'REF other claim id'
          : RENDERING_PROVIDER_REFS_2100.has(q)
            ? 'REF rendering provider'
            : `REF*${q}`;
      if (loop === '2110')
        return SERVICE_IDENTIFICATION_REFS.has(q)
          ? 'REF service id'
          : RENDERING_PROVIDER_REFS_2110.has(q)
            ? 'REF rendering provider'
            : `REF*${q}`;
      return loop === '1000A' || loop === '1000B' ? 'REF' : `REF*${q}`;
    case 'DTM':
      return loop === '2100' && (q === '232' || q === '233')
        ? 'DTM statement'
        : loop === '2110'
          ? 'DTM'
          : `DTM*${q}`;
    case 'NM1':
      return `NM1*${q}`;
    case 'PER':
      return loop === '1000A' ? `PER*${q}` : 'PER';
    default:
      return seg.id;
  }
}

/** 835 IG max use of each segment per loop instance (">1" is unbounded and not listed). */
const MAX_USE: Record<string, Record<string, number>> = {
  HEADER: { BPR: 1, TRN: 1, CUR: 1, 'REF*EV': 1, 'REF*F2': 1, 'DTM*405': 1 },
  '1000A': { N1: 1, N3: 1, N4: 1, REF: 4, 'PER*CX': 1, 'PER*IC': 1 },
  '1000B': { N1: 1, N3: 1, N4: 1, RDM: 1 },
  '2000': { LX: 1, TS3: 1, TS2: 1 },
  '2100': {
    CLP: 1,
    CAS: 99,
    'NM1*QC': 1,
    'NM1*IL': 1,
    'NM1*74': 1,
    'NM1*82': 1,
    'NM1*TT': 1,
    'NM1*PR': 1,
    'NM1*GB': 1,
    MIA: 1,
    MOA: 1,
    'REF other claim id': 5,
    'REF rendering provider': 10,
    'DTM statement': 2,
    'DTM*036': 1,
    'DTM*050': 1,
    PER: 2,
    AMT: 13,
    QTY: 14,
  },
  '2110': {
    SVC: 1,
    DTM: 2,
    CAS: 99,
    'REF service id': 8,
    'REF*6R': 1,
    'REF rendering provider': 10,
    'REF*0K': 5,
    AMT: 9,
    QTY: 6,
    LQ: 99,
  },
};

/** 835 IG 2110 repeat: at most 999 service lines per claim. */
const MAX_SERVICE_LINES = 999;

/** Counts each segment against its loop's max use; the loop's opening segment starts a new count. */
export function checkRepeats(walk: Walk835, seg: Segment, loop: string): void {
  const r = walk.repeats;
  if (r.loop !== loop || ['BPR', 'N1', 'LX', 'CLP', 'SVC'].includes(seg.id)) {
    r.loop = loop;
    r.counts.clear();
  }
  if (seg.id === 'CLP') r.serviceLines = 0;
  if (seg.id === 'SVC' && ++r.serviceLines === MAX_SERVICE_LINES + 1)
    walk.push(
      seg,
      loop,
      'LOOP_REPEATS',
      `This claim has more than ${MAX_SERVICE_LINES} service lines (2110); the 835 guide allows at most ${MAX_SERVICE_LINES}.`,
    );
  const use = useOf(seg, loop);
  const n = (r.counts.get(use) ?? 0) + 1;
  r.counts.set(use, n);
  const max = MAX_USE[loop]?.[use];
  if (max !== undefined && n === max + 1)
    walk.push(
      seg,
      loop,
      'SEGMENT_REPEATS',
      `Segment ${use} appears more than ${max} time${max === 1 ? '' : 's'} in loop ${loop}; at most ${max} allowed.`,
    );
}
