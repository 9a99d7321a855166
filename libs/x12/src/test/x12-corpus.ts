import * as fs from 'node:fs';
import * as path from 'node:path';

/** The X12 sample corpus vendored in the repository (libs/x12/fixtures: files, SOURCES.md, licences). */
export const X12_CORPUS = path.resolve(__dirname, '..', '..', 'fixtures');

/** The corpus folders the specs read; each must exist and hold files. */
export const CORPUS_FOLDERS = ['837p', '837i', '835', '999', '277ca', 'negative'] as const;

/** Reads a corpus file; a missing one fails the spec with a message saying where the corpus lives. */
function readCorpusText(relative: string): Buffer {
  const file = path.join(X12_CORPUS, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`X12 corpus file missing: ${file} (vendored under libs/x12/fixtures, see its README.md)`);
  }
  return fs.readFileSync(file);
}

/** The data files of one corpus folder, sorted; an absent or empty folder throws (a suite never skips). */
export function corpusFiles(folder: string): string[] {
  const dir = path.join(X12_CORPUS, folder);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => !f.endsWith('.md'))
        .sort()
    : [];
  if (files.length === 0) {
    throw new Error(`X12 corpus folder missing or empty: ${dir} (vendored under libs/x12/fixtures)`);
  }
  return files;
}

export function readCorpus(folder: string, file: string): Buffer {
  return readCorpusText(path.join(folder, file));
}

/** The "contents" column of SOURCES.md: e.g. { ISA: 1, ST: 2, claims: 6, lines: 10 }. */
export function sourcesContents(): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const line of readCorpusText('SOURCES.md').toString('utf8').split('\n')) {
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
  let folder = '';
  for (const line of readCorpusText('VALIDATION.md').toString('utf8').split('\n')) {
    const h = /^## (\S+) \(/.exec(line);
    if (h) folder = h[1];
    const m = /^\| (\S+) \| (PASS|FAIL) \|/.exec(line);
    if (m) out.set(`${folder}/${m[1]}`, m[2] as 'PASS' | 'FAIL');
  }
  return out;
}
