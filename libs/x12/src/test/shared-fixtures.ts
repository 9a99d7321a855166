import * as fs from 'node:fs';
import * as path from 'node:path';

/** ../shared/fixtures/x12 beside the repository (CI provides a read-only copy there). */
export const SHARED_X12 = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'x12');
export const hasSharedFixtures = fs.existsSync(path.join(SHARED_X12, 'SOURCES.md'));

export function sharedFiles(folder: string): string[] {
  if (!hasSharedFixtures) return [];
  return fs
    .readdirSync(path.join(SHARED_X12, folder))
    .filter((f) => !f.endsWith('.md'))
    .sort();
}

export function readShared(folder: string, file: string): Buffer {
  return fs.readFileSync(path.join(SHARED_X12, folder, file));
}

/** The "contents" column of SOURCES.md: e.g. { ISA: 1, ST: 2, claims: 6, lines: 10 }. */
export function sourcesContents(): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  if (!hasSharedFixtures) return out;
  for (const line of fs.readFileSync(path.join(SHARED_X12, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 9 || !cells[1].includes('/')) continue;
    const counts: Record<string, number> = {};
    for (const part of cells[cells.length - 2].split(',')) {
      const m = /^(\S+) (\d+)$/.exec(part.trim());
      if (m) counts[m[1]] = Number(m[2]);
    }
    out.set(cells[1], counts);
  }
  return out;
}

/** PASS/FAIL per file from VALIDATION.md (the independent pyx12 validator's verdicts). */
export function pyx12Verdicts(): Map<string, 'PASS' | 'FAIL'> {
  const out = new Map<string, 'PASS' | 'FAIL'>();
  if (!hasSharedFixtures) return out;
  let folder = '';
  for (const line of fs.readFileSync(path.join(SHARED_X12, 'VALIDATION.md'), 'utf8').split('\n')) {
    const h = /^## (\S+) \(/.exec(line);
    if (h) folder = h[1];
    const m = /^\| (\S+) \| (PASS|FAIL) \|/.exec(line);
    if (m) out.set(`${folder}/${m[1]}`, m[2] as 'PASS' | 'FAIL');
  }
  return out;
}

export const describeShared = hasSharedFixtures ? describe : describe.skip;
