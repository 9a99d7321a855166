import { validateX12 } from '@revcycle/x12';
import { ClaimFileValidation } from './claim-file-validation';
import { ClaimFileValidationThread } from './claim-file-validation-thread';
import { ClaimFileWriter } from './claim-file-writer';
import { storedClaim, writerOptions } from './sample-stored-claims';

describe('a broken claim in a claim file', () => {
  function validateChunks(break_: (claims: ReturnType<typeof storedClaim>[]) => void) {
    const writer = new ClaimFileWriter(writerOptions());
    const validation = new ClaimFileValidation();
    const first = Array.from({ length: 10 }, (_, i) => storedClaim(i + 1));
    const second = Array.from({ length: 10 }, (_, i) => storedClaim(i + 11));
    break_(second);
    const header = writer.header();
    const pieces = [header];
    validation.header(header);
    const t1 = writer.transaction(first);
    const t2 = writer.transaction(second);
    pieces.push(t1.text, t2.text);
    const firstIssues = validation.transaction(t1);
    const secondIssues = validation.transaction(t2);
    const trailer = writer.trailer();
    pieces.push(trailer);
    const verdict = validation.trailer(trailer);
    return { firstIssues, secondIssues, verdict, whole: pieces.join('') };
  }

  it('an empty procedure code is reported with its transaction set: 2400 SV1 SV101-2 of claim PCN0000013', () => {
    const { firstIssues, secondIssues, verdict, whole } = validateChunks((claims) => {
      claims[2].serviceLines[0].procedureCode = '';
    });
    expect(firstIssues).toEqual([]);
    expect(secondIssues).toEqual([
      expect.objectContaining({
        severity: 'error',
        loop: '2400',
        segmentId: 'SV1',
        element: 'SV101-2',
        patientControlNumber: 'PCN0000013',
      }),
    ]);
    expect(verdict.errors).toBe(1);
    expect(validateX12(whole).errors).toBe(1);
  });

  it('a rendering NPI with a bad check digit names 2310B NM109 of claim PCN0000015, without the NPI', () => {
    const badNpi = '1555555551';
    const { secondIssues, verdict, whole } = validateChunks((claims) => {
      claims[4].parties.renderingProvider = { ...claims[4].parties.renderingProvider, npi: badNpi };
    });
    const full = validateX12(whole);
    expect(
      secondIssues.map((i) => [i.severity, i.loop, i.segmentId, i.element, i.patientControlNumber]),
    ).toEqual(full.issues.map((i) => [i.severity, i.loop, i.segmentId, i.element, 'PCN0000015']));
    expect(secondIssues).toContainEqual(
      expect.objectContaining({
        loop: '2310B',
        segmentId: 'NM1',
        element: 'NM109',
        patientControlNumber: 'PCN0000015',
      }),
    );
    expect(verdict.warnings + verdict.errors).toBe(full.warnings + full.errors);
    for (const i of [...secondIssues, ...verdict.issues]) expect(i.message).not.toContain(badNpi);
  });

  it('a diagnosis code in a message is not repeated (it is PHI): only its place is', () => {
    const { secondIssues } = validateChunks((claims) => {
      claims[0].diagnoses = ['J0190', 'R50.9'];
    });
    expect(secondIssues.length).toBeGreaterThan(0);
    for (const i of secondIssues) {
      expect(i.patientControlNumber).toBe('PCN0000011');
      expect(i.message).not.toContain('R50.9');
      expect(i).toMatchObject({ loop: '2300', segmentId: 'HI', element: 'HI02-2' });
    }
  });
});

describe('a claim file validated on the validation thread', () => {
  it('gives the verdict of ClaimFileValidation, every issue located by claim', async () => {
    const broken = (from: number) => {
      const claims = Array.from({ length: 12 }, (_, i) => storedClaim(from + i));
      claims[4].serviceLines[0].procedureCode = '';
      claims[9].parties.renderingProvider = { ...claims[9].parties.renderingProvider, npi: '1234567890' };
      return claims;
    };
    const here = new ClaimFileValidation();
    const thread = new ClaimFileValidationThread();
    try {
      const w1 = new ClaimFileWriter(writerOptions());
      const w2 = new ClaimFileWriter(writerOptions());
      const h = w1.header();
      w2.header();
      here.header(h);
      thread.header(h);
      for (const from of [1, 13]) {
        const t = w1.transaction(broken(from));
        w2.transaction(broken(from));
        here.transaction(t);
        await thread.transaction(t);
      }
      const trailer = w1.trailer();
      const expected = here.trailer(trailer);
      const verdict = await thread.trailer(trailer);
      expect(verdict).toEqual(expected);
      expect([verdict.errors, verdict.warnings]).toEqual([2, 2]); // empty SV101-2 errors, bad NPI warns
      expect(verdict.issues.map((i) => i.patientControlNumber)).toEqual([
        'PCN0000005',
        'PCN0000010',
        'PCN0000017',
        'PCN0000022',
      ]);
    } finally {
      await thread.close();
    }
  });
});
