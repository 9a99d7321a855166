import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateX12 } from './validate';
import { parse835 } from '../835/reader';
import { pyx12Verdicts, readCorpus } from '../test/x12-corpus';

/**
 * libs/x12/fixtures/VALIDATION.md records what pyx12 (an independent HIPAA validator) says of each
 * fixture. Our validator must pass what it passes and report the defects it names in the others.
 */
const verdicts = pyx12Verdicts();

/**
 * Files pyx12 fails for reasons VALIDATION.md itself attributes to pyx12, not to the file: we follow the
 * guide and accept them (documented in libs/x12/README.md).
 */
const PYX12_LIMITATIONS = new Map([
  ['999/staedi__simple999.edi', 'pyx12 does not match CTX composites that use the repetition separator'],
  [
    '999/stupidedi__response-to-functional-group-containing-3-837s.edi',
    'the X231A1 guide allows a segment-context CTX plus a business-unit CTX under one IK3',
  ],
  [
    '277ca/imsweb__x12_277CA_rejected.txt',
    'pyx12 reports the 2000B STC missing, but the file has STC*A1 in 2200B; we report only its 9-digit NPI (warning)',
  ],
]);

/** The defect(s) VALIDATION.md names for each failing file, as our issue codes (element where it matters). */
const NAMED_DEFECTS: Record<string, string[]> = {
  '837p/imsweb__x12_complex.txt': ['ELEMENT_MISSING@HI01-2', 'STATE_INVALID@N402'],
  '837p/imsweb__x12_many_claims.txt': ['ELEMENT_MISSING@HI01-2', 'LX_SEQUENCE@LX01'],
  '837p/imsweb__x12_multiple_gs.txt': [
    'ELEMENT_MISSING@HI01-2',
    'ELEMENT_MISSING@HI02-2',
    'ELEMENT_MISSING@HI03-2',
  ],
  '837p/imsweb__x12_multiple_isa.txt': ['ELEMENT_MISSING@HI01-2'],
  '837p/imsweb__x12_multiple_st.txt': ['ELEMENT_MISSING@HI01-2'],
  '837p/imsweb__x12_multiple_transactions.txt': ['ELEMENT_MISSING@HI01-2'],
  '837p/imsweb__x12_no_errors.txt': ['ELEMENT_MISSING@HI01-2'],
  '837p/imsweb__x12_valid.txt': ['ELEMENT_MISSING@HI01-2', 'SE_COUNT@SE01', 'LX_SEQUENCE@LX01'],
  '837p/imsweb__x12_valid_different_separators.txt': ['ELEMENT_MISSING@HI01-2', 'SE_COUNT@SE01'],
  '837p/imsweb__x12_writer_test.txt': ['SE_COUNT@SE01', 'TRAILING_SEPARATOR'],
  '837p/oopfactory__MedicaidExample.txt': ['LEADING_WHITESPACE'],
  '837p/oopfactory__ST1309-XX.txt': ['LEADING_WHITESPACE', 'SEGMENT_UNTERMINATED'],
  '837p/stupidedi__oxygen.edi': ['CODE_INVALID@PWK02'],
  '837p/stupidedi__wheelchair.edi': ['CODE_INVALID@PWK02'],
  '837i/imsweb__x223-test.txt': [
    'LEADING_WHITESPACE',
    'SE_COUNT@SE01',
    'CODE_INVALID@CLM05-2',
    'ZIP9_REQUIRED@N403',
  ],
  '837i/stupidedi__837-institutional-claim.edi': ['ZIP9_REQUIRED@N403'],
  '837i/stupidedi__automobile-accident.edi': ['ZIP9_REQUIRED@N403'],
  '837i/stupidedi__two-claims-for-the-same-provider.edi': ['ZIP9_REQUIRED@N403'],
  '835/edi835parser__united_healthcare_legacy_sample.txt': ['STATE_INVALID@N402'],
  '835/lfh__cob-contractural-adjustment.835': [
    'SEGMENT_MISSING',
    'ELEMENT_MISSING@BPR16',
    'CODE_INVALID@SVC01-1',
  ],
  '835/lfh__managed-care.835': ['SEGMENT_MISSING', 'DATE_INVALID@BPR16'],
  '835/lfh__medicare-part-a.835': ['SEGMENT_MISSING', 'ELEMENT_NOT_USED@TS309', 'ELEMENT_NOT_USED@TS311'],
  '835/lfh__secondary-payment.835': ['SEGMENT_MISSING', 'CODE_INVALID@SVC01-1'],
  '835/lfh__tertiary-payment.835': ['SEGMENT_MISSING', 'ELEMENT_MISSING@BPR16'],
  '835/oopfactory__835_WithMultipleInterchanges.txt': ['LEADING_WHITESPACE'],
  '835/oopfactory__ExampleFromNth.txt': ['LEADING_WHITESPACE'],
  '835/tastypackets__profee-multiple.edi': ['ISA13_DUPLICATE@ISA13'],
  '999/imsweb__x12_999_accepted.txt': ['TIME_INVALID@GS05', 'IEA_CONTROL_MISMATCH@IEA02'],
  '999/oopfactory__DHS_Wisconsin_Sample.txt': ['LEADING_WHITESPACE'],
  '277ca/imsweb__x12_277CA_accepted.txt': ['DATE_INVALID@DTP03'],
  '277ca/oopfactory__277_Deidentified_from_nth.txt': ['LEADING_WHITESPACE', 'CODE_INVALID@STC01-1'],
  '277ca/oopfactory__FromAlexbrodsky.txt': ['LEADING_WHITESPACE'],
  '277ca/oopfactory__FromBogeyone.txt': ['LEADING_WHITESPACE', 'SE_MISSING'],
  'negative/imsweb__x12_bad_valid_code.txt': ['LOOP_MISSING', 'ELEMENT_MISSING@HI01-2'],
  'negative/imsweb__x12_loop_errors3_missing_loops.txt': ['LOOP_MISSING', 'ELEMENT_TOO_LONG@HI02-1'],
  'negative/imsweb__x12_missing_elements.txt': [
    'ELEMENT_MISSING@HI01-2',
    'ELEMENT_MISSING@HI02-2',
    'ELEMENT_MISSING@HI03-2',
  ],
  'negative/imsweb__x12_segment_errors.txt': ['SEGMENT_MISSING', 'SEGMENT_REPEATS'],
  'negative/imsweb__x12_segments_out_of_order.txt': ['ELEMENT_MISSING@HI01-2'],
  'negative/oopfactory__FromLatitude81uk.txt': ['ISA_WIDTH'],
  'negative/staedi__invalid999.edi': ['SEGMENT_ORDER', 'SE_COUNT@SE01'],
};

describe('validator verdicts agree with pyx12 on the vendored corpus (libs/x12/fixtures)', () => {
  const entries = [...verdicts.entries()];

  it('knows every fixture VALIDATION.md judged', () => {
    expect(entries.length).toBe(74);
  });

  it.each(entries.filter(([, v]) => v === 'PASS'))('%s (pyx12 PASS) has no errors', (name) => {
    const [folder, file] = name.split('/');
    const r = validateX12(readCorpus(folder, file));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it.each(entries.filter(([name, v]) => v === 'FAIL' && !PYX12_LIMITATIONS.has(name)))(
    '%s (pyx12 FAIL) reports the defects pyx12 names',
    (name) => {
      const [folder, file] = name.split('/');
      const r = validateX12(readCorpus(folder, file));
      expect(r.errors).toBeGreaterThan(0);
      const found = new Set(r.issues.flatMap((i) => [i.code, `${i.code}@${i.element ?? ''}`]));
      const named = NAMED_DEFECTS[name];
      expect(named).toBeDefined();
      for (const defect of named ?? []) expect([...found]).toContain(defect);
      // Every error is located.
      for (const i of r.issues)
        expect(i.segmentOrdinal !== undefined || i.offset !== undefined || i.loop !== undefined).toBe(true);
    },
  );

  it.each([...PYX12_LIMITATIONS.entries()])(
    '%s: pyx12 fails it for a reason we do not follow (%s)',
    (name) => {
      const [folder, file] = name.split('/');
      expect(validateX12(readCorpus(folder, file)).errors).toBe(0);
    },
  );
});

describe('validator on the copied fixtures (self-contained)', () => {
  const dir = path.join(__dirname, '..', '__fixtures__');
  const read = (f: string) => fs.readFileSync(path.join(dir, f));

  it('passes clean TR3 examples', () => {
    for (const f of [
      'stupidedi__COB-claim-from-billing-provider-to-payer-b.edi',
      'uhin__837.edi',
      'stupidedi__ppo-repriced-claim.edi',
      'stupidedi__dollars-and-data-sent-together.edi',
      'stupidedi__multiple-claims-single-check.edi',
      'imsweb__x12_999_rejected.txt',
    ]) {
      expect(validateX12(read(f)).errors).toBe(0);
    }
  });

  it('names PWK02=AD in words a billing clerk can act on, with segment, loop and element', () => {
    const r = validateX12(read('stupidedi__oxygen.edi'));
    const pwk = r.issues.find((i) => i.element === 'PWK02');
    expect(pwk).toMatchObject({ severity: 'error', segmentId: 'PWK', loop: '2400', segmentOrdinal: 24 });
    expect(pwk?.message).toMatch(/not valid in 5010: use AA available on request, BM by mail/);
  });

  it('reports a missing billing provider address and a repeated tax id', () => {
    const r = validateX12(read('imsweb__x12_segment_errors.txt'));
    expect(r.issues.some((i) => i.loop === '2010AA' && /no street address \(N3\)/.test(i.message))).toBe(
      true,
    );
    expect(r.issues.some((i) => i.code === 'SEGMENT_REPEATS' && i.segmentId === 'REF')).toBe(true);
    expect(r.issues.some((i) => i.code === 'SEGMENT_MISSING' && /diagnosis codes \(HI/.test(i.message))).toBe(
      true,
    );
  });

  it('reports an 835 that misses PER*BL and BPR16 and has a malformed SVC composite', () => {
    const r = validateX12(read('lfh__tertiary-payment.835'));
    const codes = r.issues.map((i) => `${i.code}@${i.element ?? ''}`);
    expect(codes).toEqual(expect.arrayContaining(['ELEMENT_MISSING@BPR16', 'SEGMENT_MISSING@']));
    expect(r.issues.some((i) => i.loop === '2110' && i.segmentId === 'SVC')).toBe(true);
  });
});

describe('repeat counts', () => {
  it('an 837P claim with 51 lines is rejected with a clear fix', async () => {
    const { manyLinesClaimFile } = await import('../837/sample-claims');
    const { write837 } = await import('../837/writer');
    const r = validateX12(write837(manyLinesClaimFile(51)));
    const issue = r.issues.find((i) => i.code === 'LOOP_REPEATS');
    expect(issue).toMatchObject({ severity: 'error', segmentId: 'CLM', loop: '2300' });
    expect(issue?.message).toMatch(/at most 50\. Split it into several claims/);
    expect(validateX12(write837(manyLinesClaimFile(50))).errors).toBe(0);
  });
});

describe('situational elements the guides allow are not reported', () => {
  it('PWK05/PWK06 attachment control number written by write837', async () => {
    const { correctionClaimFile } = await import('../837/sample-claims');
    const { write837 } = await import('../837/writer');
    const file = correctionClaimFile();
    file.transactions[0].claims[0].attachments = [
      { reportType: 'OZ', transmission: 'BM', controlNumber: 'DMN0012' },
    ];
    const text = write837(file);
    expect(text).toContain('PWK*OZ*BM***AC*DMN0012~');
    expect(validateX12(text).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('835 CLP11–13 (DRG, weight, discharge fraction) and SVC06–07 (submitted procedure and units)', () => {
    const base = fs.readFileSync(
      path.join(__dirname, '..', '__fixtures__', 'stupidedi__multiple-claims-single-check.edi'),
      'latin1',
    );
    const withDrg = base
      .replace(
        'CLP*7722337*1*226*132**12*119932404007801~',
        'CLP*7722337*1*226*132**12*119932404007801*11*1**470*1.2345*0.5~',
      )
      .replace('SVC*AD:D0120*46*25~', 'SVC*AD:D0120*46*25**1*AD:D0150*1~');
    const claim = parse835(withDrg).file.transactions[0].claims[0];
    expect(claim).toMatchObject({ drgCode: '470', drgWeight: '1.2345', dischargeFraction: '0.5' });
    expect(claim.serviceLines[0]).toMatchObject({
      units: 1,
      submittedProcedure: { qualifier: 'AD', code: 'D0150' },
      submittedUnits: 1,
    });
    expect(validateX12(withDrg).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
