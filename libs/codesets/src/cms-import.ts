import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readText } from './data-files';
import { loadIcd10Cm } from './icd10cm';
import { importDir, loadReferenceTables, SourceManifest, TableFile, TableName } from './reference-loader';
import { MUE_DME, MUE_OUTPATIENT, MUE_PRACTITIONER, newPtpRows, ProcedureInterner, ReferenceTables } from './reference-tables';
import { readAoc, readHcpcs, readMue, readPtp, TableReadResult } from './table-formats';

/** Files of one CMS/CDC release to import; each optional. */
export interface CmsReleaseFiles {
  ptpPractitioner?: string;
  ptpOutpatient?: string;
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
 * Imports a CMS quarterly release (and/or a CDC ICD-10-CM year) in its original file format:
 * reads and checks every file (located errors), stores a gzipped copy under the import folder,
 * records it in manifest.json (overlaying the packaged table), and rebuilds the snapshot.
 */
export function importCmsRelease(files: CmsReleaseFiles, options: ImportOptions): ImportReport {
  const dir = resolve(options.dir ?? importDir());
  const report: ImportReport['tables'] = {};
  const tables: Partial<Record<TableName, TableFile>> = {};
  const icd: SourceManifest['icd10cm'] = [];
  for (const [name, file] of Object.entries(files) as [keyof CmsReleaseFiles, string | undefined][]) {
    if (!file) continue;
    if (!existsSync(file)) throw new ImportError(`${file}: no such file`, file, []);
    let result: TableReadResult;
    let fiscalYear = 0;
    if (name === 'icd10cm') {
      fiscalYear = options.fiscalYear ?? Number(/20\d\d/.exec(basename(file))?.[0] ?? NaN);
      if (!Number.isInteger(fiscalYear)) throw new ImportError(`${file}: give the ICD-10-CM fiscal year (--fiscal-year)`, file, []);
      try {
        result = { rows: loadIcd10Cm(file, fiscalYear).size, errors: [] };
      } catch (err) {
        throw new ImportError(`${file}: ${(err as Error).message}`, file, []);
      }
    } else result = check(name, file);
    report[name] = { ...result, file };
    if (result.rows === 0) throw new ImportError(`${file}: no ${name} rows found — is it the right file?`, file, result.errors);
    if (result.errors.length > 0 && !options.allowErrors) {
      throw new ImportError(`${file}: ${result.errors.length}${result.errors.length >= 100 ? '+' : ''} rows could not be read (first at line ${result.errors[0].line})`, file, result.errors);
    }
    mkdirSync(dir, { recursive: true });
    const stored = `${name}-${options.release.replace(/[^0-9A-Za-z.-]/g, '_')}-${basename(file)}${file.endsWith('.gz') ? '' : '.gz'}`;
    if (file.endsWith('.gz')) copyFileSync(file, join(dir, stored));
    else writeFileSync(join(dir, stored), gzipSync(readFileSync(file)));
    if (name === 'icd10cm') icd.push({ file: stored, release: `FY${fiscalYear}`, fiscalYear });
    else tables[name] = { file: stored, release: options.release };
  }
  const manifestPath = join(dir, 'manifest.json');
  const previous: Partial<SourceManifest> = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  const merged = {
    tables: { ...(previous.tables ?? {}), ...tables },
    icd10cm: [...(previous.icd10cm ?? []).filter((x) => !icd.some((y) => y.fiscalYear === x.fiscalYear)), ...icd],
  };
  writeFileSync(manifestPath, `${JSON.stringify(merged, null, 2)}\n`);
  const reference = loadReferenceTables({ importDir: dir, rebuild: true });
  return { tables: report, manifestPath, reference };
}
