// ICD-10-CM FY2026 (CDC order file) and MCE v41.1 age/sex/manifestation lists, as packaged.
import { buildReferenceTables, loadIcd10Cm, newPtpRows, ProcedureInterner } from '@revcycle/codesets';
import { createEngine } from './engine';
import { AS_OF, cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();
const dxEdits = (r: { edits: { category: string; id: string; codes: string[] }[] }) =>
  r.edits.filter((x) =>
    ['icd-invalid', 'icd-header', 'icd-date', 'age', 'sex', 'manifestation'].includes(x.category),
  );

describe('invalid and header codes', () => {
  it('rejects a code that is in no release', () => {
    const r = e.scrub(cleanClaim({ diagnoses: ['E1199X', 'I10'] }));
    expect(dxEdits(r)).toEqual([expect.objectContaining({ id: 'ICD_INVALID', codes: ['E1199X'] })]);
  });
  it('rejects a header (E11) and suggests a billable code under it', () => {
    const r = e.scrub(cleanClaim({ diagnoses: ['E11'] }));
    expect(dxEdits(r)).toEqual([expect.objectContaining({ id: 'ICD_HEADER', codes: ['E11'] })]);
    expect(r.edits[0]!.message).toMatch(/e\.g\. E1100/);
  });
  it('accepts billable codes with or without the dot', () => {
    expect(dxEdits(e.scrub(cleanClaim({ diagnoses: ['E11.9', 'i10'] })))).toEqual([]);
  });
});

describe('validity on the date of service', () => {
  it('warns when no release covers the date (FY2024 claim), then checks against FY2026', () => {
    const r = e.scrub(
      cleanClaim({ diagnoses: ['E11'], lines: [line('99213', { serviceDate: '2024-05-01' })] }),
    );
    expect(ids(r)).toEqual(expect.arrayContaining(['ICD_RELEASE_NOT_LOADED', 'ICD_HEADER']));
  });
  it("with icdReleaseCheck 'off' the warning is dropped but codes are still checked against FY2026", () => {
    const quiet = engine(undefined, { icdReleaseCheck: 'off' });
    const r = quiet.scrub(
      cleanClaim({ diagnoses: ['E11', 'I10'], lines: [line('99213', { serviceDate: '2024-05-01' })] }),
    );
    expect(r.edits.filter((x) => x.category.startsWith('icd')).map((x) => x.id)).toEqual(['ICD_HEADER']);
  });
  it('rejects a code deleted in a later loaded release (FY2027 built from the FY2026 rows without E1165)', () => {
    const fy2026 = [...loadIcd10Cm().codes()];
    const tables = buildReferenceTables({
      interner: new ProcedureInterner(),
      hcpcs: [],
      mue: [],
      aoc: [],
      ptpPractitioner: newPtpRows(),
      ptpOutpatient: newPtpRows(),
      icdReleases: [
        { fiscalYear: 2026, codes: fy2026 },
        { fiscalYear: 2027, codes: fy2026.filter((c) => c.code !== 'E1165') },
      ],
      mce: [],
      placeOfService: ['11'],
      claimFrequency: ['1'],
      sources: {},
    });
    const two = createEngine(tables, undefined, { asOf: '2026-12-31' });
    const inFy2027 = two.scrub(
      cleanClaim({ diagnoses: ['E1165'], lines: [line('99213', { serviceDate: '2026-10-01' })] }),
    );
    expect(dxEdits(inFy2027)).toEqual([
      expect.objectContaining({ id: 'ICD_NOT_VALID_ON_DATE', codes: ['E1165'] }),
    ]);
    expect(inFy2027.edits.find((x) => x.id === 'ICD_NOT_VALID_ON_DATE')!.message).toMatch(/valid in FY2026/);
    const inFy2026 = two.scrub(
      cleanClaim({ diagnoses: ['E1165'], lines: [line('99213', { serviceDate: '2026-09-30' })] }),
    );
    expect(dxEdits(inFy2026)).toEqual([]);
  });
});

describe('MCE age lists', () => {
  const born = (age: number) => `${Number(AS_OF.slice(0, 4)) - age - 1}-12-31`;
  it('R54 (adult 15–124) conflicts at age 10, not at 40', () => {
    const child = e.scrub(cleanClaim({ diagnoses: ['R54'], patient: { birthDate: born(10), sex: 'F' } }));
    expect(dxEdits(child)).toEqual([
      expect.objectContaining({ id: 'ICD_AGE_CONFLICT', category: 'age', codes: ['R54', '10'] }),
    ]);
    expect(
      dxEdits(e.scrub(cleanClaim({ diagnoses: ['R54'], patient: { birthDate: born(40), sex: 'F' } }))),
    ).toEqual([]);
  });
  it('A33 (newborn, age 0 only) conflicts at 30, not at 0', () => {
    expect(ids(e.scrub(cleanClaim({ diagnoses: ['A33'] })))).toContain('ICD_AGE_CONFLICT');
    expect(
      ids(e.scrub(cleanClaim({ diagnoses: ['A33'], patient: { birthDate: '2025-10-01', sex: 'F' } }))),
    ).not.toContain('ICD_AGE_CONFLICT');
  });
  it('B0820 (pediatric 0–17) conflicts at 55', () => {
    expect(ids(e.scrub(cleanClaim({ diagnoses: ['B0820'] })))).toContain('ICD_AGE_CONFLICT');
  });
});

describe('MCE sex lists', () => {
  it('C61 (male only) conflicts for F, not for M or U', () => {
    expect(dxEdits(e.scrub(cleanClaim({ diagnoses: ['C61'] })))).toEqual([
      expect.objectContaining({ id: 'ICD_SEX_CONFLICT', category: 'sex', codes: ['C61', 'F'] }),
    ]);
    expect(
      dxEdits(e.scrub(cleanClaim({ diagnoses: ['C61'], patient: { birthDate: '1970-05-15', sex: 'M' } }))),
    ).toEqual([]);
    expect(
      dxEdits(e.scrub(cleanClaim({ diagnoses: ['C61'], patient: { birthDate: '1970-05-15', sex: 'U' } }))),
    ).toEqual([]);
  });
  it('N952 (female only) conflicts for M', () => {
    expect(
      ids(e.scrub(cleanClaim({ diagnoses: ['N952'], patient: { birthDate: '1950-05-15', sex: 'M' } }))),
    ).toContain('ICD_SEX_CONFLICT');
  });
});

describe('manifestation codes', () => {
  it('G01 as first-listed diagnosis is rejected', () => {
    expect(dxEdits(e.scrub(cleanClaim({ diagnoses: ['G01', 'A390'] })))).toEqual([
      expect.objectContaining({ id: 'ICD_MANIFESTATION_PRINCIPAL', codes: ['G01'] }),
    ]);
  });
  it('G01 after its underlying condition passes', () => {
    expect(dxEdits(e.scrub(cleanClaim({ diagnoses: ['A390', 'G01'] })))).toEqual([]);
  });
});

describe('diagnosis pointers (837P)', () => {
  it('rejects a pointer past the last diagnosis, and pointer 0', () => {
    const r = e.scrub(cleanClaim({ lines: [line('99213', { diagnosisPointers: [1, 3, 0] })] }));
    expect(r.edits.filter((x) => x.category === 'dx-pointer')).toEqual([
      expect.objectContaining({ id: 'DX_POINTER_INVALID', line: 1, codes: ['3'] }),
      expect.objectContaining({ id: 'DX_POINTER_INVALID', line: 1, codes: ['0'] }),
    ]);
  });
  it('rejects more than 4 pointers on a line', () => {
    const r = e.scrub(
      cleanClaim({
        diagnoses: ['E119', 'I10', 'R54', 'J449', 'E785'],
        lines: [line('99213', { diagnosisPointers: [1, 2, 3, 4, 5] })],
      }),
    );
    expect(ids(r)).toEqual(['DX_POINTER_INVALID']);
  });
  it('rejects more than 12 diagnoses on an 837P, not 12', () => {
    const dx = [
      'E119',
      'I10',
      'R54',
      'J449',
      'E785',
      'M5450',
      'K219',
      'F419',
      'G4733',
      'N390',
      'R0600',
      'Z794',
    ];
    expect(ids(e.scrub(cleanClaim({ diagnoses: dx })))).toEqual([]);
    expect(ids(e.scrub(cleanClaim({ diagnoses: [...dx, 'R519'] })))).toEqual(['REQUIRED_DIAGNOSIS_LIMIT']);
  });
  it('rejects a professional line without pointers', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { diagnosisPointers: [] })] })))).toEqual([
      'DX_POINTER_MISSING',
    ]);
  });
  it('does not require pointers on an institutional claim', () => {
    expect(
      ids(
        e.scrub(
          cleanClaim({
            claimType: 'institutional',
            lines: [line('99213', { diagnosisPointers: undefined })],
          }),
        ),
      ),
    ).toEqual([]);
  });
});
