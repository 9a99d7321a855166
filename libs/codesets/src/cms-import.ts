import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readText } from './data-files';
import { loadIcd10Cm } from './icd10cm';
import { importDir, loadReferenceTables, SourceManifest, TableFile, TableName } from './reference-loader';
import {
  MUE_DME,
  MUE_OUTPATIENT,
  MUE_PRACTITIONER,
  newPtpRows,
  ProcedureInterner,
  ReferenceTables,
} from './reference-tables';
import { readAoc, readHcpcs, readMue, readPtp, TableReadResult } from './table-formats';

/** Files of one CMS/CDC release to import; each optional. */
export interface CmsReleaseFiles {
  /** One file, or the quarter's several files (CMS splits PTP into -f1 … -f4): combined on import. */
  ptpPractitioner?: string | string[];
  ptpOutpatient?: string | string[];
  muePractitioner?: string;
  mueOutpatient?: string;
  mueDme?: string;
  aoc?: string;
  hcpcs?: string;
  /** CDC ICD-10-CM order file (icd10cm-order-YYYY.txt) or the packaged TSV layout. */
  icd10cm?: string;
}

export interface ImportOptions {
  /** Release label recorded with the tables, e.g. "2025-01-01". */
  release: string;
  /** ICD-10-CM fiscal year of `icd10cm` (default: the 4-digit year in its file name). */
  fiscalYear?: number;
  /** Target folder (default importDir()). */
  dir?: string;
  /** Import even when some rows could not be read (they are reported and skipped). */
  allowErrors?: boolean;
}

export interface ImportReport {
  tables: Record<string, TableReadResult & { file: string }>;
  manifestPath: string;
  reference: ReferenceTables;
}

export class ImportError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly errors: { line: number; message: string }[],
  ) {
    super(message);
  }
}

function check(name: string, file: string): TableReadResult {
  const text = readText(file);
  const interner = new ProcedureInterner();
  switch (name) {
    case 'ptpPractitioner':
    case 'ptpOutpatient':
      return readPtp(text, interner, newPtpRows());
    case 'muePractitioner':
      return readMue(text, MUE_PRACTITIONER, []);
    case 'mueOutpatient':
      return readMue(text, MUE_OUTPATIENT, []);
    case 'mueDme':
      return readMue(text, MUE_DME, []);
    case 'aoc':
      return readAoc(text, [], 0);
    case 'hcpcs':
      return readHcpcs(text, []);
    default:
      throw new Error(`unknown table ${name}`);
  }
}

/**
 * Reads several PTP files of one setting (each with its own CMS header) and writes them as ONE
 * table in the normalised layout (`column1 column2 effective_date deletion_date modifier_indicator`).
 */
function combinePtpFiles(
  files: string[],
  allowErrors: boolean,
): { tsv: string; results: [string, TableReadResult][] } {
  const interner = new ProcedureInterner();
  const rows = newPtpRows();
  const results: [string, TableReadResult][] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new ImportError(`${file}: no such file`, file, []);
    const r = readPtp(readText(file), interner, rows);
    results.push([file, r]);
    if (r.rows === 0)
      throw new ImportError(`${file}: no PTP rows found — is it the right file?`, file, r.errors);
    if (r.errors.length > 0 && !allowErrors)
      throw new ImportError(
        `${file}: ${r.errors.length}${r.errors.length >= 100 ? '+' : ''} rows could not be read (first at line ${r.errors[0].line})`,
        file,
        r.errors,
      );
  }
  const out: string[] = ['column1\tcolumn2\teffective_date\tdeletion_date\tmodifier_indicator'];
  const c1 = rows.col1.view();
  for (let i = 0; i < c1.length; i++) {
    out.push(
      `${interner.codes[c1[i]]}\t${interner.codes[rows.col2.data[i]]}\t${rows.effective.data[i] || ''}\t${rows.deletion.data[i]}\t${rows.modifier.data[i]}`,
    );
  }
  return { tsv: `${out.join('\n')}\n`, results };
}

/**
 * Imports a CMS quarterly release (and/or a CDC ICD-10-CM year) in its original file format:
 * reads and checks every file (located errors), stores a gzipped copy under the import folder,
 * records it in manifest.json (overlaying the packaged table), and rebuilds the snapshot.
 */
export function importCmsRelease(files: CmsReleaseFiles, options: ImportOptions): ImportReport {
  const dir = resolve(options.dir ?? importDir());
  const report: ImportReport['tables'] = {};
  const tables: Partial<Record<TableName, TableFile>> = {};
  const icd: SourceManifest['icd10cm'] = [];
  for (const [name, given] of Object.entries(files) as [
    keyof CmsReleaseFiles,
    string | string[] | undefined,
  ][]) {
    if (!given || (Array.isArray(given) && given.length === 0)) continue;
    if (Array.isArray(given) && given.length > 1) {
      if (name !== 'ptpPractitioner' && name !== 'ptpOutpatient')
        throw new ImportError(`${name}: give one file`, given.join(', '), []);
      const combined = combinePtpFiles(given, options.allowErrors ?? false);
      for (const [f, r] of combined.results) report[`${name}:${basename(f)}`] = { ...r, file: f };
      mkdirSync(dir, { recursive: true });
      const stored = `${name}-${options.release.replace(/[^0-9A-Za-z.-]/g, '_')}-combined.tsv.gz`;
      writeFileSync(join(dir, stored), gzipSync(Buffer.from(combined.tsv, 'utf8')));
      tables[name] = { file: stored, release: options.release };
      continue;
    }
    const file = Array.isArray(given) ? given[0] : given;
    if (!existsSync(file)) throw new ImportError(`${file}: no such file`, file, []);
    let result: TableReadResult;
    let fiscalYear = 0;
    if (name === 'icd10cm') {
      fiscalYear = options.fiscalYear ?? Number(/20\d\d/.exec(basename(file))?.[0] ?? NaN);
      if (!Number.isInteger(fiscalYear))
        throw new ImportError(`${file}: give the ICD-10-CM fiscal year (--fiscal-year)`, file, []);
      try {
        result = { rows: loadIcd10Cm(file, fiscalYear).size, errors: [] };
      } catch (err) {
        throw new ImportError(`${file}: ${(err as Error).message}`, file, []);
      }
    } else result = check(name, file);
    report[name] = { ...result, file };
    if (result.rows === 0)
      throw new ImportError(`${file}: no ${name} rows found — is it the right file?`, file, result.errors);
    if (result.errors.length > 0 && !options.allowErrors) {
      throw new ImportError(
        `${file}: ${result.errors.length}${result.errors.length >= 100 ? '+' : ''} rows could not be read (first at line ${result.errors[0].line})`,
        file,
        result.errors,
      );
    }
    mkdirSync(dir, { recursive: true });
    const stored = `${name}-${options.release.replace(/[^0-9A-Za-z.-]/g, '_')}-${basename(file)}${file.endsWith('.gz') ? '' : '.gz'}`;
    if (file.endsWith('.gz')) copyFileSync(file, join(dir, stored));
    else writeFileSync(join(dir, stored), gzipSync(readFileSync(file)));
    if (name === 'icd10cm') icd.push({ file: stored, release: `FY${fiscalYear}`, fiscalYear });
    else tables[name] = { file: stored, release: options.release };
  }
  const manifestPath = join(dir, 'manifest.json');
  const previous: Partial<SourceManifest> = existsSync(manifestPath)
    ? JSON.parse(readFileSync(manifestPath, 'utf8'))
    : {};
  const merged = {
    tables: { ...(previous.tables ?? {}), ...tables },
    icd10cm: [
      ...(previous.icd10cm ?? []).filter((x) => !icd.some((y) => y.fiscalYear === x.fiscalYear)),
      ...icd,
    ],
  };
  writeFileSync(manifestPath, `${JSON.stringify(merged, null, 2)}\n`);
  const reference = loadReferenceTables({ importDir: dir, rebuild: true });
  return { tables: report, manifestPath, reference };
}
