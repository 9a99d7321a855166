import type { Segment } from '../../tokenizer/segment';
import type { ElementSpec } from '../elements';
import { quantitySpecs } from './claim';
import { codes, specsWith } from './specs';

/** 835 IG 2110 SVC01-1 adjudicated and SVC06-1 submitted procedure qualifiers (N6, UI only in SVC01). */
const SVC = specsWith('SVC', {
  '1-1': { codes: codes('AD ER HC HP IV N4 N6 NU UI WK') },
  '6-1': { codes: codes('AD ER HC HP IV N4 NU WK') },
});
/** 835 IG 2110 DTM01: 472 service date, 150/151 service period start/end. */
const LINE_DTM = specsWith('DTM', { '1': { codes: codes('150 151 472') } });
/**
 * 835 IG 2110 REF: service identification (1S APC BB E9 G1 G3 LU RB), line item control number (6R),
 * rendering provider information (0B 1A 1B 1C 1D 1G 1H 1J D3 G2 HPI SY TJ), healthcare policy (0K).
 */
export const SERVICE_IDENTIFICATION_REFS = codes('1S APC BB E9 G1 G3 LU RB');
export const RENDERING_PROVIDER_REFS_2110 = codes('0B 1A 1B 1C 1D 1G 1H 1J D3 G2 HPI SY TJ');
const LINE_REF = specsWith('REF', {
  '1': {
    codes: new Set([...SERVICE_IDENTIFICATION_REFS, '6R', ...RENDERING_PROVIDER_REFS_2110, '0K']),
  },
});
/** 835 IG 2110 AMT01: B6 allowed, KH late filing reduction, T/T2 tax, ZK–ZO federal mandate categories. */
const LINE_AMT = specsWith('AMT', { '1': { codes: codes('B6 KH T T2 ZK ZL ZM ZN ZO') } });
/** 835 IG 2110 QTY01: ZK–ZO federal mandate categories. */
const LINE_QTY = quantitySpecs(codes('ZK ZL ZM ZN ZO'));
/** 835 IG 2110 LQ01: HE claim payment remark codes (RARC), RX NCPDP reject/payment codes. */
const LQ = specsWith('LQ', { '1': { codes: codes('HE RX') } });

export function serviceLineSpecs(seg: Segment): ElementSpec[] | undefined {
  switch (seg.id) {
    case 'SVC':
      return SVC;
    case 'DTM':
      return LINE_DTM;
    case 'REF':
      return LINE_REF;
    case 'AMT':
      return LINE_AMT;
    case 'QTY':
      return LINE_QTY;
    case 'LQ':
      return LQ;
    default:
      return undefined;
  }
}
