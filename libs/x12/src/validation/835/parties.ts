import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import type { ElementSpec } from '../elements';
import { codes, specsWith } from './specs';
import type { Walk835 } from './walk';

/** 835 IG 1000A N1*PR: N103 XV (CMS plan id) when the payer has one; N103/N104 go together (P0304). */
const PAYER_N1 = specsWith('N1', {
  '1': { codes: codes('PR') },
  '2': { required: true },
  '3': { codes: codes('XV') },
});
/** 835 IG 1000B N1*PE: N103 FI tax id, XV CMS plan id or XX NPI, and N104, are required. */
const PAYEE_N1 = specsWith('N1', {
  '1': { codes: codes('PE') },
  '2': { required: true },
  '3': { codes: codes('FI XV XX'), required: true },
  '4': { required: true },
});
/** 835 IG 1000A REF: 2U payer id, EO submitter id, HI HIN, NF NAIC code. */
const PAYER_REF = specsWith('REF', { '1': { codes: codes('2U EO HI NF') } });
/** 835 IG 1000B REF: 0B state licence, D3 NCPDP pharmacy number, PQ payee id, TJ federal tax id. */
const PAYEE_REF = specsWith('REF', { '1': { codes: codes('0B D3 PQ TJ') } });
/** 835 IG 1000A PER: CX business contact, BL technical contact, IC web site; numbers EM/EX/FX/TE/UR. */
const NUMBER = codes('EM EX FX TE UR');
const PAYER_PER = specsWith('PER', {
  '1': { codes: codes('CX BL IC') },
  '3': { codes: NUMBER },
  '5': { codes: NUMBER },
  '7': { codes: NUMBER },
});
/** 835 IG 1000B RDM01: BM by mail, EM e-mail, FT file transfer, OL on-line. */
const RDM: ElementSpec[] = [
  { usage: 'M', type: 'ID', min: 1, max: 2, name: 'Report Transmission Code', codes: codes('BM EM FT OL') },
  { usage: 'O', type: 'AN', min: 1, max: 60, name: 'Name' },
  { usage: 'O', type: 'AN', min: 1, max: 256, name: 'Communication Number' },
];

export function partySpecs(seg: Segment, loop: string): ElementSpec[] | undefined {
  const payer = loop === '1000A';
  if (seg.id === 'N1') return el(seg, 1) === 'PR' ? PAYER_N1 : el(seg, 1) === 'PE' ? PAYEE_N1 : undefined;
  if (seg.id === 'REF') return payer ? PAYER_REF : PAYEE_REF;
  if (seg.id === 'PER' && payer) return PAYER_PER;
  if (seg.id === 'RDM') return RDM;
  return undefined;
}

export function checkPartySegment(walk: Walk835, seg: Segment, loop: string): void {
  if (seg.id === 'N1') {
    const entity = el(seg, 1);
    if (entity === 'PR') walk.payer = seg;
    else if (entity === 'PE') walk.payee = true;
    else
      walk.push(
        seg,
        loop,
        'ENTITY_CODE_INVALID',
        `N101 "${entity}" is not valid: the 835 names the payer (PR) and the payee (PE).`,
        'N101',
      );
    // X12 N1 syntax P0304: an identifier without its qualifier cannot be read. 1000B requires both (its
    // element specs report them); 1000A may omit both, not one.
    if (entity !== 'PE' && el(seg, 4) && !el(seg, 3))
      walk.push(
        seg,
        loop,
        'ELEMENT_MISSING',
        `N104 "${el(seg, 4)}" has no identification code qualifier (N103): say which id it is (XV CMS plan id).`,
        'N103',
      );
    else if (entity !== 'PE' && el(seg, 3) && !el(seg, 4))
      walk.push(
        seg,
        loop,
        'ELEMENT_MISSING',
        'N103 is given without the identifier it qualifies (N104).',
        'N104',
      );
  }
  if (seg.id === 'PER' && loop === '1000A' && el(seg, 1) === 'BL') walk.payerTechnicalContact = true;
}

/** 835 IG 1000A (N1*PR with PER*BL) and 1000B (N1*PE) are required once per transaction set. */
export function checkPartiesPresent(walk: Walk835): void {
  if (!walk.payer)
    walk.push(walk.st, '1000A', 'LOOP_MISSING', 'The payer identification loop (1000A, N1*PR) is missing.');
  else if (!walk.payerTechnicalContact)
    walk.push(
      walk.payer,
      '1000A',
      'SEGMENT_MISSING',
      "The payer (1000A) has no technical contact (PER*BL); the 835 guide requires the payer's technical contact.",
    );
  if (!walk.payee)
    walk.push(walk.st, '1000B', 'LOOP_MISSING', 'The payee identification loop (1000B, N1*PE) is missing.');
}
