// Lookups checked against rows of the packaged CMS/CDC files (see /libs/codesets/README.md).
import {
  deserializeReferenceTables,
  fromSharedReferenceTables,
  ICD_FEMALE_ONLY,
  ICD_MANIFESTATION,
  icdEntry,
  loadReferenceTables,
  MUE_DME,
  MUE_OUTPATIENT,
  MUE_PRACTITIONER,
  procedureId,
  PROC_HCPCS_RECORD,
  ptpRow,
  serializeReferenceTables,
  shareReferenceTables,
} from './index';

const t = loadReferenceTables();

describe('full packaged tables', () => {
  it('hold every row of the Q3 2024 NCCI files', () => {
    expect(t.meta.sources['ptpPractitioner']!.rows).toBe(2546017);
    expect(t.meta.sources['ptpOutpatient']!.rows).toBe(1775818);
    expect(t.ptpPractitioner.rows).toBe(2546017);
    expect(t.meta.sources['muePractitioner']!.rows).toBe(14677);
    expect(t.meta.sources['aoc']!.rows).toBe(7465);
    expect(t.meta.sources['hcpcs']!.rows).toBe(8033);
    expect(t.icd.count).toBe(98186);
  });
});

describe('PTP', () => {
  const id = (c: string) => procedureId(t.proc, c);
  it('20610 → 99213 has a deleted row (2019-12-31) and an active one', () => {
    const r2019 = ptpRow(t.ptpPractitioner, id('20610'), id('99213'), 20190601);
    const r2025 = ptpRow(t.ptpPractitioner, id('20610'), id('99213'), 20251103);
    expect(t.ptpPractitioner.rowDeletion[r2019]).toBe(20191231);
    expect(t.ptpPractitioner.rowDeletion[r2025]).toBe(99991231);
  });
  it('a pair is directional: 45378 → 45380 is not an edit', () => {
    expect(ptpRow(t.ptpPractitioner, id('45380'), id('45378'), 20251103)).toBeGreaterThanOrEqual(0);
    expect(ptpRow(t.ptpPractitioner, id('45378'), id('45380'), 20251103)).toBe(-1);
  });
  it('99213 → 0115T is gone on its deletion date', () => {
    expect(ptpRow(t.ptpPractitioner, id('99213'), id('0115T'), 20071230)).toBeGreaterThanOrEqual(0);
    expect(ptpRow(t.ptpPractitioner, id('99213'), id('0115T'), 20071231)).toBe(-1);
  });
});

describe('MUE, AOC, HCPCS', () => {
  it('MUE values and MAIs per table', () => {
    const a = procedureId(t.proc, 'A0425');
    expect([t.proc.mueValue[a * 3 + MUE_PRACTITIONER], t.proc.mueMai[a * 3 + MUE_PRACTITIONER]]).toEqual([
      250, 1,
    ]);
    const e = procedureId(t.proc, 'E0118');
    expect([t.proc.mueValue[e * 3 + MUE_DME], t.proc.mueMai[e * 3 + MUE_DME]]).toEqual([1, 2]);
    const c = procedureId(t.proc, '45380');
    expect([t.proc.mueValue[c * 3 + MUE_OUTPATIENT], t.proc.mueMai[c * 3 + MUE_OUTPATIENT]]).toEqual([1, 2]);
  });
  it('AOC 11045 is type 1 with primary 11042', () => {
    const a = procedureId(t.proc, '11045');
    expect(t.proc.aocType[a]).toBe(1);
    const primaries = Array.from(
      t.proc.aocPrimaries.subarray(t.proc.aocStart[a], t.proc.aocStart[a + 1]),
      (p) => t.meta.procCodes[p],
    );
    expect(primaries).toContain('11042');
  });
  it('HCPCS A4397 terminated 2021-12-31', () => {
    const a = procedureId(t.proc, 'A4397');
    expect(t.proc.flags[a]! & PROC_HCPCS_RECORD).toBeTruthy();
    expect(t.proc.hcpcsTerm[a]).toBe(20211231);
  });
});

describe('ICD-10-CM and MCE', () => {
  it('Z3A20 is female only and maternity ages 9–64; G01 is a manifestation code', () => {
    const z = icdEntry(t.icd, 'Z3A.20');
    expect(t.icd.flags[z]! & ICD_FEMALE_ONLY).toBeTruthy();
    expect([t.icd.ageMin[z], t.icd.ageMax[z]]).toEqual([9, 64]);
    expect(t.icd.flags[icdEntry(t.icd, 'G01')]! & ICD_MANIFESTATION).toBeTruthy();
  });
  it('headers point at their first billable code', () => {
    expect(t.meta.icdCodes[t.icd.firstBillableChild[icdEntry(t.icd, 'E11')]!]).toBe('E1100');
  });
  it('malformed codes are not found', () => {
    expect(icdEntry(t.icd, 'E1')).toBe(-1);
    expect(icdEntry(t.icd, 'E11.65.1')).toBe(-1);
    expect(icdEntry(t.icd, '')).toBe(-1);
  });
});

describe('snapshot and sharing', () => {
  it('serialises and reads back byte-identical tables', () => {
    const back = deserializeReferenceTables(serializeReferenceTables(t));
    expect(
      Buffer.compare(
        Buffer.from(back.buffer as unknown as ArrayBuffer),
        Buffer.from(t.buffer as unknown as ArrayBuffer),
      ),
    ).toBe(0);
    expect(back.meta.sources).toEqual(t.meta.sources);
    expect(back.ptpPractitioner.bits).toBe(t.ptpPractitioner.bits);
  });
  it('a shared view maps the same memory (no copy)', () => {
    const view = fromSharedReferenceTables(shareReferenceTables(t));
    expect(view.buffer).toBe(t.buffer);
    expect(view.ptpPractitioner.keys.buffer).toBe(t.buffer);
    expect(procedureId(view.proc, '45380')).toBe(procedureId(t.proc, '45380'));
  });
});
