import type { Segment } from '../../tokenizer/segment';
import { comp, comps, el } from '../../tokenizer/segment';
import { PLACE_OF_SERVICE, SERVICE_QUALIFIERS_837I, SERVICE_QUALIFIERS_837P } from '../codes';
import type { Walk837 } from './walk';

/** Opens a service line (2400) at its LX: LX01 numbers the lines 1, 2, 3 … within the claim. */
export function openServiceLine(walk: Walk837, seg: Segment, loop: string): void {
  walk.line = { seg, hasServiceDate: false, hasService: false };
  const claim = walk.claim;
  claim.lines++;
  if (el(seg, 1) !== String(claim.nextLineNumber))
    walk.push(
      seg,
      loop,
      'LX_SEQUENCE',
      `Service line number LX01 "${el(seg, 1)}" should be ${claim.nextLineNumber}: lines are numbered 1, 2, 3 … within each claim.`,
      'LX01',
    );
  claim.nextLineNumber++;
}

/** A line needs its SV1/SV2 and, in an 837P, a date of service. */
export function closeServiceLine(walk: Walk837): void {
  const line = walk.line;
  if (!line) return;
  const prof = walk.professional;
  if (!line.hasService)
    walk.push(
      line.seg,
      '2400',
      'SEGMENT_MISSING',
      `Service line ${el(line.seg, 1)} has no ${prof ? 'SV1 professional service' : 'SV2 institutional service'} segment.`,
    );
  if (prof && line.hasService && !line.hasServiceDate)
    walk.push(
      line.seg,
      '2400',
      'SEGMENT_MISSING',
      `Service line ${el(line.seg, 1)} has no date of service (DTP*472), which the 837P guide requires on every line.`,
    );
  walk.line = undefined;
}

/** 2400 DTP*472: the line's date of service. */
export function noteServiceDate(walk: Walk837, seg: Segment, loop: string): void {
  if (walk.line && loop === '2400' && el(seg, 1) === '472') walk.line.hasServiceDate = true;
}

/** 2400 SV1 (837P) or SV2 (837I): the right segment for the guide, procedure qualifier, then per guide. */
export function checkService(walk: Walk837, seg: Segment, loop: string): void {
  if (loop !== '2400') return;
  if (walk.line) walk.line.hasService = true;
  const prof = walk.professional;
  if ((seg.id === 'SV1') !== prof)
    walk.push(
      seg,
      loop,
      'SEGMENT_WRONG_GUIDE',
      `${seg.id} does not belong in an ${prof ? '837P (use SV1)' : '837I (use SV2)'}.`,
    );
  const pIdx = prof ? 1 : 2;
  const q = comp(seg, pIdx, 1);
  const allowed = prof ? SERVICE_QUALIFIERS_837P : SERVICE_QUALIFIERS_837I;
  if (q && !allowed.has(q))
    walk.push(
      seg,
      loop,
      'CODE_INVALID',
      `Procedure code qualifier "${q}" (${seg.id}0${pIdx}-1) is not valid here; use HC for CPT/HCPCS codes.`,
      `${seg.id}0${pIdx}-1`,
    );
  if (prof) checkProfessionalService(walk, seg, loop);
  else if (!/^\d{4}$/.test(el(seg, 1))) {
    walk.push(
      seg,
      loop,
      'REVENUE_CODE_INVALID',
      `Revenue code "${el(seg, 1)}" (SV201) must be the 4-digit NUBC revenue code (e.g. 0450).`,
      'SV201',
    );
  }
}

/** 837P IG 2400 SV107: pointers 1–12 into the claim's HI codes; SV105 a CMS place of service. */
function checkProfessionalService(walk: Walk837, seg: Segment, loop: string): void {
  const diagnoses = walk.claim.diagnoses;
  for (const p of comps(seg, 7)) {
    const n = Number(p);
    if (p && (!Number.isInteger(n) || n < 1 || n > Math.max(diagnoses, 1) || n > 12))
      walk.push(
        seg,
        loop,
        'DIAGNOSIS_POINTER_INVALID',
        `Diagnosis pointer ${p} (SV107) does not point to one of the claim's ${diagnoses} diagnosis codes.`,
        'SV107',
      );
  }
  const pos = el(seg, 5);
  if (pos && !PLACE_OF_SERVICE.has(pos))
    walk.push(
      seg,
      loop,
      'POS_INVALID',
      `Place of service "${pos}" (SV105) is not a CMS place-of-service code.`,
      'SV105',
    );
}
