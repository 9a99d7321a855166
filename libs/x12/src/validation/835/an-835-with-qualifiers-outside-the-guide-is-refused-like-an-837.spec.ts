import * as fs from 'node:fs';
import * as path from 'node:path';
import type { X12Issue } from '../../common/issue';
import { validateX12 } from '../validate';

/** A clean X221A1 example (stupidedi, BSD-3): 3 claims, dental lines, one check. */
const BASE = fs
  .readFileSync(
    path.join(__dirname, '..', '..', '__fixtures__', 'stupidedi__multiple-claims-single-check.edi'),
    'latin1',
  )
  .split('~')
  .map((s) => s.replace(/^\s+/, ''))
  .filter((s) => s !== '');

/** Replaces the first segment equal to `from` (or inserts after it, with `insert`), and sets SE01 again. */
function edited(edits: [from: string, ...to: string[]][]): string {
  const segments = [...BASE];
  for (const [from, ...to] of edits) {
    const i = segments.indexOf(from);
    if (i < 0) throw new Error(`base has no segment ${from}`);
    segments.splice(i, 1, ...to);
  }
  const st = segments.findIndex((s) => s.startsWith('ST*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  segments[se] = segments[se].replace(/^SE\*\d+/, `SE*${se - st + 1}`);
  return segments.map((s) => `${s}~`).join('\n');
}

const errors = (text: string, options = {}): X12Issue[] =>
  validateX12(text, options).issues.filter((i) => i.severity === 'error');
const located = (i: X12Issue) => ({
  code: i.code,
  segmentId: i.segmentId,
  loop: i.loop,
  element: i.element,
  segmentOrdinal: i.segmentOrdinal,
});
/** Ordinal of a base segment in the file (ISA = 1). */
const ordinal = (segment: string) => BASE.indexOf(segment) + 1;

describe('835 code values are checked against the 005010X221A1 lists, per loop, with a located issue', () => {
  it('the base example is clean', () => {
    expect(errors(edited([]))).toEqual([]);
  });

  it.each([
    [
      'BPR01 handling code',
      'BPR*I*810.8*C*CHK************20140331',
      'BPR*Q*810.8*C*CHK************20140331',
      'BPR01',
    ],
    ['TRN01 trace type', 'TRN*1*12345*1512345678', 'TRN*3*12345*1512345678', 'TRN01'],
    ['header REF qualifier (EV/F2)', 'REF*EV*XYZ CLEARINGHOUSE', 'REF*2U*XYZ CLEARINGHOUSE', 'REF01'],
    [
      'CLP02 claim status',
      'CLP*7722337*1*226*132**12*119932404007801',
      'CLP*7722337*5*226*132**12*119932404007801',
      'CLP02',
    ],
    [
      'CLP06 filing indicator outside the 835 list',
      'CLP*7722337*1*226*132**12*119932404007801',
      'CLP*7722337*1*226*132**CI*119932404007801',
      'CLP06',
    ],
    ['2100 AMT qualifier', 'AMT*AU*132', 'AMT*B6*132', 'AMT01'],
    ['2110 DTM qualifier', 'DTM*472*20140324', 'DTM*232*20140324', 'DTM01'],
    ['2110 AMT qualifier', 'AMT*B6*25', 'AMT*AU*25', 'AMT01'],
    ['CAS group CR (removed in 5010)', 'CAS*CO*131*21', 'CAS*CR*131*21', 'CAS01'],
    [
      '2100 NM1*QC id qualifier',
      'NM1*QC*1*DOE*SANDY****MI*SJD11112',
      'NM1*QC*1*DOE*SANDY****XX*SJD11112',
      'NM108',
    ],
    [
      '2100 NM1*82 id qualifier',
      'NM1*82*1*BAN*ERIN****XX*1811901945',
      'NM1*82*1*BAN*ERIN****MI*1811901945',
      'NM108',
    ],
  ])('%s', (_name, from, to, element) => {
    const found = errors(edited([[from, to]]));
    expect(found.map(located)).toEqual([
      expect.objectContaining({ code: 'CODE_INVALID', element, segmentOrdinal: ordinal(from) }),
    ]);
    expect(found[0].message).toContain(`(${element})`);
  });

  it('reports each REF qualifier against its own loop: header, 1000A, 1000B, 2100, 2110', () => {
    const text = edited([
      ['REF*EV*XYZ CLEARINGHOUSE', 'REF*F2*1', 'REF*TJ*1'],
      ['PER*BL*JANE DOE*TE*9005555555', 'PER*BL*JANE DOE*TE*9005555555', 'REF*2U*P1', 'REF*PQ*P2'],
      ['N1*PE*BAN DDS LLC*FI*999994703', 'N1*PE*BAN DDS LLC*FI*999994703', 'REF*TJ*999994703', 'REF*2U*X'],
      ['AMT*AU*132', 'REF*F8*ORIG1', 'REF*6R*L1', 'AMT*AU*132'],
      ['AMT*B6*25', 'AMT*B6*25', 'REF*6R*L1', 'REF*F8*ORIG1'],
    ]);
    const refs = errors(text).map((i) => [i.code, i.loop, i.element]);
    expect(refs).toEqual([
      ['CODE_INVALID', 'HEADER', 'REF01'],
      ['CODE_INVALID', '1000A', 'REF01'],
      ['CODE_INVALID', '1000B', 'REF01'],
      ['CODE_INVALID', '2100', 'REF01'],
      ['CODE_INVALID', '2110', 'REF01'],
    ]);
  });

  it('an NM1 entity the 835 claim does not use, and one outside the claim loop', () => {
    const text = edited([
      ['NM1*82*1*BAN*ERIN****XX*1811901945', 'NM1*85*1*BAN*ERIN****XX*1811901945'],
      ['PER*BL*JANE DOE*TE*9005555555', 'PER*BL*JANE DOE*TE*9005555555', 'NM1*QC*1*DOE'],
    ]);
    expect(errors(text).map((i) => [i.code, i.segmentId, i.loop, i.element])).toEqual([
      ['SEGMENT_UNEXPECTED', 'NM1', '1000A', undefined],
      ['ENTITY_CODE_INVALID', 'NM1', '2100', 'NM101'],
    ]);
  });

  it('an N1 without its id-code qualifier: required in 1000B, paired in 1000A', () => {
    const text = edited([
      ['N1*PR*DENTAL OF ABC', 'N1*PR*DENTAL OF ABC**12345'],
      ['N1*PE*BAN DDS LLC*FI*999994703', 'N1*PE*BAN DDS LLC**999994703'],
    ]);
    expect(errors(text).map((i) => [i.code, i.loop, i.element])).toEqual([
      ['ELEMENT_MISSING', '1000A', 'N103'],
      ['ELEMENT_MISSING', '1000B', 'N103'],
    ]);
    expect(errors(edited([['N1*PE*BAN DDS LLC*FI*999994703', 'N1*PE*BAN DDS LLC*ZZ*999994703']]))).toEqual([
      expect.objectContaining({ code: 'CODE_INVALID', loop: '1000B', element: 'N103' }),
    ]);
  });

  it('BPR bank qualifiers (06/08/12/14), the payer id TRN03 and CLP07 are checked', () => {
    const text = edited([
      [
        'BPR*I*810.8*C*CHK************20140331',
        'BPR*I*810.8*C*ACH*CCP*09*999999992*SG*100200300*1512345678**01*999988880*CK*7000*20140331',
      ],
      ['TRN*1*12345*1512345678', 'TRN*1*12345'],
      ['CLP*7722337*1*226*132**12*119932404007801', 'CLP*7722337*1*226*132**12'],
    ]);
    expect(errors(text).map((i) => [i.code, i.element])).toEqual([
      ['CODE_INVALID', 'BPR06'],
      ['CODE_INVALID', 'BPR08'],
      ['CODE_INVALID', 'BPR14'],
      ['ELEMENT_MISSING', 'TRN03'],
      ['ELEMENT_MISSING', 'CLP07'],
    ]);
  });

  it('QTY, LQ and PLB reason codes, and LQ outside the service line', () => {
    const text = edited([
      ['AMT*AU*132', 'AMT*AU*132', 'QTY*XX*1', 'LQ*HE*N130'],
      ['AMT*B6*25', 'AMT*B6*25', 'QTY*CA*2', 'LQ*ZZ*N130'],
      [
        'SE*' + BASE.find((s) => s.startsWith('SE*'))!.slice(3),
        'PLB*1811901945*20141231*ZZ:X*0',
        'SE*1*35681',
      ],
    ]);
    expect(errors(text).map((i) => [i.code, i.segmentId, i.loop, i.element])).toEqual([
      ['CODE_INVALID', 'QTY', '2100', 'QTY01'],
      ['SEGMENT_UNEXPECTED', 'LQ', '2100', undefined],
      ['CODE_INVALID', 'QTY', '2110', 'QTY01'],
      ['CODE_INVALID', 'LQ', '2110', 'LQ01'],
      ['CODE_INVALID', 'PLB', 'SUMMARY', 'PLB03-1'],
    ]);
  });

  it('a claim without its patient (NM1*QC) is reported at its CLP', () => {
    const found = errors(edited([['NM1*QC*1*DOE*SANDY****MI*SJD11112']]));
    expect(found.map(located)).toEqual([
      {
        code: 'SEGMENT_MISSING',
        segmentId: 'CLP',
        loop: '2100',
        element: undefined,
        segmentOrdinal: ordinal('CLP*7722337*1*226*132**12*119932404007801'),
      },
    ]);
    expect(found[0].missingSegmentId).toBe('NM1');
  });

  it('CAS reason codes are checked against the CARC list the caller passes', () => {
    const text = edited([['CAS*CO*131*21', 'CAS*CO*131*20*1*Q99*1']]);
    expect(errors(text)).toEqual([]);
    const carc = new Set(['1', '2', '3', '45', '131']);
    expect(errors(text, { adjustmentReasons: carc }).map(located)).toEqual([
      expect.objectContaining({
        code: 'CODE_INVALID',
        loop: '2110',
        element: 'CAS05',
        segmentOrdinal: ordinal('CAS*CO*131*21'),
      }),
    ]);
  });

  it('remark codes (LQ*HE, MOA) are checked against the RARC list the caller passes; LQ*RX is not', () => {
    const text = edited([
      ['AMT*AU*132', 'MOA***MA02*ZZ999', 'AMT*AU*132'],
      ['AMT*B6*25', 'AMT*B6*25', 'LQ*HE*N130', 'LQ*HE*Q1234', 'LQ*RX*Q1234'],
    ]);
    expect(errors(text)).toEqual([]);
    const rarc = new Set(['MA02', 'N130']);
    expect(errors(text, { remarkCodes: rarc }).map((i) => [i.code, i.segmentId, i.loop, i.element])).toEqual([
      ['CODE_INVALID', 'MOA', '2100', 'MOA04'],
      ['CODE_INVALID', 'LQ', '2110', 'LQ02'],
    ]);
  });

  it("segments repeated beyond the guide's max use in their loop are located at the first one too many", () => {
    const text = edited([
      ['NM1*QC*1*DOE*SANDY****MI*SJD11112', 'NM1*QC*1*DOE*SANDY****MI*SJD11112', 'NM1*QC*1*DOE*SANDY'],
      ['DTM*472*20140324', 'DTM*150*20140324', 'DTM*151*20140324', 'DTM*472*20140324'],
    ]);
    expect(errors(text).map((i) => [i.code, i.segmentId, i.loop, i.message])).toEqual([
      [
        'SEGMENT_REPEATS',
        'NM1',
        '2100',
        'Segment NM1*QC appears more than 1 time in loop 2100; at most 1 allowed.',
      ],
      [
        'SEGMENT_REPEATS',
        'DTM',
        '2110',
        'Segment DTM appears more than 2 times in loop 2110; at most 2 allowed.',
      ],
    ]);
    // A second claim starts its own count.
    expect(errors(edited([]))).toEqual([]);
  });

  it('RDM: its transmission code in 1000B, and once only where it belongs', () => {
    const text = edited([
      ['N1*PE*BAN DDS LLC*FI*999994703', 'N1*PE*BAN DDS LLC*FI*999994703', 'RDM*XX'],
      ['AMT*AU*132', 'AMT*AU*132', 'RDM*EM*BILLING*B@EXAMPLE.COM'],
    ]);
    expect(errors(text).map((i) => [i.code, i.segmentId, i.loop, i.element])).toEqual([
      ['CODE_INVALID', 'RDM', '1000B', 'RDM01'],
      ['SEGMENT_UNEXPECTED', 'RDM', '2100', undefined],
    ]);
  });
});
