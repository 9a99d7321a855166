import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCmsRelease, ImportError } from './cms-import';
import { loadIcd10Cm } from './icd10cm';
import {
  icdEntry,
  procedureId,
  ProcedureInterner,
  newPtpRows,
  ptpRow,
  MUE_PRACTITIONER,
} from './reference-tables';
import { readAoc, readHcpcs, readMue, readPtp } from './table-formats';

// Layouts as CMS publishes them (title lines, then a header row; xlsx tabs exported as text/CSV).
const CMS_PTP_TXT = [
  'CPT codes, descriptions and other data only are copyright 2024 American Medical Association. All rights reserved.',
  'Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale',
  '45380\t45378\t\t20000101\t*\t0\tStandards of medical / surgical practice',
  '93000\t93010\t*\t19960101\t*\t1\tMisuse of column two code with column one code',
  '99213\t0115T\t\t20070101\t20071231\t1\tMisuse of column two code with column one code',
  'garbage line',
].join('\n');

describe('CMS PTP quarterly text file', () => {
  it('reads effective and deletion dates ("*" = none) and reports unreadable rows with their line', () => {
    const interner = new ProcedureInterner();
    const rows = newPtpRows();
    const r = readPtp(CMS_PTP_TXT, interner, rows);
    expect(r.rows).toBe(3);
    expect(r.errors).toEqual([{ line: 6, message: expect.stringMatching(/not a PTP row/) }]);
    expect(Array.from(rows.effective.view())).toEqual([20000101, 19960101, 20070101]);
    expect(Array.from(rows.deletion.view())).toEqual([99991231, 99991231, 20071231]);
    expect(Array.from(rows.modifier.view())).toEqual([0, 1, 1]);
  });
  it('skips a header that spans two lines before the first row', () => {
    const twoLineHeader = [
      'Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale',
      '\t\tprior to 1996\tDate\tDate *=no data\t0=not allowed 1=allowed 9=not applicable\t',
      '45380\t45378\t\t20000101\t*\t0\tx',
    ].join('\n');
    expect(readPtp(twoLineHeader, new ProcedureInterner(), newPtpRows())).toEqual({ rows: 1, errors: [] });
  });
  it('also reads the packaged normalised TSV (no effective date column)', () => {
    const rows = newPtpRows();
    const r = readPtp(
      'column1\tcolumn2\tdeletion_date\tmodifier_indicator\trationale\n0001A\t0591T\t20231231\t1\tx\n',
      new ProcedureInterner(),
      rows,
    );
    expect(r).toEqual({ rows: 1, errors: [] });
    expect(rows.effective.view()[0]).toBe(0);
  });
});

describe('CMS MUE file exported from xlsx as CSV', () => {
  it('takes the first digit of the adjudication indicator text and handles quoted commas', () => {
    const csv = [
      '"HCPCS/CPT Code","Practitioner Services MUE Values","MUE Adjudication Indicator","MUE Rationale"',
      '45380,1,"2 Date of Service Edit: Policy","Code Descriptor / CPT Instruction"',
      '97140,6,"3 Date of Service Edit: Clinical","Clinical: Data, Benchmarks"',
      'A0425,250,"1 Line Edit","Nature of Service/Procedure"',
    ].join('\r\n');
    const out: { table: number; code: string; value: number; mai: number }[] = [];
    expect(readMue(csv, MUE_PRACTITIONER, out)).toEqual({ rows: 3, errors: [] });
    expect(out.map((m) => [m.code, m.value, m.mai])).toEqual([
      ['45380', 1, 2],
      ['97140', 6, 3],
      ['A0425', 250, 1],
    ]);
  });
});

describe('CMS AOC file with deletion dates', () => {
  it('skips rows deleted on or before the import date', () => {
    const tsv = [
      'Add-on Code\tAdd-On Code Effective Date\tAdd-On Code Deletion Date\tPrimary Code\tPrimary Code Effective Date\tPrimary Code Deletion Date\tAOC Edit Type',
      '11045\t20110101\t*\t11042\t20110101\t*\t1',
      '11045\t20110101\t*\t11000\t20110101\t20200101\t1',
      '0054T\t20040701\t*\tCCCCC\t\t*\t2',
    ].join('\n');
    const out: { addOn: string; primary: string; type: number }[] = [];
    expect(readAoc(tsv, out, 20240701).rows).toBe(2);
    expect(out).toEqual([
      { addOn: '11045', primary: '11042', type: 1 },
      { addOn: '0054T', primary: 'CCCCC', type: 2 },
    ]);
  });
});

describe('CMS HCPCS file exported from xlsx', () => {
  it('reads add and termination dates by header name, once per code', () => {
    const tsv = [
      'HCPC\tSEQNUM\tRECID\tLONG DESCRIPTION\tADD DT\tACT EFF DT\tTERM DT',
      'A4397\t0010\t3\tIrrigation supply\t19900101\t20220101\t20211231',
      'A4397\t0020\t4\t(continued)\t19900101\t20220101\t20211231',
      'A2026\t0010\t3\tRestrata\t20240401\t20240401\t',
    ].join('\n');
    const out: { code: string; addDate: number; termDate: number }[] = [];
    expect(readHcpcs(tsv, out).rows).toBe(2);
    expect(out).toEqual([
      { code: 'A4397', addDate: 19900101, termDate: 20211231 },
      { code: 'A2026', addDate: 20240401, termDate: 0 },
    ]);
  });
});

describe('revcycle codesets import (importCmsRelease)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codesets-import-'));
  const cache = mkdtempSync(join(tmpdir(), 'codesets-cache-'));
  const saved = process.env['REVCYCLE_CODESETS_CACHE'];
  beforeAll(() => {
    process.env['REVCYCLE_CODESETS_CACHE'] = cache;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['REVCYCLE_CODESETS_CACHE'];
    else process.env['REVCYCLE_CODESETS_CACHE'] = saved;
  });

  it('refuses a file with unreadable rows and says where', () => {
    const bad = join(dir, 'ccipra-bad.txt');
    writeFileSync(bad, CMS_PTP_TXT);
    expect(() => importCmsRelease({ ptpPractitioner: bad }, { release: '2025-01-01', dir })).toThrow(
      ImportError,
    );
    try {
      importCmsRelease({ ptpPractitioner: bad }, { release: '2025-01-01', dir });
    } catch (e) {
      expect((e as ImportError).errors[0]).toEqual({ line: 6, message: expect.any(String) });
    }
  });

  it("combines the quarter's several PTP files (-f1, -f2) into one table", () => {
    const f1 = join(dir, 'ccipra-v311r0-f1.txt');
    const f2 = join(dir, 'ccipra-v311r0-f2.txt');
    writeFileSync(f1, CMS_PTP_TXT.split('\n').slice(0, 4).join('\n'));
    writeFileSync(f2, [CMS_PTP_TXT.split('\n')[1], CMS_PTP_TXT.split('\n')[4]].join('\n'));
    const report = importCmsRelease({ ptpOutpatient: [f1, f2] }, { release: '2025-01-01', dir });
    const t = report.reference;
    expect(t.meta.sources['ptpOutpatient']).toMatchObject({ rows: 3, release: '2025-01-01' });
    const [a, b] = [procedureId(t.proc, '99213'), procedureId(t.proc, '0115T')];
    expect(ptpRow(t.ptpOutpatient, a, b, 20070601)).toBeGreaterThanOrEqual(0);
    expect(ptpRow(t.ptpOutpatient, a, b, 20061231)).toBe(-1); // effective 2007-01-01 kept through the combination
  }, 60000);

  it('imports a PTP release and an ICD-10-CM order file; the new tables replace the packaged ones', () => {
    const ptp = join(dir, 'ccipra-v311r0-f1.txt');
    writeFileSync(ptp, CMS_PTP_TXT.split('\n').slice(0, 5).join('\n'));
    const icd = join(dir, 'icd10cm-order-2027.txt');
    const row = (order: string, code: string, flag: string, title: string) =>
      `${order} ${code.padEnd(7)} ${flag} ${title.padEnd(60)} ${title}`;
    writeFileSync(
      icd,
      [
        row('00001', 'E11', '0', 'Type 2 diabetes mellitus'),
        row('00002', 'E119', '1', 'Type 2 diabetes mellitus without complications'),
      ].join('\n'),
    );
    const report = importCmsRelease({ ptpPractitioner: ptp, icd10cm: icd }, { release: '2025-01-01', dir });
    expect(report.tables['ptpPractitioner']).toMatchObject({ rows: 3, errors: [] });
    const t = report.reference;
    expect(t.meta.sources['ptpPractitioner']).toMatchObject({ rows: 3, release: '2025-01-01' });
    expect(t.meta.icdFiscalYears).toEqual([2026, 2027]);
    const [a, b] = [procedureId(t.proc, '45380'), procedureId(t.proc, '45378')];
    expect(ptpRow(t.ptpPractitioner, a, b, 20250101)).toBeGreaterThanOrEqual(0);
    expect(ptpRow(t.ptpPractitioner, a, b, 19990101)).toBe(-1); // before its effective date
    expect(t.ptpPractitioner.pairs).toBe(3);
    const e1165 = icdEntry(t.icd, 'E1165');
    expect(t.icd.presentMask[e1165]! & (1 << (2027 - 2016))).toBe(0); // not in the (tiny) FY2027 file
    expect(t.icd.presentMask[e1165]! & (1 << (2026 - 2016))).not.toBe(0);
    // loadIcd10Cm() (the coding service's code set) now answers with the newest release, FY2027
    const savedImport = process.env['REVCYCLE_CODESETS_IMPORT_DIR'];
    process.env['REVCYCLE_CODESETS_IMPORT_DIR'] = dir;
    try {
      const newest = loadIcd10Cm();
      expect(newest.fiscalYear).toBe(2027);
      expect(newest.validFrom).toBe('2026-10-01');
      expect(newest.get('E119')?.billable).toBe(true);
      expect(newest.get('E1165')).toBeUndefined();
    } finally {
      if (savedImport === undefined) delete process.env['REVCYCLE_CODESETS_IMPORT_DIR'];
      else process.env['REVCYCLE_CODESETS_IMPORT_DIR'] = savedImport;
    }
    expect(loadIcd10Cm().fiscalYear).toBe(2026);
  }, 60000);
});
