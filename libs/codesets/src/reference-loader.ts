import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { codesetsDataDir, projectRoot, readText } from './data-files';
import { loadIcd10Cm } from './icd10cm';
import {
  buildReferenceTables,
  deserializeReferenceTables,
  IcdRelease,
  MUE_DME,
  MUE_OUTPATIENT,
  MUE_PRACTITIONER,
  newPtpRows,
  ProcedureInterner,
  ReferenceMeta,
  ReferenceTables,
  serializeReferenceTables,
  SNAPSHOT_FORMAT,
} from './reference-tables';
import {
  readAoc,
  readCodeList,
  readHcpcs,
  readMce,
  readMue,
  readPtp,
  TableReadResult,
} from './table-formats';

/** The tables a snapshot is built from; each points at one file (packaged or imported). */
export type TableName =
  | 'ptpPractitioner'
  | 'ptpOutpatient'
  | 'muePractitioner'
  | 'mueOutpatient'
  | 'mueDme'
  | 'aoc'
  | 'hcpcs'
  | 'mce'
  | 'placeOfService'
  | 'claimFrequency';

export interface TableFile {
  file: string; // absolute path (.gz read transparently)
  release: string; // e.g. "2024-07-01"
}

export interface SourceManifest {
  tables: Record<TableName, TableFile>;
  icd10cm: (TableFile & { fiscalYear: number })[];
}

const PACKAGED: Record<TableName, [string, string]> = {
  ptpPractitioner: ['ncci/ptp_practitioner_2024q3.tsv.gz', '2024-07-01'],
  ptpOutpatient: ['ncci/ptp_outpatient_hospital_2024q3.tsv.gz', '2024-07-01'],
  muePractitioner: ['ncci/mue_practitioner_2024q3.tsv.gz', '2024-07-01'],
  mueOutpatient: ['ncci/mue_outpatient_hospital_2024q3.tsv.gz', '2024-07-01'],
  mueDme: ['ncci/mue_dme_supplier_2024q3.tsv.gz', '2024-07-01'],
  aoc: ['ncci/aoc_2024q3.tsv.gz', '2024-07-01'],
  hcpcs: ['hcpcs/hcpcs_level2_2024jul.tsv.gz', '2024-07-01'],
  mce: ['mce/mce_dx_edits_v41_1.tsv.gz', 'v41.1 (FY2024)'],
  placeOfService: ['reference/place_of_service.tsv.gz', '2024-06'],
  claimFrequency: ['reference/claim_frequency_codes.tsv.gz', '2025'],
};

/** Folder `revcycle codesets import` writes to (gitignored): REVCYCLE_CODESETS_IMPORT_DIR or .data/codesets. */
export function importDir(): string {
  return resolve(process.env['REVCYCLE_CODESETS_IMPORT_DIR'] ?? join(projectRoot(), '.data', 'codesets'));
}

/** Folder of built snapshots: REVCYCLE_CODESETS_CACHE or node_modules/.cache/revcycle-codesets. */
export function cacheDir(): string {
  return resolve(
    process.env['REVCYCLE_CODESETS_CACHE'] ??
      join(projectRoot(), 'node_modules', '.cache', 'revcycle-codesets'),
  );
}

/** Packaged files overlaid by what `codesets import` recorded in `<importDir>/manifest.json`. */
export function sourceManifest(dir = importDir()): SourceManifest {
  const data = codesetsDataDir();
  const tables = {} as Record<TableName, TableFile>;
  for (const [name, [file, release]] of Object.entries(PACKAGED) as [TableName, [string, string]][]) {
    tables[name] = { file: join(data, file), release };
  }
  const icd10cm = [
    { file: join(data, 'icd10cm/icd10cm_codes_fy2026.tsv.gz'), release: 'FY2026', fiscalYear: 2026 },
  ];
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const imported = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<SourceManifest>;
    for (const [name, t] of Object.entries(imported.tables ?? {}) as [TableName, TableFile][]) {
      tables[name] = { ...t, file: resolve(dir, t.file) };
    }
    for (const t of imported.icd10cm ?? []) {
      const at = icd10cm.findIndex((x) => x.fiscalYear === t.fiscalYear);
      const entry = { ...t, file: resolve(dir, t.file) };
      if (at >= 0) icd10cm[at] = entry;
      else icd10cm.push(entry);
    }
  }
  return { tables, icd10cm };
}

function fingerprint(m: SourceManifest): string {
  const h = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  const files = [...Object.values(m.tables), ...m.icd10cm];
  for (const f of files) {
    const st = statSync(f.file);
    h.update(`${f.file}\t${st.size}\t${st.mtimeMs}\t${f.release}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

export interface BuildReport {
  tables: ReferenceTables;
  results: Record<string, TableReadResult>;
  ms: number;
}

/** Parses every source file of the manifest and builds the compact tables (a few seconds). */
export function buildFromSources(m: SourceManifest = sourceManifest()): BuildReport {
  const t0 = Date.now();
  const interner = new ProcedureInterner();
  const results: Record<string, TableReadResult> = {};
  const sources: ReferenceMeta['sources'] = {};
  const record = (name: string, f: TableFile, r: TableReadResult) => {
    results[name] = r;
    sources[name] = { file: basename(f.file), rows: r.rows, release: f.release };
  };
  const t = m.tables;
  const ptpPractitioner = newPtpRows();
  const ptpOutpatient = newPtpRows();
  record(
    'ptpPractitioner',
    t.ptpPractitioner,
    readPtp(readText(t.ptpPractitioner.file), interner, ptpPractitioner),
  );
  record('ptpOutpatient', t.ptpOutpatient, readPtp(readText(t.ptpOutpatient.file), interner, ptpOutpatient));
  const mue: { table: number; code: string; value: number; mai: number }[] = [];
  record(
    'muePractitioner',
    t.muePractitioner,
    readMue(readText(t.muePractitioner.file), MUE_PRACTITIONER, mue),
  );
  record('mueOutpatient', t.mueOutpatient, readMue(readText(t.mueOutpatient.file), MUE_OUTPATIENT, mue));
  record('mueDme', t.mueDme, readMue(readText(t.mueDme.file), MUE_DME, mue));
  const aoc: { addOn: string; primary: string; type: number }[] = [];
  const today = Number(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
  record('aoc', t.aoc, readAoc(readText(t.aoc.file), aoc, today));
  const hcpcs: { code: string; addDate: number; termDate: number }[] = [];
  record('hcpcs', t.hcpcs, readHcpcs(readText(t.hcpcs.file), hcpcs));
  const mce: { code: string; rule: string }[] = [];
  record('mce', t.mce, readMce(readText(t.mce.file), mce));
  const placeOfService = readCodeList(readText(t.placeOfService.file));
  const claimFrequency = readCodeList(readText(t.claimFrequency.file));
  const icdReleases: IcdRelease[] = m.icd10cm.map((f) => {
    const set = loadIcd10Cm(f.file, f.fiscalYear);
    sources[`icd10cm${f.fiscalYear}`] = { file: basename(f.file), rows: set.size, release: f.release };
    return { fiscalYear: f.fiscalYear, codes: [...set.codes()] };
  });
  const tables = buildReferenceTables({
    interner,
    hcpcs,
    mue,
    aoc,
    ptpPractitioner,
    ptpOutpatient,
    icdReleases,
    mce,
    placeOfService,
    claimFrequency,
    sources,
  });
  return { tables, results, ms: Date.now() - t0 };
}

export interface LoadOptions {
  /** Ignore the cached snapshot and rebuild it. */
  rebuild?: boolean;
  importDir?: string;
}

let loaded: { key: string; tables: ReferenceTables } | undefined;

/**
 * Loads the full reference tables (NCCI PTP both settings, MUE, AOC, HCPCS, ICD-10-CM, MCE, POS),
 * from the prebuilt snapshot under `cacheDir()` when it matches the source files, else builds
 * and caches it. Memoised per process. Typical: ~0.2 s from the snapshot, ~10 s to build.
 */
export function loadReferenceTables(options: LoadOptions = {}): ReferenceTables {
  const manifest = sourceManifest(options.importDir);
  const key = fingerprint(manifest);
  if (loaded && loaded.key === key && !options.rebuild) return loaded.tables;
  const path = join(cacheDir(), `reference-tables-${key}.bin`);
  let tables: ReferenceTables | undefined;
  if (!options.rebuild && existsSync(path)) {
    try {
      tables = readSnapshotFile(path);
    } catch {
      tables = undefined; // stale or truncated snapshot: rebuild below
    }
  }
  if (!tables) {
    tables = buildFromSources(manifest).tables;
    writeSnapshot(path, tables);
  }
  loaded = { key, tables };
  return tables;
}

/**
 * Reads a snapshot straight into one SharedArrayBuffer (no intermediate 140 MB Buffer): header and
 * JSON first, then the table bytes in 16 MB reads.
 */
export function readSnapshotFile(path: string): ReferenceTables {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    const jsonLen = head.readUInt32LE(4);
    const headerLen = (8 + jsonLen + 7) & ~7;
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(headerLen);
    readSync(fd, header, 0, headerLen, 0);
    const buffer = new SharedArrayBuffer(size - headerLen);
    const bytes = new Uint8Array(buffer);
    for (let at = 0; at < bytes.length;) {
      const n = readSync(fd, bytes, at, Math.min(1 << 24, bytes.length - at), headerLen + at);
      if (n <= 0) throw new Error('codesets: truncated snapshot');
      at += n;
    }
    return deserializeReferenceTables(header, buffer);
  } finally {
    closeSync(fd);
  }
}

function writeSnapshot(path: string, tables: ReferenceTables): void {
  try {
    const dir = resolve(path, '..');
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) {
      if (old.startsWith('reference-tables-') && join(dir, old) !== path) {
        try {
          // keep the cache folder from growing with every import
          unlinkSync(join(dir, old));
        } catch {
          /* another process may hold it */
        }
      }
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, serializeReferenceTables(tables));
    renameSync(tmp, path);
  } catch {
    // A read-only install still works: the tables are built in memory every time.
  }
}

/** Path of the snapshot the current sources map to (for `codesets info`). */
export function snapshotPath(options: LoadOptions = {}): string {
  return join(cacheDir(), `reference-tables-${fingerprint(sourceManifest(options.importDir))}.bin`);
}
