import { SegmentFormatter } from '../envelope/writer';
import { corpusFiles, readCorpus } from '../test/x12-corpus';
import type { ClaimFile, ClaimTransaction } from './model';
import { parse837 } from './reader';
import { renderClaim837, RenderedClaimsBody } from './rendered-claim';
import {
  correctionClaimFile,
  institutionalInpatientClaimFile,
  institutionalOutpatientClaimFile,
  manyClaimsFile,
  manyLinesClaimFile,
  secondaryWithCobClaimFile,
  singleLineClaimFile,
} from './sample-claims';
import { write837Body, write837Heading } from './writer';

const format = new SegmentFormatter();

/** write837Body's HL hierarchy (everything after BHT, 1000A and 1000B) as text. */
function hierarchyOf(t: ClaimTransaction): { text: string; segments: number } {
  const body = write837Body(t).slice(write837Heading(t).length);
  return { text: body.map((s) => format.format(s)).join(''), segments: body.length };
}

function composed(t: ClaimTransaction): RenderedClaimsBody {
  const body = new RenderedClaimsBody(format);
  for (const c of t.claims) body.add(renderClaim837(t.kind, c, format));
  return body;
}

const samples: Array<[string, ClaimFile]> = [
  ['one line', singleLineClaimFile()],
  ['many lines', manyLinesClaimFile()],
  ['secondary with COB', secondaryWithCobClaimFile()],
  ['correction', correctionClaimFile()],
  ['institutional inpatient', institutionalInpatientClaimFile()],
  ['institutional outpatient', institutionalOutpatientClaimFile()],
  ['40 claims sharing and changing levels', manyClaimsFile(40)],
];
const corpus: Array<[string, ClaimFile]> = [
  ...corpusFiles('837p').map(
    (f) => [`837p/${f}`, parse837(readCorpus('837p', f)).file] as [string, ClaimFile],
  ),
  ...corpusFiles('837i').map(
    (f) => [`837i/${f}`, parse837(readCorpus('837i', f)).file] as [string, ClaimFile],
  ),
];

describe('claims rendered ahead of their file compose the hierarchy write837Body writes', () => {
  it.each([...samples, ...corpus])('%s: the same text, segment count and claim starts', (_name, file) => {
    for (const t of file.transactions) {
      const expected = hierarchyOf(t);
      const body = composed(t);
      expect(body.text()).toBe(expected.text);
      expect(body.segments).toBe(expected.segments);
      // Each claim starts at its first HL, or at its CLM when it shares the levels of the claim before.
      const lines = expected.text.split('\n');
      const starts = body.claimStarts.map((at, i) => {
        const next = body.claimStarts[i + 1] ?? lines.length;
        return lines.slice(at, next).find((l) => l.startsWith('CLM*'));
      });
      expect(starts).toEqual(t.claims.map((c) => expect.stringContaining(`CLM*${c.claimId}*`)));
      const first = body.claimStarts.map((at) => lines[at].slice(0, 3));
      expect(first.every((id) => id === 'HL*' || id === 'CLM')).toBe(true);
    }
  });

  it('shares levels between claims of one billing provider and subscriber, and opens new ones when they change', () => {
    const t = manyClaimsFile(40).transactions[0];
    const hl = composed(t)
      .text()
      .split('\n')
      .filter((l) => l.startsWith('HL*'));
    expect(hl.length).toBeGreaterThan(1);
    expect(hl.length).toBeLessThan(3 * t.claims.length);
  });
});
