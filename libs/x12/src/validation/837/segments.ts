import type { TransactionSet } from '../../envelope/reader';
import type { Segment } from '../../tokenizer/segment';
import type { ElementSpec } from '../elements';
import type { Walk837 } from './walk';

/** 837 uses LQ for form identification (2440: AS form type code, UT DME certificate form). */
export const SPECS_837: Record<string, ElementSpec[]> = {
  LQ: [
    {
      usage: 'M',
      type: 'ID',
      min: 1,
      max: 3,
      name: 'Form Identification Code Qualifier',
      codes: new Set(['AS', 'UT']),
    },
    { usage: 'M', type: 'AN', min: 1, max: 30, name: 'Form Identifier' },
  ],
};

/** Segments the 837P/837I guides use; anything else is an unexpected segment. */
const SEGMENTS_837 = new Set(
  'BHT NM1 PER HL PRV CUR N3 N4 REF SBR PAT DMG CLM DTP CL1 PWK CN1 AMT K3 NTE CR1 CR2 CR3 CRC HI HCP QTY MEA LX SV1 SV2 SV5 PS1 LIN CTP CAS OI MIA MOA SVD LQ FRM'.split(
    ' ',
  ),
);

export function checkSegmentUsed(walk: Walk837, seg: Segment, loop: string): void {
  if (!SEGMENTS_837.has(seg.id))
    walk.push(
      seg,
      loop,
      'SEGMENT_UNEXPECTED',
      `Segment ${seg.id} is not used in the ${walk.guide} implementation guide; remove it.`,
    );
}

/** 837 IG header: BHT follows ST. */
export function checkBeginning(walk: Walk837, set: TransactionSet): void {
  if (set.body.length === 0 || set.body[0].id !== 'BHT')
    walk.push(
      set.body[0] ?? set.st,
      'HEADER',
      'SEGMENT_MISSING',
      'The 837 must start with a BHT beginning-of-hierarchical-transaction segment.',
    );
}
