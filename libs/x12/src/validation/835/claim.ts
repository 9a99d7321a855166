import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import { CLAIM_STATUS_835 } from '../codes';
import type { ElementSpec } from '../elements';
import { codes, specsWith } from './specs';
import type { Walk835 } from './walk';

/**
 * 835 IG 2100 CLP06 claim filing indicator: the 835's own list (narrower than the 837's SBR09: no 11, BL,
 * CI, FI). CLP07 payer claim control number is required (a replacement or void 837 quotes it in REF*F8).
 */
const CLP = specsWith('CLP', {
  '2': { codes: CLAIM_STATUS_835 },
  '6': { codes: codes('12 13 14 15 16 17 AM CH DS HM LM MA MB MC OF TV VA WC ZZ') },
  '7': { required: true },
});

const PAYER_ID = codes('AD FI NI PI PP XV');
/**
 * 835 IG 2100 NM1 per entity: QC patient, IL insured, 74 corrected patient/insured, 82 rendering provider,
 * TT crossover carrier, PR corrected priority payer, GB other subscriber — each with its NM102 and NM108.
 */
const CLAIM_NM1: Record<string, ElementSpec[]> = {
  QC: specsWith('NM1', { '2': { codes: codes('1') }, '8': { codes: codes('34 HN II MI MR') } }),
  IL: specsWith('NM1', { '8': { codes: codes('FI II MI'), required: true }, '9': { required: true } }),
  '74': specsWith('NM1', { '8': { codes: codes('C') } }),
  '82': specsWith('NM1', {
    '8': { codes: codes('BD BS FI MC PC SL UP XX'), required: true },
    '9': { required: true },
  }),
  TT: specsWith('NM1', {
    '2': { codes: codes('2') },
    '3': { required: true },
    '8': { codes: PAYER_ID, required: true },
    '9': { required: true },
  }),
  PR: specsWith('NM1', {
    '2': { codes: codes('2') },
    '3': { required: true },
    '8': { codes: PAYER_ID, required: true },
    '9': { required: true },
  }),
  GB: specsWith('NM1', { '8': { codes: codes('FI II MI') } }),
};

/**
 * 835 IG 2100 REF: other claim related identification (1L 1W 28 6P 9A 9C BB CE EA F8 G1 G3 IG SY) and
 * rendering provider identification (0B 1A 1B 1C 1D 1G 1H 1J D3 G2 LU).
 */
export const OTHER_CLAIM_REFS = codes('1L 1W 28 6P 9A 9C BB CE EA F8 G1 G3 IG SY');
export const RENDERING_PROVIDER_REFS_2100 = codes('0B 1A 1B 1C 1D 1G 1H 1J D3 G2 LU');
const CLAIM_REF = specsWith('REF', {
  '1': { codes: new Set([...OTHER_CLAIM_REFS, ...RENDERING_PROVIDER_REFS_2100]) },
});
/** 835 IG 2100 DTM01: 232/233 statement from/to, 036 coverage expiration, 050 claim received. */
const CLAIM_DTM = specsWith('DTM', { '1': { codes: codes('036 050 232 233') } });
/** 835 IG 2100 PER: CX claim contact. */
const CLAIM_PER = specsWith('PER', {
  '1': { codes: codes('CX') },
  '3': { codes: codes('EM FX TE') },
  '5': { codes: codes('EM EX FX TE') },
  '7': { codes: codes('EX') },
});
/** 835 IG 2100 AMT01 claim supplemental amounts. */
const CLAIM_AMT = specsWith('AMT', { '1': { codes: codes('AU D8 DY F5 I NL T T2 ZK ZL ZM ZN ZO') } });

/** QTY is used only by the 835: QTY01 qualifier and QTY02 quantity (X12 element 673, 380). */
export function quantitySpecs(qualifiers: ReadonlySet<string>): ElementSpec[] {
  return [
    { usage: 'M', type: 'ID', min: 2, max: 2, name: 'Quantity Qualifier', codes: qualifiers },
    { usage: 'M', type: 'R', min: 1, max: 15, name: 'Quantity' },
  ];
}
/** 835 IG 2100 QTY01 claim supplemental quantities. */
const CLAIM_QTY = quantitySpecs(codes('CA CD LA LE NE NR OU PS VS ZK ZL ZM ZN ZO'));

const ENTITIES = Object.keys(CLAIM_NM1).join(', ');

export function claimSpecs(seg: Segment): ElementSpec[] | undefined {
  switch (seg.id) {
    case 'CLP':
      return CLP;
    case 'NM1':
      return CLAIM_NM1[el(seg, 1)];
    case 'REF':
      return CLAIM_REF;
    case 'DTM':
      return CLAIM_DTM;
    case 'PER':
      return CLAIM_PER;
    case 'AMT':
      return CLAIM_AMT;
    case 'QTY':
      return CLAIM_QTY;
    default:
      return undefined;
  }
}

export function checkClaimSegment(walk: Walk835, seg: Segment, loop: string): void {
  if (seg.id === 'CLP') {
    closeClaim(walk);
    walk.claim = { clp: seg, hasPatient: false };
    return;
  }
  if (seg.id !== 'NM1') return;
  const entity = el(seg, 1);
  if (loop !== '2100') {
    walk.push(
      seg,
      loop,
      'SEGMENT_UNEXPECTED',
      `NM1 "${entity}" is not used in loop ${loop}: the 835 names people and providers only in the claim loop 2100.`,
    );
    return;
  }
  if (entity === 'QC' && walk.claim) walk.claim.hasPatient = true;
  if (!CLAIM_NM1[entity])
    walk.push(
      seg,
      loop,
      'ENTITY_CODE_INVALID',
      `NM1 entity identifier "${entity}" is not used in an 835 claim (2100): use one of ${ENTITIES}.`,
      'NM101',
    );
}

/** 835 IG 2100: the patient name (NM1*QC) is required in every claim. */
export function closeClaim(walk: Walk835): void {
  const c = walk.claim;
  walk.claim = undefined;
  if (c && !c.hasPatient)
    walk.push(
      c.clp,
      '2100',
      'SEGMENT_MISSING',
      `Claim ${el(c.clp, 1)} has no patient name (NM1*QC); the 835 guide requires it in every claim.`,
    );
}
