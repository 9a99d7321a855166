import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS_FOLDERS, X12_CORPUS, corpusFiles, pyx12Verdicts, sourcesContents } from './x12-corpus';

describe('the vendored X12 corpus (libs/x12/fixtures)', () => {
  const onDisk = CORPUS_FOLDERS.flatMap((folder) => corpusFiles(folder).map((f) => `${folder}/${f}`)).sort();

  it('holds exactly the files SOURCES.md and VALIDATION.md list', () => {
    expect(onDisk).toHaveLength(74);
    expect([...sourcesContents().keys()].sort()).toEqual(onDisk);
    expect([...pyx12Verdicts().keys()].sort()).toEqual(onDisk);
  });

  it('carries a licence text for every licence SOURCES.md names', () => {
    const sources = fs.readFileSync(path.join(X12_CORPUS, 'SOURCES.md'), 'utf8');
    const texts = fs.readdirSync(path.join(X12_CORPUS, 'LICENSES'));
    for (const licence of ['BSD-3-Clause', 'MIT', 'Apache-2.0', 'CDDL-1.0']) {
      expect(sources).toContain(licence);
      expect(texts.some((t) => t.startsWith(licence))).toBe(true);
    }
    // every origin repository with a notice-bearing licence has its own copyright notice
    for (const origin of ['stupidedi', 'imsweb', 'pyx12', 'uhin', 'tastypackets', 'edi-835-parser']) {
      expect(texts.some((t) => t.includes(origin))).toBe(true);
    }
  });

  it('a missing folder fails loudly instead of producing no tests', () => {
    expect(() => corpusFiles('no-such-folder')).toThrow(/X12 corpus folder missing or empty/);
  });
});
