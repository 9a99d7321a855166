import type { Segment } from '../../tokenizer/segment';
import { comp, el } from '../../tokenizer/segment';
import {
  FREQUENCY_CODES_INSTITUTIONAL,
  FREQUENCY_CODES_PROFESSIONAL,
  PLACE_OF_SERVICE,
  PWK_TRANSMISSION_CODES,
} from '../codes';
import { closeServiceLine } from './service-line';
import type { Walk837 } from './walk';

/** Opens a claim (2300) at its CLM: placement under HL 22/23, CLM05 facility/qualifier/frequency, CLM06/07. */
export function openClaim(walk: Walk837, seg: Segment, loop: string): void {
  walk.claim = { seg, hasDiagnoses: false, lines: 0, nextLineNumber: 1, diagnoses: 0 };
  const level = walk.currentLevel;
  if (level) level.claims++;
  if (level && level.level === '20')
    walk.push(
      seg,
      loop,
      'CLM_PLACEMENT',
      'A claim cannot sit directly under the billing provider level; it belongs under the subscriber (22) or patient (23) level.',
    );
  checkFacility(walk, seg, loop);
  checkClaimIndicators(walk, seg, loop);
}

function checkFacility(walk: Walk837, seg: Segment, loop: string): void {
  const prof = walk.professional;
  const facility = comp(seg, 5, 1);
  const qualifier = comp(seg, 5, 2);
  const frequency = comp(seg, 5, 3);
  if (prof && facility && !PLACE_OF_SERVICE.has(facility))
    walk.push(
      seg,
      loop,
      'POS_INVALID',
      `Place of service "${facility}" (CLM05-1) is not a CMS place-of-service code (e.g. 11 office, 21 inpatient hospital, 22 outpatient, 23 emergency room).`,
      'CLM05-1',
    );
  if (!prof && facility && !/^\d{2}$/.test(facility))
    walk.push(
      seg,
      loop,
      'FACILITY_TYPE_INVALID',
      `Facility type "${facility}" (CLM05-1) must be the first two digits of the UB-04 type of bill (e.g. 11 hospital inpatient, 13 hospital outpatient).`,
      'CLM05-1',
    );
  if (qualifier && qualifier !== (prof ? 'B' : 'A'))
    walk.push(
      seg,
      loop,
      'CODE_INVALID',
      `CLM05-2 must be ${prof ? 'B (place of service codes) in an 837P' : 'A (uniform billing facility type) in an 837I'}; found "${qualifier}".`,
      'CLM05-2',
    );
  const freqCodes = prof ? FREQUENCY_CODES_PROFESSIONAL : FREQUENCY_CODES_INSTITUTIONAL;
  if (frequency && !freqCodes.has(frequency))
    walk.push(
      seg,
      loop,
      'FREQUENCY_INVALID',
      `Claim frequency "${frequency}" (CLM05-3) is not valid: use 1 original, 7 replacement of a prior claim, or 8 void of a prior claim.`,
      'CLM05-3',
    );
}

function checkClaimIndicators(walk: Walk837, seg: Segment, loop: string): void {
  const prof = walk.professional;
  if (prof && !el(seg, 6))
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      'Provider signature indicator (CLM06) is required in an 837P: Y or N.',
      'CLM06',
    );
  if (!el(seg, 7) && prof)
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      'Assignment or plan participation code (CLM07) is required in an 837P: A, B or C.',
      'CLM07',
    );
  if (!prof && el(seg, 6))
    walk.push(
      seg,
      loop,
      'ELEMENT_NOT_USED',
      'CLM06 (provider signature) is not used in an 837I; leave it empty.',
      'CLM06',
    );
}

/** Closes the open line and claim: a claim needs diagnoses and lines, within the guide's maxima. */
export function closeClaim(walk: Walk837): void {
  closeServiceLine(walk);
  const claim = walk.claim;
  const seg = claim.seg;
  if (!seg) return;
  const prof = walk.professional;
  if (!claim.hasDiagnoses)
    walk.push(
      seg,
      '2300',
      'SEGMENT_MISSING',
      `Claim ${el(seg, 1)} has no diagnosis codes (HI segment); every claim needs at least the principal diagnosis.`,
    );
  if (claim.lines === 0)
    walk.push(seg, '2300', 'LOOP_MISSING', `Claim ${el(seg, 1)} has no service lines (loop 2400 LX).`);
  // 837P IG loop 2400 repeats at most 50 times, 837I at most 999: split the claim.
  const maxLines = prof ? 50 : 999;
  if (claim.lines > maxLines)
    walk.push(
      seg,
      '2300',
      'LOOP_REPEATS',
      `Claim ${el(seg, 1)} has ${claim.lines} service lines; an ${walk.guide} claim allows at most ${maxLines}. Split it into several claims.`,
    );
  // 837P IG 2300 HI: at most 12 diagnosis codes (principal + 11 other); 837I: principal + 24 other.
  const maxDiagnoses = prof ? 12 : 25;
  if (claim.diagnoses > maxDiagnoses)
    walk.push(
      seg,
      '2300',
      'DIAGNOSIS_REPEATS',
      `Claim ${el(seg, 1)} has ${claim.diagnoses} diagnosis codes; at most ${maxDiagnoses} are allowed.`,
      'HI',
    );
  claim.seg = undefined;
}

/** 2300/2400 PWK02: the 5010 attachment transmission codes. */
export function checkAttachment(walk: Walk837, seg: Segment, loop: string): void {
  const tcode = el(seg, 2);
  if (tcode && !PWK_TRANSMISSION_CODES.has(tcode))
    walk.push(
      seg,
      loop,
      'CODE_INVALID',
      `Attachment transmission code "${tcode}" (PWK02) is not valid in 5010: use AA available on request, BM by mail, EL electronically, EM e-mail, FT file transfer or FX fax.`,
      'PWK02',
    );
}
