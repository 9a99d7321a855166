import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Where the packaged reference files live. `REVCYCLE_CODESETS_DIR` overrides it (a folder with the
 * same layout as `libs/codesets/data/`). Works from the sources (jest, ts-node) and from `dist/`.
 */
export function codesetsDataDir(): string {
  const override = process.env['REVCYCLE_CODESETS_DIR'];
  if (override) return resolve(override);
  const candidates = [
    resolve(__dirname, '..', 'data'), // libs/codesets/src → libs/codesets/data
    resolve(__dirname, '..', '..', '..', '..', 'libs', 'codesets', 'data'), // dist/libs/codesets/src
    resolve(process.cwd(), 'libs', 'codesets', 'data'),
  ];
  for (const dir of candidates) if (existsSync(join(dir, 'icd10cm'))) return dir;
  throw new Error(
    `codesets: packaged data folder not found (looked in ${candidates.join(', ')}); set REVCYCLE_CODESETS_DIR`,
  );
}

/** Repository root (the folder holding the root package.json), for the cache and import folders. */
export function projectRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'libs', 'codesets'))) return dir;
      const up = resolve(dir, '..');
      if (up === dir) break;
      dir = up;
    }
  }
  return process.cwd();
}

/** Reads a text file, gunzipping when the name ends in .gz. */
export function readText(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Reads one packaged data file (path relative to the data dir). */
export function readPackaged(relative: string): string {
  return readText(join(codesetsDataDir(), relative));
}

/**
 * Splits a tab-separated text with one header row into rows keyed by header name.
 * Calls `onRow(fields, lineNo)` with the raw fields (no object per row: tables have millions of rows).
 */
export function forEachTsvRow(text: string, onRow: (fields: string[], lineNo: number) => void): string[] {
  let start = 0;
  let lineNo = 0;
  let header: string[] = [];
  const len = text.length;
  while (start < len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    lineNo++;
    if (lineNo === 1) header = line.split('\t');
    else if (line.length > 0) onRow(line.split('\t'), lineNo);
    start = end + 1;
  }
  return header;
}
