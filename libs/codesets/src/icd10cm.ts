import { basename } from 'node:path';
import { forEachTsvRow, readPackaged, readText } from './data-files';

/** One ICD-10-CM code or header from the CDC tabular order file. Code is stored without the dot. */
export interface Icd10CmCode {
  code: string;
  /** true = valid for HIPAA transactions; false = a category header (not billable). */
  billable: boolean;
  shortDescription: string;
  longDescription?: string;
}

/** An ICD-10-CM fiscal-year release. */
export interface Icd10CmCodeSet {
  /** Look a code up: without dot, upper-case (e.g. `E1165`). Dotted / lower-case input is normalised. */
  get(code: string): Icd10CmCode | undefined;
  readonly size: number;
  readonly fiscalYear: number;
  /** First date of service the release is valid for (`YYYY-MM-DD`), 1 October of fiscalYear − 1. */
  validFrom: string;
  /** Last date of service the release is valid for (`YYYY-MM-DD`), 30 September of fiscalYear. */
  validTo: string;
  /** Every code, in tabular order. */
  codes(): IterableIterator<Icd10CmCode>;
}

export const PACKAGED_ICD10CM_FILE = 'icd10cm/icd10cm_codes_fy2026.tsv.gz';
export const PACKAGED_ICD10CM_FISCAL_YEAR = 2026;

/** `E11.65`, ` e1165 ` → `E1165`. */
export function normalizeIcd10Cm(code: string): string {
  return code.trim().replace('.', '').toUpperCase();
}

class MapIcd10CmCodeSet implements Icd10CmCodeSet {
  readonly validFrom: string;
  readonly validTo: string;
  constructor(
    private readonly byCode: Map<string, Icd10CmCode>,
    readonly fiscalYear: number,
  ) {
    // ICD-10-CM fiscal year N runs 1 Oct N-1 .. 30 Sep N (CDC/NCHS release notes).
    this.validFrom = `${fiscalYear - 1}-10-01`;
    this.validTo = `${fiscalYear}-09-30`;
  }
  get size(): number {
    return this.byCode.size;
  }
  get(code: string): Icd10CmCode | undefined {
    return this.byCode.get(code) ?? this.byCode.get(normalizeIcd10Cm(code));
  }
  codes(): IterableIterator<Icd10CmCode> {
    return this.byCode.values();
  }
}

/** Parses the normalised TSV (`order code billable short_desc long_desc fiscal_year`). */
export function parseIcd10CmTsv(text: string, fiscalYear?: number): Icd10CmCodeSet {
  const byCode = new Map<string, Icd10CmCode>();
  let year = fiscalYear ?? 0;
  const header = forEachTsvRow(text, (f) => {
    const code = f[1] ?? '';
    const longDescription = f[4];
    byCode.set(code, {
      code,
      billable: f[2] === '1',
      shortDescription: f[3] ?? '',
      ...(longDescription ? { longDescription } : {}),
    });
    if (!fiscalYear && f[5]) year = Number(f[5]);
  });
  if (header[1] !== 'code' || header[2] !== 'billable') {
    throw new Error(`ICD-10-CM TSV: unexpected header ${header.join(',')}`);
  }
  return new MapIcd10CmCodeSet(byCode, year || PACKAGED_ICD10CM_FISCAL_YEAR);
}

/**
 * Parses the CDC ICD-10-CM order file (`icd10cm-order-YYYY.txt`), fixed width:
 * cols 1-5 order, 7-13 code, 15 valid flag (1 = billable), 17-76 short title, 78- long title.
 */
export function parseIcd10CmOrderFile(text: string, fiscalYear: number): Icd10CmCodeSet {
  const byCode = new Map<string, Icd10CmCode>();
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const code = line.slice(6, 13).trim();
    const flag = line.slice(14, 15);
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(code) || (flag !== '0' && flag !== '1')) {
      throw new Error(`ICD-10-CM order file line ${lineNo}: not in the CDC order layout`);
    }
    const longDescription = line.slice(77).trim();
    byCode.set(code, {
      code,
      billable: flag === '1',
      shortDescription: line.slice(16, 76).trim(),
      ...(longDescription ? { longDescription } : {}),
    });
  }
  return new MapIcd10CmCodeSet(byCode, fiscalYear);
}

const loadedByPath = new Map<string, Icd10CmCodeSet>();

/**
 * An ICD-10-CM release, loaded once per process (~0.2 s). Without `path`: the newest release the
 * project knows — the packaged FY2026 file, or a newer fiscal year added with
 * `revcycle codesets import --icd10cm`. `path` loads another file instead: a `.tsv(.gz)` in the
 * packaged layout or a CDC order `.txt` (fiscal year from `fiscalYear` or the file name).
 */
export function loadIcd10Cm(path?: string, fiscalYear?: number): Icd10CmCodeSet {
  if (!path) {
    let newest = { file: '', fiscalYear: 0 };
    try {
      // lazy: reference-loader imports this module
      const { sourceManifest } = require('./reference-loader') as typeof import('./reference-loader');
      for (const r of sourceManifest().icd10cm) if (r.fiscalYear > newest.fiscalYear) newest = r;
    } catch {
      newest = { file: '', fiscalYear: 0 };
    }
    if (!newest.file) {
      const key = `packaged:${PACKAGED_ICD10CM_FILE}`;
      let set = loadedByPath.get(key);
      if (!set) loadedByPath.set(key, (set = parseIcd10CmTsv(readPackaged(PACKAGED_ICD10CM_FILE))));
      return set;
    }
    return loadIcd10Cm(newest.file, newest.fiscalYear);
  }
  const key = `${path}#${fiscalYear ?? ''}`;
  const cached = loadedByPath.get(key);
  if (cached) return cached;
  const text = readText(path);
  let set: Icd10CmCodeSet;
  if (/\.tsv(\.gz)?$/.test(path)) set = parseIcd10CmTsv(text, fiscalYear);
  else {
    const year = fiscalYear ?? Number(/20\d\d/.exec(basename(path))?.[0] ?? NaN);
    if (!Number.isFinite(year)) throw new Error(`ICD-10-CM order file ${path}: give the fiscal year`);
    set = parseIcd10CmOrderFile(text, year);
  }
  loadedByPath.set(key, set);
  return set;
}
