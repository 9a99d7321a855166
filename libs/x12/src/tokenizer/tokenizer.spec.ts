import { tokenize } from './tokenizer';
import { readTransactionSets } from '../envelope/reader';

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*000000001*0*T*:~';

describe('X12Tokenizer', () => {
  it('reads delimiters from the ISA and gives each segment its ordinal and byte offset', () => {
    const text = `${ISA}GS*HC*S*R*20240101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~SE*2*0001~GE*1*1~IEA*1*000000001~`;
    const { segments, issues } = tokenize(text);
    expect(issues).toEqual([]);
    expect(segments.map((s) => s.id)).toEqual(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA']);
    expect(segments[1].ordinal).toBe(2);
    expect(segments[1].offset).toBe(ISA.length);
    expect(segments[0].delimiters).toEqual({ element: '*', repetition: '^', component: ':', segment: '~' });
  });

  it('splits a file fed byte by byte exactly like the whole file', () => {
    const text = `${ISA}\r\nGS*HC*S*R*20240101*1200*1*X*005010X222A1~\r\nST*837*0001~\nSE*2*0001~GE*1*1~IEA*1*000000001~\n`;
    const whole = tokenize(text).segments.map((s) => [s.elements, s.offset]);
    const { X12Tokenizer } = jest.requireActual('./tokenizer');
    const parts: unknown[] = [];
    const t = new X12Tokenizer({
      segment: (s: { elements: string[]; offset: number }) => parts.push([s.elements, s.offset]),
    });
    const buf = Buffer.from(text);
    for (let i = 0; i < buf.length; i++) t.write(buf.subarray(i, i + 1));
    t.end();
    expect(parts).toEqual(whole);
  });

  it('accepts other delimiters and a newline terminator', () => {
    const isa = ISA.replace(/\*/g, '|').replace(/:~$/, '>\n');
    const { segments } = tokenize(`${isa}GS|HC|S|R|20240101|1200|1|X|005010X222A1\nST|837|0001\n`);
    expect(segments[2].elements).toEqual(['ST', '837', '0001']);
    expect(segments[2].delimiters.component).toBe('>');
  });

  it('skips a byte-order mark and reports leading spaces', () => {
    const { segments } = tokenize(`\ufeff${ISA}\n   GS*HC~`);
    expect(segments[0].id).toBe('ISA');
    expect(segments[1].leadingWhitespace).toBe(3);
  });

  it('decodes UTF-8 text inside elements', () => {
    const { segments } = tokenize(`${ISA}NM1*IL*1*MUÑOZ*JOSÉ~`);
    expect(segments[1].elements[3]).toBe('MUÑOZ');
  });

  it('reports a missing ISA and a truncated last segment instead of throwing', () => {
    expect(tokenize('hello world').issues.map((i) => i.code)).toEqual(['ISA_EXPECTED', 'ISA_MISSING']);
    const r = tokenize(`${ISA}GS*HC*S*R`);
    expect(r.issues.map((i) => i.code)).toEqual(['SEGMENT_UNTERMINATED']);
    expect(r.segments[1].elements).toEqual(['GS', 'HC', 'S', 'R']);
  });
});

describe('EnvelopeReader', () => {
  it('checks SE01, GE01, IEA01 counts and control numbers', () => {
    const text = `${ISA}GS*HC*S*R*20240101*1200*7*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019~SE*9*0002~GE*2*8~IEA*3*000000002~`;
    const { transactions, issues } = readTransactionSets(text);
    expect(transactions).toHaveLength(1);
    expect(transactions[0].body.map((s) => s.id)).toEqual(['BHT']);
    expect(issues.map((i) => i.code).sort()).toEqual(
      [
        'GE_CONTROL_MISMATCH',
        'GE_COUNT',
        'IEA_CONTROL_MISMATCH',
        'IEA_COUNT',
        'SE_CONTROL_MISMATCH',
        'SE_COUNT',
      ].sort(),
    );
    const se = issues.find((i) => i.code === 'SE_COUNT');
    expect(se).toMatchObject({ segmentOrdinal: 5, segmentId: 'SE', element: 'SE01' });
  });

  it('still delivers a transaction whose interchange is never closed', () => {
    const { transactions, issues } = readTransactionSets(
      `${ISA}GS*HC*S*R*20240101*1200*7*X*005010X222A1~ST*837*0001~BHT*0019~`,
    );
    expect(transactions).toHaveLength(1);
    expect(issues.map((i) => i.code)).toEqual(['SE_MISSING', 'GE_MISSING', 'IEA_MISSING']);
  });
});
