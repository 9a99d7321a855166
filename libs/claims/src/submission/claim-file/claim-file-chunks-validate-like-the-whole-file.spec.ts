import { parse837, validateX12 } from '@revcycle/x12';
import type { ClaimToSubmit } from './claim-837-mapping';
import type { ClaimFileVerdict } from './claim-file-validation';
import { ClaimFileValidation } from './claim-file-validation';
import type { ClaimFileWriterOptions } from './claim-file-writer';
import { ClaimFileWriter } from './claim-file-writer';
import { storedClaim, writerOptions } from './sample-stored-claims';

/** Writes `chunks` through the writer, validating each piece; returns the joined file and both verdicts. */
function writeAndValidate(chunks: ClaimToSubmit[][], options: ClaimFileWriterOptions) {
  const writer = new ClaimFileWriter(options);
  const validation = new ClaimFileValidation();
  const pieces: string[] = [];
  const perChunk: ReturnType<ClaimFileValidation['transaction']>[] = [];
  const header = writer.header();
  pieces.push(header);
  validation.header(header);
  for (const claims of chunks) {
    const t = writer.transaction(claims);
    pieces.push(t.text);
    perChunk.push(validation.transaction(t));
  }
  const trailer = writer.trailer();
  pieces.push(trailer);
  const verdict: ClaimFileVerdict = validation.trailer(trailer);
  return { whole: pieces.join(''), verdict, perChunk };
}

function range(from: number, n: number, kind: ClaimToSubmit['claimType'] = 'professional'): ClaimToSubmit[] {
  return Array.from({ length: n }, (_, i) => storedClaim(from + i, kind));
}

describe('a claim file validated chunk by chunk', () => {
  it.each(['professional', 'institutional'] as const)(
    'gives the verdict validateX12 gives the joined %s file: no errors',
    (kind) => {
      const { whole, verdict, perChunk } = writeAndValidate(
        [range(1, 40, kind), range(41, 25, kind), range(66, 3, kind)],
        writerOptions(kind),
      );
      const full = validateX12(whole);
      expect(full.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(verdict.errors).toBe(0);
      expect(verdict.warnings).toBe(full.warnings);
      expect(verdict.issues.map((i) => [i.code, i.segmentOrdinal])).toEqual(
        full.issues.map((i) => [i.code, i.segmentOrdinal]),
      );
      expect(perChunk.flat().filter((i) => i.severity === 'error')).toEqual([]);
      expect(verdict.transactions).toBe(3);
      expect(full.transactions.map((t) => t.controlNumber)).toEqual(['0001', '0002', '0003']);
      expect(parse837(whole).summary).toMatchObject({ transactions: 3, claims: 68 });
    },
  );
});
