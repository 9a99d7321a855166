import * as fs from 'node:fs';
import * as path from 'node:path';
import { InMemoryControlNumbers } from '../envelope/writer';
import { singleLineClaimFile } from '../837/sample-claims';
import { write837 } from '../837/writer';
import { validateX12 } from '../validation/validate';
import { readCorpus, corpusFiles } from '../test/x12-corpus';
import { parse999 } from './reader';
import { acknowledge837, write999 } from './writer';

const fixture = (f: string) => fs.readFileSync(path.join(__dirname, '..', '__fixtures__', f));
const AT = new Date('2024-03-01T12:00:00Z');

describe('999 for a received 837', () => {
  it('accepts a clean claim file (IK5*A, AK9*A) and the 999 itself validates', () => {
    const text = write999(acknowledge837(write837(singleLineClaimFile())), {
      at: AT,
      controlNumbers: new InMemoryControlNumbers(5),
    });
    expect(text).toContain('AK1*HC*1*005010X222A1~');
    expect(text).toContain('AK2*837*0001*005010X222A1~\nIK5*A~\nAK9*A*1*1*1~');
    expect(validateX12(text).issues).toEqual([]);
  });

  it('rejects a claim file with segment errors, naming segment position, element and claim (IK3/CTX/IK4)', () => {
    const ack = acknowledge837(fixture('stupidedi__oxygen.edi'));
    const tx = ack.groups[0].transactions[0];
    expect(tx.status).toBe('R');
    expect(tx.syntaxErrors).toContain('5');
    const pwk = tx.segmentErrors.find((s) => s.segmentId === 'PWK');
    expect(pwk).toMatchObject({
      position: 22,
      code: '8',
      businessUnit: { name: 'CLM01', value: expect.any(String) },
      elementErrors: [{ position: 2, code: '7' }],
    });
    expect(ack.groups[0]).toMatchObject({ status: 'R', included: 1, received: 1, accepted: 0 });
    const text = write999(ack, { at: AT });
    expect(validateX12(text).errors).toBe(0);
  });

  it('names a missing segment in IK3 (code 3) at the position where it was expected', () => {
    const tx = acknowledge837(fixture('imsweb__x12_segment_errors.txt')).groups[0].transactions[0];
    expect(tx.segmentErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ segmentId: 'N3', code: '3' }),
        expect.objectContaining({
          segmentId: 'HI',
          code: '3',
          businessUnit: { name: 'CLM01', value: 'A37YH556' },
        }),
      ]),
    );
  });

  it('reports a wrong SE01 count as IK502 = 4', () => {
    const broken = write837(singleLineClaimFile()).replace(/SE\*\d+\*/, 'SE*3*');
    const tx = acknowledge837(broken).groups[0].transactions[0];
    expect(tx.status).toBe('R');
    expect(tx.syntaxErrors).toContain('4');
  });

  it('reads back what it wrote', () => {
    const ack = acknowledge837(fixture('imsweb__x12_segment_errors.txt'));
    const back = parse999(write999(ack, { at: AT }));
    expect(back.issues).toEqual([]);
    expect(back.acknowledgments[0].groups).toEqual(ack.groups);
  });
});

describe('999 reader', () => {
  it('reads a rejected 999: AK2 response with IK3 segment error and IK5*R', () => {
    const { acknowledgments, issues } = parse999(fixture('imsweb__x12_999_rejected.txt'));
    expect(issues).toEqual([]);
    const g = acknowledgments[0].groups[0];
    expect(g).toMatchObject({ functionalId: 'HC', status: 'R', included: 1, received: 1, accepted: 0 });
    expect(g.transactions[0].status).toBe('R');
    expect(g.transactions[0].segmentErrors.length).toBeGreaterThan(0);
  });
});

describe('every 999 in the vendored corpus (libs/x12/fixtures)', () => {
  it.each(corpusFiles('999'))('%s reads without throwing, one group per AK1', (file) => {
    const text = readCorpus('999', file);
    const { acknowledgments } = parse999(text);
    const ak1 = (text.toString('latin1').match(/(^|[~\n\s])AK1\*/g) ?? []).length;
    expect(acknowledgments.reduce((s, a) => s + a.groups.length, 0)).toBe(ak1);
  });
});
