import type { X12Issue } from '../common/issue';
import type { Read837Transaction } from '../837/reader';
import { kindOf, read837Transaction } from '../837/reader';
import type { TransactionContext, TransactionSet } from '../envelope/reader';
import { EnvelopeReader } from '../envelope/reader';
import { X12Tokenizer } from '../tokenizer/tokenizer';
import { Remittance835Reader } from '../835/reader';
import type { BalancingError } from '../835/model';
import type { Segment } from '../tokenizer/segment';
import { comp, comps, el } from '../tokenizer/segment';
import {
  FREQUENCY_CODES_INSTITUTIONAL,
  FREQUENCY_CODES_PROFESSIONAL,
  HI_QUALIFIERS,
  PLACE_OF_SERVICE,
  PWK_TRANSMISSION_CODES,
  SERVICE_QUALIFIERS_837I,
  SERVICE_QUALIFIERS_837P,
  STATE_CODES,
} from './codes';
import type { ElementSpec } from './elements';
import { checkSegmentElements } from './elements';
import { segmentDateProblem } from './date-rules';

/** 837 uses LQ for form identification (2440: AS form type code, UT DME certificate form). */
const SPECS_837: Record<string, ElementSpec[]> = {
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

export interface ValidationResult {
  issues: X12Issue[];
  errors: number;
  warnings: number;
  transactions: { id: string; controlNumber: string; implementationReference: string }[];
}

type Push = (
  seg: Segment | undefined,
  loop: string | undefined,
  code: string,
  message: string,
  element?: string,
  severity?: 'error' | 'warning',
) => void;

function pusher(issues: X12Issue[]): Push {
  return (seg, loop, code, message, element, severity = 'error') => {
    const issue: X12Issue = {
      severity,
      code,
      message,
      segmentOrdinal: seg?.ordinal,
      segmentId: seg?.id,
      offset: seg?.offset,
      loop,
      element,
    };
    if (code === 'SEGMENT_MISSING') {
      // Messages name the missing segment in parentheses, e.g. "(N3)", "(PER*BL)", "(HI segment)".
      const m =
        /\(([A-Z][A-Z0-9]{1,2})\b/.exec(message) ?? /\b(SV1|SV2|BPR|TRN|AK1|AK9|STC|BHT)\b/.exec(message);
      if (m) issue.missingSegmentId = m[1];
    }
    issues.push(issue);
  };
}

/** Element checks that depend on another element (DTP03 by DTP02, N402 with N404). */
function checkCommonRules(seg: Segment, loop: string, push: Push): void {
  const date = segmentDateProblem(seg);
  if (date) push(seg, loop, date.code, date.message, date.element);
  if (seg.id === 'N4') {
    const state = el(seg, 2);
    const country = el(seg, 4);
    if (state && (!country || country === 'US' || country === 'CA') && !STATE_CODES.has(state)) {
      push(
        seg,
        loop,
        'STATE_INVALID',
        `"${state}" is not a US state or Canadian province code (N402); use the two-letter postal abbreviation.`,
        'N402',
      );
    }
    const zip = el(seg, 3);
    if (zip && (!country || country === 'US') && !/^\d{5}(\d{4})?$/.test(zip)) {
      push(
        seg,
        loop,
        'ZIP_INVALID',
        `ZIP code "${zip}" must be 5 or 9 digits with no dash (N403).`,
        'N403',
        'warning',
      );
    }
  }
}

/** NPI check digit: Luhn over the 9 leading digits prefixed with 80840 (CMS NPI standard). */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

// ---------------------------------------------------------------------------------------------------------------
// 837P / 837I

/** Segments the 837P/837I guides use; anything else is an unexpected segment. */
const SEGMENTS_837 = new Set(
  'BHT NM1 PER HL PRV CUR N3 N4 REF SBR PAT DMG CLM DTP CL1 PWK CN1 AMT K3 NTE CR1 CR2 CR3 CRC HI HCP QTY MEA LX SV1 SV2 SV5 PS1 LIN CTP CAS OI MIA MOA SVD LQ FRM'.split(
    ' ',
  ),
);
/** Segments the 835 guide uses. */
const SEGMENTS_835 = new Set(
  'BPR TRN CUR REF DTM N1 N3 N4 PER RDM LX TS3 TS2 CLP CAS NM1 MIA MOA AMT QTY SVC LQ PLB'.split(' '),
);

const ENTITY_LOOPS_837 = new Set([
  '1000A',
  '1000B',
  '2010AA',
  '2010AB',
  '2010AC',
  '2010BA',
  '2010BB',
  '2010CA',
]);

function validate837(read: Read837Transaction, issues: X12Issue[]): void {
  const push = pusher(issues);
  const t = read.transaction;
  const kind = t.kind;
  const set = read.set;
  const prof = kind === 'professional';

  // Segment-level: elements, loops, codes.
  const hl = new Map<
    string,
    { level: string; parent: string; seg: Segment; children: number; claims: number; sbr?: Segment }
  >();
  let lastHlId = 0;
  let currentHl: { level: string; seg: Segment; claims: number; sbr?: Segment } | undefined;
  let loopInstance: { loop: string; counts: Map<string, number> } | undefined;
  let has1000A = false;
  let has1000APer = false;
  let has1000B = false;
  let claimSeg: Segment | undefined;
  let claimHasHi = false;
  let claimLines = 0;
  let lxExpected = 1;
  let lineSeg: Segment | undefined;
  let lineHasDtp472 = false;
  let lineHasService = false;
  let diagnosisCount = 0;
  let hlOrder: Segment[] = [];

  const closeLine = () => {
    if (!lineSeg) return;
    if (!lineHasService)
      push(
        lineSeg,
        '2400',
        'SEGMENT_MISSING',
        `Service line ${el(lineSeg, 1)} has no ${prof ? 'SV1 professional service' : 'SV2 institutional service'} segment.`,
      );
    if (prof && lineHasService && !lineHasDtp472)
      push(
        lineSeg,
        '2400',
        'SEGMENT_MISSING',
        `Service line ${el(lineSeg, 1)} has no date of service (DTP*472), which the 837P guide requires on every line.`,
      );
    lineSeg = undefined;
  };
  const closeClaim = () => {
    closeLine();
    if (!claimSeg) return;
    if (!claimHasHi)
      push(
        claimSeg,
        '2300',
        'SEGMENT_MISSING',
        `Claim ${el(claimSeg, 1)} has no diagnosis codes (HI segment); every claim needs at least the principal diagnosis.`,
      );
    if (claimLines === 0)
      push(claimSeg, '2300', 'LOOP_MISSING', `Claim ${el(claimSeg, 1)} has no service lines (loop 2400 LX).`);
    // 837P IG loop 2400 repeats at most 50 times, 837I at most 999: split the claim.
    const maxLines = prof ? 50 : 999;
    if (claimLines > maxLines)
      push(
        claimSeg,
        '2300',
        'LOOP_REPEATS',
        `Claim ${el(claimSeg, 1)} has ${claimLines} service lines; an ${prof ? '837P' : '837I'} claim allows at most ${maxLines}. Split it into several claims.`,
      );
    // 837P IG 2300 HI: at most 12 diagnosis codes (principal + 11 other); 837I: principal + 24 other.
    const maxDiagnoses = prof ? 12 : 25;
    if (diagnosisCount > maxDiagnoses)
      push(
        claimSeg,
        '2300',
        'DIAGNOSIS_REPEATS',
        `Claim ${el(claimSeg, 1)} has ${diagnosisCount} diagnosis codes; at most ${maxDiagnoses} are allowed.`,
        'HI',
      );
    claimSeg = undefined;
  };
  const openLoop = (loop: string) => {
    loopInstance = { loop, counts: new Map() };
  };
  const partyMax: Record<string, Record<string, number>> = {
    '2010AA': { N3: 1, N4: 1, PER: 2 },
    '2010BA': { N3: 1, N4: 1, DMG: 1 },
    '2010BB': { N3: 1, N4: 1 },
    '2010CA': { N3: 1, N4: 1, DMG: 1 },
    '1000A': { PER: 2 },
  };
  const loopHas = new Map<Segment, Set<string>>(); // NM1 of 2010AA → ids seen in that loop
  let currentNm1: Segment | undefined;
  let taxIdRefs = 0;

  for (const { segment: seg, loop } of read.located) {
    checkSegmentElements(seg, { loop, issues }, SPECS_837[seg.id]);
    if (!SEGMENTS_837.has(seg.id))
      push(
        seg,
        loop,
        'SEGMENT_UNEXPECTED',
        `Segment ${seg.id} is not used in the ${prof ? '837P' : '837I'} implementation guide; remove it.`,
      );
    checkCommonRules(seg, loop, push);
    if (seg.id === 'NM1' || seg.id === 'HL' || seg.id === 'CLM' || seg.id === 'LX' || seg.id === 'SBR') {
      const ids = currentNm1 && loopHas.get(currentNm1);
      if (currentNm1 && ids) {
        // closing a 2010AA: N3/N4 and tax id required
        if (!ids.has('N3'))
          push(
            currentNm1,
            '2010AA',
            'SEGMENT_MISSING',
            'The billing provider (2010AA) has no street address (N3); it is required and cannot be a P.O. box.',
          );
        if (!ids.has('N4'))
          push(
            currentNm1,
            '2010AA',
            'SEGMENT_MISSING',
            'The billing provider (2010AA) has no city/state/ZIP (N4).',
          );
        if (taxIdRefs === 0)
          push(
            currentNm1,
            '2010AA',
            'SEGMENT_MISSING',
            'The billing provider (2010AA) has no tax identification number (REF*EI employer id or REF*SY SSN).',
          );
      }
      currentNm1 = undefined;
    }
    if (seg.id === 'NM1') {
      openLoop(loop);
      if (loop === '2010AA') {
        currentNm1 = seg;
        loopHas.set(seg, new Set());
        taxIdRefs = 0;
      }
      if (loop === '1000A') has1000A = true;
      if (loop === '1000B') has1000B = true;
      if (!ENTITY_LOOPS_837.has(loop) && !/^(2310|2330|2420)[A-H]$/.test(loop)) {
        push(
          seg,
          loop,
          'ENTITY_CODE_INVALID',
          `NM1 entity identifier "${el(seg, 1)}" is not allowed here in an ${prof ? '837P' : '837I'}: check which provider or party this name is for.`,
          'NM101',
        );
      }
      if (loop === '2010AA' && el(seg, 8) !== 'XX')
        push(
          seg,
          loop,
          'NPI_REQUIRED',
          'The billing provider must be identified by NPI: NM108 must be XX and NM109 the 10-digit NPI.',
          'NM108',
        );
      // 837 IG 2010BA/2330A NM108 MI (member id) and 2010BB/2330B NM108 PI or XV (payer id) are required.
      if ((loop === '2010BA' || loop === '2330A') && !el(seg, 9))
        push(
          seg,
          loop,
          'ELEMENT_MISSING',
          `The ${loop === '2010BA' ? '' : "other payer's "}subscriber's member id (NM108 MI, NM109) is required.`,
          'NM109',
        );
      if ((loop === '2010BB' || loop === '2330B') && !el(seg, 9))
        push(
          seg,
          loop,
          'ELEMENT_MISSING',
          `The ${loop === '2010BB' ? '' : 'other '}payer's identifier (NM108 PI or XV, NM109) is required.`,
          'NM109',
        );
      if (el(seg, 8) === 'XX' && !isValidNpi(el(seg, 9)))
        push(
          seg,
          loop,
          'NPI_INVALID',
          `NPI "${el(seg, 9)}" is not a valid NPI (10 digits with a correct check digit); payers reject claims with it.`,
          'NM109',
          'warning',
        );
    } else if (loopInstance && ['N3', 'N4', 'PER', 'DMG', 'REF'].includes(seg.id)) {
      const n = (loopInstance.counts.get(seg.id) ?? 0) + 1;
      loopInstance.counts.set(seg.id, n);
      const max = partyMax[loopInstance.loop]?.[seg.id];
      if (max !== undefined && n > max)
        push(
          seg,
          loop,
          'SEGMENT_REPEATS',
          `Segment ${seg.id} appears ${n} times in loop ${loop}; at most ${max} allowed.`,
        );
    }
    if (currentNm1 && loop === '2010AA') {
      loopHas.get(currentNm1)?.add(seg.id);
      if (seg.id === 'REF' && (el(seg, 1) === 'EI' || el(seg, 1) === 'SY')) {
        taxIdRefs++;
        if (taxIdRefs > 1)
          push(
            seg,
            loop,
            'SEGMENT_REPEATS',
            'The billing provider has more than one tax identification REF (EI/SY); send exactly one.',
          );
      }
    }
    if (loop === '1000A' && seg.id === 'PER') has1000APer = true;
    if (seg.id === 'N4' && loop === '2010AA') {
      const zip = el(seg, 3);
      if (/^\d{5}$/.test(zip)) {
        // 837I IG 2010AA N403: the full nine-digit ZIP code is required; many 837P payers enforce it too.
        push(
          seg,
          loop,
          'ZIP9_REQUIRED',
          `The billing provider ZIP "${zip}" must be the full 9-digit ZIP+4.`,
          'N403',
          prof ? 'warning' : 'error',
        );
      }
    }

    switch (seg.id) {
      case 'HL': {
        closeClaim();
        const id = el(seg, 1);
        const parent = el(seg, 2);
        const level = el(seg, 3);
        if (id !== String(lastHlId + 1))
          push(
            seg,
            loop,
            'HL_SEQUENCE',
            `HL01 "${id}" must be ${lastHlId + 1}: HL ids are numbered 1, 2, 3 … in order.`,
            'HL01',
          );
        lastHlId = Number(id) || lastHlId + 1;
        const expectedParent =
          level === '20' ? undefined : level === '22' ? '20' : level === '23' ? '22' : undefined;
        if (!['20', '22', '23'].includes(level))
          push(
            seg,
            loop,
            'HL_LEVEL_INVALID',
            `HL03 "${level}" is not an 837 level: use 20 billing provider, 22 subscriber, 23 patient.`,
            'HL03',
          );
        if (level === '20' && parent)
          push(
            seg,
            loop,
            'HL_PARENT',
            'A billing provider level (HL 20) has no parent: HL02 must be empty.',
            'HL02',
          );
        if (expectedParent) {
          const p = hl.get(parent);
          if (!p)
            push(seg, loop, 'HL_PARENT', `HL02 parent "${parent}" does not match any earlier HL.`, 'HL02');
          else {
            p.children++;
            if (p.level !== expectedParent)
              push(
                seg,
                loop,
                'HL_PARENT',
                `A ${level === '22' ? 'subscriber (22)' : 'patient (23)'} level must sit under a ${expectedParent === '20' ? 'billing provider (20)' : 'subscriber (22)'} level, but HL ${parent} is level ${p.level}.`,
                'HL02',
              );
          }
        }
        const entry = { level, parent, seg, children: 0, claims: 0 };
        hl.set(id, entry);
        hlOrder.push(seg);
        currentHl = entry;
        openLoop(loop);
        break;
      }
      case 'CLM': {
        closeClaim();
        claimSeg = seg;
        claimHasHi = false;
        claimLines = 0;
        lxExpected = 1;
        diagnosisCount = 0;
        if (currentHl) currentHl.claims++;
        if (currentHl && currentHl.level === '20')
          push(
            seg,
            loop,
            'CLM_PLACEMENT',
            'A claim cannot sit directly under the billing provider level; it belongs under the subscriber (22) or patient (23) level.',
          );
        const facility = comp(seg, 5, 1);
        const qualifier = comp(seg, 5, 2);
        const frequency = comp(seg, 5, 3);
        if (prof && facility && !PLACE_OF_SERVICE.has(facility))
          push(
            seg,
            loop,
            'POS_INVALID',
            `Place of service "${facility}" (CLM05-1) is not a CMS place-of-service code (e.g. 11 office, 21 inpatient hospital, 22 outpatient, 23 emergency room).`,
            'CLM05-1',
          );
        if (!prof && facility && !/^\d{2}$/.test(facility))
          push(
            seg,
            loop,
            'FACILITY_TYPE_INVALID',
            `Facility type "${facility}" (CLM05-1) must be the first two digits of the UB-04 type of bill (e.g. 11 hospital inpatient, 13 hospital outpatient).`,
            'CLM05-1',
          );
        if (qualifier && qualifier !== (prof ? 'B' : 'A'))
          push(
            seg,
            loop,
            'CODE_INVALID',
            `CLM05-2 must be ${prof ? 'B (place of service codes) in an 837P' : 'A (uniform billing facility type) in an 837I'}; found "${qualifier}".`,
            'CLM05-2',
          );
        const freqCodes = prof ? FREQUENCY_CODES_PROFESSIONAL : FREQUENCY_CODES_INSTITUTIONAL;
        if (frequency && !freqCodes.has(frequency))
          push(
            seg,
            loop,
            'FREQUENCY_INVALID',
            `Claim frequency "${frequency}" (CLM05-3) is not valid: use 1 original, 7 replacement of a prior claim, or 8 void of a prior claim.`,
            'CLM05-3',
          );
        if (prof && !el(seg, 6))
          push(
            seg,
            loop,
            'ELEMENT_MISSING',
            'Provider signature indicator (CLM06) is required in an 837P: Y or N.',
            'CLM06',
          );
        if (!el(seg, 7) && prof)
          push(
            seg,
            loop,
            'ELEMENT_MISSING',
            'Assignment or plan participation code (CLM07) is required in an 837P: A, B or C.',
            'CLM07',
          );
        if (!prof && el(seg, 6))
          push(
            seg,
            loop,
            'ELEMENT_NOT_USED',
            'CLM06 (provider signature) is not used in an 837I; leave it empty.',
            'CLM06',
          );
        break;
      }
      case 'HI': {
        claimHasHi = true;
        for (let i = 1; i < seg.elements.length; i++) {
          const q = comp(seg, i, 1);
          if (!q) continue;
          if (q.length <= 3 && !HI_QUALIFIERS.has(q))
            push(
              seg,
              loop,
              'CODE_INVALID',
              `HI${i < 10 ? '0' : ''}${i}-1 code list qualifier "${q}" is not valid (e.g. ABK principal diagnosis, ABF other diagnosis).`,
              `HI${i < 10 ? '0' : ''}${i}-1`,
            );
          if (['ABK', 'BK', 'ABF', 'BF'].includes(q)) {
            diagnosisCount++;
            const code = comp(seg, i, 2);
            if (code.includes('.'))
              push(
                seg,
                loop,
                'DIAGNOSIS_DOT',
                `Diagnosis code "${code}" must be sent without the decimal point.`,
                `HI${i < 10 ? '0' : ''}${i}-2`,
              );
          }
          if (i === 1 && prof && !['ABK', 'BK'].includes(q) && ['ABF', 'BF'].includes(q))
            push(
              seg,
              loop,
              'PRINCIPAL_DIAGNOSIS_FIRST',
              'The first diagnosis on the claim must be the principal diagnosis (ABK).',
              'HI01-1',
            );
        }
        break;
      }
      case 'PWK': {
        const tcode = el(seg, 2);
        if (tcode && !PWK_TRANSMISSION_CODES.has(tcode))
          push(
            seg,
            loop,
            'CODE_INVALID',
            `Attachment transmission code "${tcode}" (PWK02) is not valid in 5010: use AA available on request, BM by mail, EL electronically, EM e-mail, FT file transfer or FX fax.`,
            'PWK02',
          );
        break;
      }
      case 'LX': {
        closeLine();
        lineSeg = seg;
        lineHasDtp472 = false;
        lineHasService = false;
        claimLines++;
        if (el(seg, 1) !== String(lxExpected))
          push(
            seg,
            loop,
            'LX_SEQUENCE',
            `Service line number LX01 "${el(seg, 1)}" should be ${lxExpected}: lines are numbered 1, 2, 3 … within each claim.`,
            'LX01',
          );
        lxExpected++;
        break;
      }
      case 'SV1':
      case 'SV2': {
        if (loop !== '2400') break;
        lineHasService = true;
        if ((seg.id === 'SV1') !== prof)
          push(
            seg,
            loop,
            'SEGMENT_WRONG_GUIDE',
            `${seg.id} does not belong in an ${prof ? '837P (use SV1)' : '837I (use SV2)'}.`,
          );
        const pIdx = prof ? 1 : 2;
        const q = comp(seg, pIdx, 1);
        const allowed = prof ? SERVICE_QUALIFIERS_837P : SERVICE_QUALIFIERS_837I;
        if (q && !allowed.has(q))
          push(
            seg,
            loop,
            'CODE_INVALID',
            `Procedure code qualifier "${q}" (${seg.id}0${pIdx}-1) is not valid here; use HC for CPT/HCPCS codes.`,
            `${seg.id}0${pIdx}-1`,
          );
        if (prof) {
          for (const p of comps(seg, 7)) {
            const n = Number(p);
            if (p && (!Number.isInteger(n) || n < 1 || n > Math.max(diagnosisCount, 1) || n > 12))
              push(
                seg,
                loop,
                'DIAGNOSIS_POINTER_INVALID',
                `Diagnosis pointer ${p} (SV107) does not point to one of the claim's ${diagnosisCount} diagnosis codes.`,
                'SV107',
              );
          }
          const pos = el(seg, 5);
          if (pos && !PLACE_OF_SERVICE.has(pos))
            push(
              seg,
              loop,
              'POS_INVALID',
              `Place of service "${pos}" (SV105) is not a CMS place-of-service code.`,
              'SV105',
            );
        } else if (!/^\d{4}$/.test(el(seg, 1))) {
          push(
            seg,
            loop,
            'REVENUE_CODE_INVALID',
            `Revenue code "${el(seg, 1)}" (SV201) must be the 4-digit NUBC revenue code (e.g. 0450).`,
            'SV201',
          );
        }
        break;
      }
      case 'DTP':
        if (loop === '2400' && el(seg, 1) === '472') lineHasDtp472 = true;
        break;
      case 'SBR':
        if (loop === '2000B' && currentHl) currentHl.sbr = seg;
        // 837P/837I IG 2000B and 2320 SBR09: the claim filing indicator is required.
        if (!el(seg, 9))
          push(
            seg,
            loop,
            'ELEMENT_MISSING',
            'Claim filing indicator (SBR09) is required: e.g. CI commercial, MB Medicare Part B, MC Medicaid, BL Blue Cross.',
            'SBR09',
          );
        if (loop === '2320' && !el(seg, 2))
          push(
            seg,
            loop,
            'ELEMENT_MISSING',
            "Relationship of the patient to the other payer's subscriber (SBR02) is required in loop 2320 (18 = self).",
            'SBR02',
          );
        break;
      case 'REF':
        break;
      default:
    }
  }
  closeClaim();
  const lastIds = currentNm1 && loopHas.get(currentNm1);
  if (currentNm1 && lastIds) {
    const ids = lastIds;
    if (!ids.has('N3'))
      push(
        currentNm1,
        '2010AA',
        'SEGMENT_MISSING',
        'The billing provider (2010AA) has no street address (N3).',
      );
    if (!ids.has('N4'))
      push(
        currentNm1,
        '2010AA',
        'SEGMENT_MISSING',
        'The billing provider (2010AA) has no city/state/ZIP (N4).',
      );
  }
  if (set.body.length === 0 || set.body[0].id !== 'BHT')
    push(
      set.body[0] ?? set.st,
      'HEADER',
      'SEGMENT_MISSING',
      'The 837 must start with a BHT beginning-of-hierarchical-transaction segment.',
    );
  if (!has1000A) push(set.st, '1000A', 'LOOP_MISSING', 'The submitter name loop (1000A, NM1*41) is missing.');
  else if (!has1000APer)
    push(set.st, '1000A', 'SEGMENT_MISSING', 'The submitter (1000A) has no contact (PER*IC).');
  if (!has1000B) push(set.st, '1000B', 'LOOP_MISSING', 'The receiver name loop (1000B, NM1*40) is missing.');

  // HL structure: every billing provider has a 2010AA; HL04 matches children; subscribers have 2010BA/BB.
  for (const [, h] of hl) {
    const hl04 = el(h.seg, 4);
    if (hl04 === '1' && h.children === 0)
      push(
        h.seg,
        h.level === '20' ? '2000A' : h.level === '22' ? '2000B' : '2000C',
        'HL_CHILD_CODE',
        'HL04 says this level has child levels, but none follow.',
        'HL04',
      );
    if (hl04 === '0' && h.children > 0)
      push(
        h.seg,
        h.level === '20' ? '2000A' : '2000B',
        'HL_CHILD_CODE',
        'HL04 says this level has no child levels, but some follow.',
        'HL04',
      );
    if (h.level === '22' && h.children === 0 && h.claims === 0)
      push(
        h.seg,
        '2000B',
        'LOOP_MISSING',
        'This subscriber level has neither claims nor patient levels under it.',
      );
    // 837 IG 2000B SBR02: 18 (self) when the subscriber is the patient; not sent when a patient level (2000C) follows.
    if (h.level === '22' && h.sbr) {
      const rel = el(h.sbr, 2);
      if (h.children === 0 && rel !== '18')
        push(
          h.sbr,
          '2000B',
          'SUBSCRIBER_RELATIONSHIP',
          'The subscriber is the patient here (no patient level 2000C follows), so SBR02 must be 18 (self).',
          'SBR02',
        );
      if (h.children > 0 && rel !== '')
        push(
          h.sbr,
          '2000B',
          'SUBSCRIBER_RELATIONSHIP',
          'A patient level (2000C) follows, so the patient is not the subscriber: leave SBR02 empty and give the relationship in PAT01.',
          'SBR02',
        );
    }
  }
  hlOrder = [];
  // Required loops per HL level, from the model read alongside.
  const firstClaimOfBilling = new Set<unknown>();
  for (const c of t.claims) {
    if (!firstClaimOfBilling.has(c.billingProvider)) {
      firstClaimOfBilling.add(c.billingProvider);
      if (!c.billingProvider.provider.name && !c.billingProvider.provider.id) {
        const hlSeg = [...hl.values()].find((h) => h.level === '20')?.seg;
        push(
          hlSeg,
          '2010AA',
          'LOOP_MISSING',
          'The billing provider name loop (2010AA, NM1*85) is missing: every claim needs a billing provider.',
        );
      }
    }
    if (!c.subscriber.person.name && !c.subscriber.person.id)
      push(
        undefined,
        '2010BA',
        'LOOP_MISSING',
        `Claim ${c.claimId}: the subscriber name loop (2010BA, NM1*IL) is missing.`,
      );
    if (!c.subscriber.payer.name && !c.subscriber.payer.id)
      push(
        undefined,
        '2010BB',
        'LOOP_MISSING',
        `Claim ${c.claimId}: the payer name loop (2010BB, NM1*PR) is missing.`,
      );
  }
  // Claim-level business rules.
  for (const { segment: seg } of read.located) {
    if (seg.id !== 'CLM') continue;
    const claim = t.claims.find((c) => c.claimId === el(seg, 1) && c.totalChargeCents !== undefined);
    if (!claim) continue;
    if ((claim.frequencyCode === '7' || claim.frequencyCode === '8') && !claim.payerClaimControlNumber) {
      push(
        seg,
        '2300',
        'PAYER_CLAIM_NUMBER_REQUIRED',
        `Claim ${claim.claimId} is a ${claim.frequencyCode === '7' ? 'replacement' : 'void'} (frequency ${claim.frequencyCode}) but has no payer claim control number (REF*F8) of the claim it corrects.`,
        'REF02',
      );
    }
    const lineTotal = claim.serviceLines.reduce((s, l) => s + l.chargeCents, 0);
    if (claim.serviceLines.length > 0 && lineTotal !== claim.totalChargeCents) {
      push(
        seg,
        '2300',
        'CLAIM_TOTAL_MISMATCH',
        `Claim ${claim.claimId} total charge ${(claim.totalChargeCents / 100).toFixed(2)} (CLM02) does not equal the sum of its line charges ${(lineTotal / 100).toFixed(2)}.`,
        'CLM02',
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 835

/** Push validator for one 835 (segments are checked as they pass; nothing is retained). */
function create835Validator(
  ctx: TransactionContext,
  issues: X12Issue[],
): { segment(seg: Segment): void; end(): void } {
  const push = pusher(issues);
  const reportBalancing = (balancing: BalancingError[]) => {
    for (const b of balancing) {
      issues.push({
        severity: 'error',
        code: `UNBALANCED_${b.level.toUpperCase()}`,
        message: b.message,
        segmentOrdinal: b.segmentOrdinal,
        segmentId: b.level === 'transaction' ? 'BPR' : b.level === 'claim' ? 'CLP' : 'SVC',
        loop: b.level === 'transaction' ? 'HEADER' : b.level === 'claim' ? '2100' : '2110',
        element: b.level === 'transaction' ? 'BPR02' : b.level === 'claim' ? 'CLP04' : 'SVC03',
      });
    }
  };
  let loop1000A: Segment | undefined;
  let perBl = false;
  let hasBpr = false;
  let hasTrn = false;
  let payee = false;
  const reader = new Remittance835Reader(
    {
      located: (seg, loop) => {
        checkSegmentElements(seg, { loop, issues });
        checkCommonRules(seg, loop, push);
        if (!SEGMENTS_835.has(seg.id))
          push(
            seg,
            loop,
            'SEGMENT_UNEXPECTED',
            `Segment ${seg.id} is not used in the 835 implementation guide; remove it.`,
          );
        if (seg.id === 'BPR') hasBpr = true;
        if (seg.id === 'TRN') hasTrn = true;
        if (seg.id === 'N1' && el(seg, 1) === 'PR') loop1000A = seg;
        if (seg.id === 'N1' && el(seg, 1) === 'PE') payee = true;
        if (seg.id === 'PER' && loop === '1000A' && el(seg, 1) === 'BL') perBl = true;
        if (seg.id === 'N1' && !['PR', 'PE'].includes(el(seg, 1)))
          push(
            seg,
            loop,
            'ENTITY_CODE_INVALID',
            `N101 "${el(seg, 1)}" is not valid: the 835 names the payer (PR) and the payee (PE).`,
            'N101',
          );
      },
      // Claim and line balancing arrive with each claim; the payment total with the transaction.
      claim: (_claim, _advice, balancing) => reportBalancing(balancing),
      transaction: (_advice, balancing) =>
        reportBalancing(balancing.filter((b) => b.level === 'transaction')),
    },
    { retainClaims: false },
  );
  reader.start(ctx);
  const st = ctx.st;
  return {
    segment: (seg) => reader.segment(seg),
    end: () => {
      reader.end();
      if (!hasBpr) push(st, 'HEADER', 'SEGMENT_MISSING', 'The 835 has no BPR payment segment.');
      if (!hasTrn)
        push(
          st,
          'HEADER',
          'SEGMENT_MISSING',
          'The 835 has no TRN reassociation trace number (check or EFT trace).',
        );
      if (!loop1000A)
        push(st, '1000A', 'LOOP_MISSING', 'The payer identification loop (1000A, N1*PR) is missing.');
      else if (!perBl)
        push(
          loop1000A,
          '1000A',
          'SEGMENT_MISSING',
          "The payer (1000A) has no technical contact (PER*BL); the 835 guide requires the payer's technical contact.",
        );
      if (!payee)
        push(st, '1000B', 'LOOP_MISSING', 'The payee identification loop (1000B, N1*PE) is missing.');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 999

function validate999(set: TransactionSet, issues: X12Issue[]): void {
  const push = pusher(issues);
  let state: 'start' | 'ak1' | 'ak2' | 'ik3' | 'ik5' | 'ak9' = 'start';
  let included = 0;
  let accepted = 0;
  let ak9: Segment | undefined;
  for (const seg of set.body) {
    const loop =
      seg.id === 'AK2' || seg.id === 'IK5'
        ? '2000'
        : seg.id === 'IK3' || seg.id === 'CTX'
          ? '2100'
          : seg.id === 'IK4'
            ? '2110'
            : 'HEADER';
    checkSegmentElements(seg, { loop, issues });
    switch (seg.id) {
      case 'AK1':
        if (state !== 'start') push(seg, loop, 'SEGMENT_ORDER', 'AK1 must be the first segment of the 999.');
        state = 'ak1';
        break;
      case 'AK2':
        if (state === 'start' || state === 'ak9')
          push(seg, loop, 'SEGMENT_ORDER', 'AK2 must follow AK1 (or the previous IK5) and come before AK9.');
        if (state === 'ak2' || state === 'ik3')
          push(
            seg,
            loop,
            'SEGMENT_MISSING',
            'The previous AK2 transaction response was not closed with IK5.',
          );
        included++;
        state = 'ak2';
        break;
      case 'IK3':
      case 'IK4':
      case 'CTX':
        if (state !== 'ak2' && state !== 'ik3')
          push(
            seg,
            loop,
            'SEGMENT_ORDER',
            `${seg.id} must sit inside an AK2 transaction response, before its IK5.`,
          );
        if (seg.id === 'IK3') state = 'ik3';
        break;
      case 'IK5':
        if (state !== 'ak2' && state !== 'ik3')
          push(seg, loop, 'SEGMENT_ORDER', 'IK5 must close an AK2 transaction response.');
        if (['A', 'E'].includes(el(seg, 1))) accepted++;
        state = 'ik5';
        break;
      case 'AK9':
        if (state === 'start' || state === 'ak2' || state === 'ik3')
          push(seg, loop, 'SEGMENT_ORDER', 'AK9 must come last, after every AK2…IK5 response.');
        ak9 = seg;
        state = 'ak9';
        break;
      default:
        push(seg, loop, 'SEGMENT_UNEXPECTED', `Segment ${seg.id} is not part of a 999 acknowledgment.`);
    }
  }
  if (!set.body.some((s) => s.id === 'AK1'))
    push(set.st, 'HEADER', 'SEGMENT_MISSING', 'The 999 has no AK1 (which functional group is acknowledged).');
  if (!ak9)
    push(set.st, 'HEADER', 'SEGMENT_MISSING', 'The 999 has no AK9 functional group response trailer.');
  else {
    if (el(ak9, 2) && Number(el(ak9, 2)) !== included && included > 0)
      push(
        ak9,
        'HEADER',
        'AK9_COUNT',
        `AK902 says ${el(ak9, 2)} transaction sets were included but the 999 responds to ${included} (AK2).`,
        'AK902',
      );
    if (el(ak9, 4) && included > 0 && Number(el(ak9, 4)) !== accepted)
      push(
        ak9,
        'HEADER',
        'AK9_COUNT',
        `AK904 says ${el(ak9, 4)} transaction sets were accepted but ${accepted} IK5 segments accept (A or E).`,
        'AK904',
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 277CA

/** Health care claim status category codes (code list 507). */
const STATUS_CATEGORY = /^(A[0-8]|D0|DR0[1-8]|E[0-4]|F[0-5]|F3F|F3N|P[0-5]|R(\d|1[0-6])|RQ)$/;

function validate277(set: TransactionSet, issues: X12Issue[]): void {
  const push = pusher(issues);
  const levels: Record<string, string> = { '20': '2000A', '21': '2000B', '19': '2000C', PT: '2000D' };
  let current: { seg: Segment; level: string; hasStc: boolean; hasTrn: boolean } | undefined;
  const close = () => {
    if (!current) return;
    const loop = levels[current.level] ?? '2000';
    if ((current.level === '21' || current.level === 'PT') && !current.hasStc) {
      push(
        current.seg,
        loop,
        'SEGMENT_MISSING',
        current.level === '21'
          ? 'The information receiver level (2000B/2200B) has no STC status segment; the 277CA guide requires the batch status.'
          : 'The patient claim level (2200D) has no STC claim status.',
      );
    }
    if ((current.level === '21' || current.level === 'PT') && !current.hasTrn)
      push(current.seg, loop, 'SEGMENT_MISSING', 'This level has no TRN trace number.');
  };
  const hlIds = new Set<string>();
  for (const seg of set.body) {
    const loop = current ? (levels[current.level] ?? '2000') : 'HEADER';
    checkSegmentElements(seg, { loop, issues });
    checkCommonRules(seg, loop, push);
    if (seg.id === 'HL') {
      close();
      const level = el(seg, 3);
      if (!levels[level])
        push(
          seg,
          loop,
          'HL_LEVEL_INVALID',
          `HL03 "${level}" is not a 277CA level (20 payer, 21 receiver, 19 provider, PT patient).`,
          'HL03',
        );
      if (el(seg, 2) && !hlIds.has(el(seg, 2)))
        push(seg, loop, 'HL_PARENT', `HL02 parent "${el(seg, 2)}" does not match any earlier HL.`, 'HL02');
      hlIds.add(el(seg, 1));
      current = { seg, level, hasStc: false, hasTrn: false };
    } else if (seg.id === 'STC' && current) {
      current.hasStc = true;
      // Code list 507 (claim status category) and 508 (claim status code, numeric).
      for (const n of [1, 10, 11]) {
        const category = comp(seg, n, 1);
        const status = comp(seg, n, 2);
        const ref = `STC${n < 10 ? '0' : ''}${n}`;
        if (category && !STATUS_CATEGORY.test(category))
          push(
            seg,
            levels[current.level] ?? '2000',
            'CODE_INVALID',
            `Claim status category "${category}" is not a code from list 507 (e.g. A1 received, A2 accepted, A3/A7 rejected).`,
            `${ref}-1`,
          );
        if (status && !/^\d{1,5}$/.test(status))
          push(
            seg,
            levels[current.level] ?? '2000',
            'CODE_INVALID',
            `Claim status code "${status}" is not a code from list 508 (numeric).`,
            `${ref}-2`,
          );
      }
    } else if (seg.id === 'TRN' && current) current.hasTrn = true;
  }
  close();
}

/** Issue list that counts every issue but keeps at most `max` (a broken multi-gigabyte file has millions). */
class IssueCollector extends Array<X12Issue> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  errors = 0;
  warnings = 0;
  max = Infinity;
  override push(...items: X12Issue[]): number {
    for (const i of items) {
      if (i.severity === 'error') this.errors++;
      else this.warnings++;
      if (this.length < this.max) super.push(i);
    }
    return this.length;
  }
}

export interface ValidateOptions {
  /** Keep at most this many issues (all are still counted). Default: all. */
  maxIssues?: number;
}

/**
 * Validates a file against the envelope rules and the implementation guide of each transaction set:
 * 837P (X222A1), 837I (X223A2), 835 (X221A1), 999 (X231A1), 277CA (X214). Push-based: `write` chunks,
 * then `end`. An 835 is checked as it streams; other transaction sets are held one at a time.
 */
export class X12Validator {
  private readonly issues = new IssueCollector();
  private readonly tokenizer: X12Tokenizer;
  private readonly envelope: EnvelopeReader;
  private readonly transactions: ValidationResult['transactions'] = [];
  private body: Segment[] | undefined;
  private v835: { segment(seg: Segment): void; end(): void } | undefined;

  constructor(options: ValidateOptions = {}) {
    this.issues.max = options.maxIssues ?? Infinity;
    const issues = this.issues;
    this.envelope = new EnvelopeReader({
      issue: (i) => issues.push(i),
      transactionStart: (ctx) => this.start(ctx),
      segment: (seg) => {
        if (this.v835) this.v835.segment(seg);
        else this.body?.push(seg);
      },
      transactionEnd: (ctx, se) => this.finish(ctx, se),
    });
    this.tokenizer = new X12Tokenizer({
      segment: (s) => this.envelope.segment(s),
      issue: (i) => issues.push(i),
    });
  }

  write(chunk: Uint8Array | string): void {
    this.tokenizer.write(chunk);
  }

  end(): ValidationResult {
    this.tokenizer.end();
    this.envelope.end();
    const issues = [...this.issues].sort((a, b) => (a.segmentOrdinal ?? 0) - (b.segmentOrdinal ?? 0));
    return {
      issues,
      errors: this.issues.errors,
      warnings: this.issues.warnings,
      transactions: this.transactions,
    };
  }

  private start(ctx: TransactionContext): void {
    const issues = this.issues;
    const st = ctx.st;
    const ref = ctx.transaction.implementationReference;
    this.transactions.push({
      id: ctx.transaction.id,
      controlNumber: ctx.transaction.controlNumber,
      implementationReference: ref,
    });
    this.body = undefined;
    this.v835 = undefined;
    if (ctx.group.version && !ctx.group.version.startsWith('00501')) {
      issues.push({
        severity: 'error',
        code: 'VERSION_UNSUPPORTED',
        message: `GS08 "${ctx.group.version}" is not a 5010 version.`,
        segmentOrdinal: st.ordinal,
        segmentId: 'ST',
        offset: st.offset,
        loop: 'GS',
      });
    }
    switch (ctx.transaction.id) {
      case '837':
        if (!kindOf(ref)) {
          issues.push({
            severity: 'error',
            code: 'GUIDE_UNKNOWN',
            message: `Implementation guide "${ref}" is not supported: use 005010X222A1 (837P) or 005010X223A2 (837I).`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            offset: st.offset,
            element: 'ST03',
            loop: 'ST',
          });
          return;
        }
        this.body = [];
        return;
      case '835':
        if (ref !== '005010X221A1')
          issues.push({
            severity: 'error',
            code: 'GUIDE_UNKNOWN',
            message: `835 implementation guide "${ref}" is not 005010X221A1.`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            element: 'ST03',
            loop: 'ST',
          });
        this.v835 = create835Validator(ctx, issues);
        return;
      case '999':
        if (ref !== '005010X231A1')
          issues.push({
            severity: 'warning',
            code: 'GUIDE_BASE',
            message: `999 implementation reference "${ref}" is not 005010X231A1 (the HIPAA 999 guide); read with the base rules.`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            element: 'ST03',
            loop: 'ST',
          });
        this.body = [];
        return;
      case '277':
        this.body = [];
        return;
      default:
        issues.push({
          severity: 'warning',
          code: 'TRANSACTION_NOT_VALIDATED',
          message: `Transaction set ${ctx.transaction.id} is read but not validated against a guide.`,
          segmentOrdinal: st.ordinal,
          segmentId: 'ST',
          element: 'ST01',
        });
    }
  }

  private finish(ctx: TransactionContext, se: Segment | undefined): void {
    const issues = this.issues;
    if (this.v835) {
      this.v835.end();
      this.v835 = undefined;
      return;
    }
    const body = this.body;
    this.body = undefined;
    if (!body) return;
    const set: TransactionSet = {
      interchange: ctx.interchange,
      group: ctx.group,
      header: ctx.transaction,
      st: ctx.st,
      se,
      body,
    };
    if (ctx.transaction.id === '837') validate837(read837Transaction(set, issues), issues);
    else if (ctx.transaction.id === '999') validate999(set, issues);
    else if (ctx.transaction.id === '277') validate277(set, issues);
  }
}

/** Validates an in-memory file (see `X12Validator`). */
export function validateX12(input: Uint8Array | string, options: ValidateOptions = {}): ValidationResult {
  const v = new X12Validator(options);
  v.write(input);
  return v.end();
}

/** Validates a stream of chunks (e.g. fs.createReadStream) in bounded memory. */
export async function validateX12Stream(
  source: AsyncIterable<Uint8Array | string>,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const v = new X12Validator(options);
  for await (const chunk of source) v.write(chunk);
  return v.end();
}
