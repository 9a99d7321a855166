import type { Segment } from '../../tokenizer/segment';
import type { ElementSpec } from '../elements';
import { codes, specsWith } from './specs';
import type { Walk835 } from './walk';

/** 835 IG header BPR: 06/12 DFI qualifier 01 ABA routing, 04 Canadian; 08 DA; 14 DA demand deposit, SG savings. */
const BPR = specsWith('BPR', {
  '1': { codes: codes('C D H I P U X') },
  '3': { codes: codes('C D') },
  '4': { codes: codes('ACH BOP CHK FWT NON') },
  '5': { codes: codes('CCP CTX') },
  '6': { codes: codes('01 04') },
  '8': { codes: codes('DA') },
  '12': { codes: codes('01 04') },
  '14': { codes: codes('DA SG') },
});

/** 835 IG header TRN01: 1 current transaction trace numbers; TRN03 payer identifier is required. */
const TRN = specsWith('TRN', { '1': { codes: codes('1') }, '3': { required: true } });

/** 835 IG header REF: EV receiver identification, F2 version identification. */
const HEADER_REF = specsWith('REF', { '1': { codes: codes('EV F2') } });

/** 835 IG header DTM01: 405 production date. */
const HEADER_DTM = specsWith('DTM', { '1': { codes: codes('405') } });

const CUR: ElementSpec[] = [
  { usage: 'M', type: 'ID', min: 2, max: 3, name: 'Entity Identifier Code', codes: codes('PR') },
  { usage: 'M', type: 'ID', min: 3, max: 3, name: 'Currency Code' },
];

/** The element specs of a header segment (before 1000A), or undefined when the dictionary's apply. */
export function headerSpecs(seg: Segment): ElementSpec[] | undefined {
  switch (seg.id) {
    case 'BPR':
      return BPR;
    case 'TRN':
      return TRN;
    case 'REF':
      return HEADER_REF;
    case 'DTM':
      return HEADER_DTM;
    case 'CUR':
      return CUR;
    default:
      return undefined;
  }
}

export function noteHeaderSegment(walk: Walk835, seg: Segment): void {
  if (seg.id === 'BPR') walk.hasBpr = true;
  if (seg.id === 'TRN') walk.hasTrn = true;
}

/** 835 IG header: BPR and TRN are required once per transaction set. */
export function checkHeaderPresent(walk: Walk835): void {
  if (!walk.hasBpr) walk.push(walk.st, 'HEADER', 'SEGMENT_MISSING', 'The 835 has no BPR payment segment.');
  if (!walk.hasTrn)
    walk.push(
      walk.st,
      'HEADER',
      'SEGMENT_MISSING',
      'The 835 has no TRN reassociation trace number (check or EFT trace).',
    );
}
