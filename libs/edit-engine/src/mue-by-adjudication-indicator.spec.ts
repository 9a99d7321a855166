// MUE values and MAIs are rows of the packaged CMS MUE tables (2024-07-01).
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();
const mue = (r: { edits: { category: string }[] }) => r.edits.filter((x) => x.category === 'mue');

describe('MAI 1 — claim line edit (A0425 practitioner MUE 250)', () => {
  it('fires when one line exceeds the value', () => {
    const r = e.scrub(cleanClaim({ lines: [line('A0425', { units: 251 })] }));
    expect(mue(r)).toEqual([
      expect.objectContaining({ id: 'MUE_LINE', line: 1, codes: ['A0425', '251', '250'] }),
    ]);
  });
  it('does not fire at the value', () => {
    expect(mue(e.scrub(cleanClaim({ lines: [line('A0425', { units: 250 })] })))).toEqual([]);
  });
  it('counts each line separately (two lines of 200 on one date pass)', () => {
    const r = e.scrub(
      cleanClaim({
        lines: [line('A0425', { units: 200 }), line('A0425', { units: 200, modifiers: ['76'] })],
      }),
    );
    expect(mue(r)).toEqual([]);
  });
});

describe('MAI 2 — date of service edit, policy (45380 practitioner MUE 1)', () => {
  it('fires on units of one line above the value', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380', { units: 2 })] }));
    expect(mue(r)).toEqual([
      expect.objectContaining({ id: 'MUE_DATE_OF_SERVICE_POLICY', line: 1, codes: ['45380', '2', '1'] }),
    ]);
  });
  it('sums lines of the same code and date', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380'), line('45380', { modifiers: ['76'] })] }));
    expect(mue(r)).toEqual([
      expect.objectContaining({ id: 'MUE_DATE_OF_SERVICE_POLICY', codes: ['45380', '2', '1'] }),
    ]);
    expect(mue(r)[0]).toHaveProperty('line', 1);
  });
  it('does not sum across dates', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380'), line('45380', { serviceDate: '2025-11-04' })] }));
    expect(mue(r)).toEqual([]);
  });
});

describe('MAI 3 — date of service edit, clinical (97140 practitioner MUE 6)', () => {
  it('fires above the value and says it is appealable', () => {
    const r = e.scrub(
      cleanClaim({ lines: [line('97140', { units: 4 }), line('97140', { units: 3, modifiers: ['59'] })] }),
    );
    expect(ids(r)).toContain('MUE_DATE_OF_SERVICE_CLINICAL');
    expect(r.edits.find((x) => x.id === 'MUE_DATE_OF_SERVICE_CLINICAL')!.message).toMatch(
      /lines 1, 2: 7 units .* MUE of 6 .*appeal/,
    );
  });
  it('passes at the value', () => {
    expect(mue(e.scrub(cleanClaim({ lines: [line('97140', { units: 6 })] })))).toEqual([]);
  });
});

describe('table choice', () => {
  // A6520 is only in the DME supplier table (4, MAI 2); E0118 is in both (practitioner 0 / MAI 3,
  // DME supplier 1 / MAI 2).
  it('a practitioner claim never falls back to the DME supplier table (A6520: no practitioner MUE)', () => {
    expect(mue(e.scrub(cleanClaim({ lines: [line('A6520', { units: 5 })] })))).toEqual([]);
  });
  it('a practitioner claim uses the practitioner value even where the DME one differs (E0118)', () => {
    const r = e.scrub(cleanClaim({ lines: [line('E0118')] }));
    expect(mue(r)).toEqual([
      expect.objectContaining({ id: 'MUE_DATE_OF_SERVICE_CLINICAL', codes: ['E0118', '1', '0'] }),
    ]);
  });
  it('a DME supplier claim uses the DME supplier table (A6520 MUE 4, E0118 MUE 1)', () => {
    const dme = (l: ReturnType<typeof line>) => e.scrub(cleanClaim({ dmeSupplier: true, lines: [l] }));
    expect(mue(dme(line('A6520', { units: 5 })))).toEqual([
      expect.objectContaining({ id: 'MUE_DATE_OF_SERVICE_POLICY', codes: ['A6520', '5', '4'] }),
    ]);
    expect(mue(dme(line('A6520', { units: 4 })))).toEqual([]);
    expect(mue(dme(line('E0118')))).toEqual([]);
  });
  it('an institutional claim uses the outpatient-hospital table (45380 MUE 1, MAI 2)', () => {
    const r = e.scrub(cleanClaim({ claimType: 'institutional', lines: [line('45380', { units: 2 })] }));
    expect(ids(r)).toContain('MUE_DATE_OF_SERVICE_POLICY');
  });
});

describe('inpatient bills', () => {
  it('an 837I inpatient claim (type of bill 11x) is not subject to the outpatient PTP/MUE edits', () => {
    const claim = cleanClaim({
      claimType: 'institutional',
      facilityTypeCode: '11',
      lines: [line('45380', { units: 3 }), line('45378')],
    });
    expect(mue(e.scrub(claim))).toEqual([]);
    expect(ids(e.scrub(claim))).not.toContain('PTP_MODIFIER_NOT_ALLOWED');
    expect(ids(e.scrub({ ...claim, facilityTypeCode: '13' }))).toEqual(
      expect.arrayContaining(['PTP_MODIFIER_NOT_ALLOWED', 'MUE_DATE_OF_SERVICE_POLICY']),
    );
  });
});
