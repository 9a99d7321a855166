import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { X12Issue } from '../common/issue';
import { parse837 } from '../837/reader';
import { parse835 } from '../835/reader';
import { parse999 } from '../999/reader';
import { acknowledge837 } from '../999/writer';
import { parse277ca } from '../277ca/reader';
import { validateX12 } from '../validation/validate';
import { readTransactionSets } from '../envelope/reader';

const dir = path.join(__dirname, '..', '__fixtures__');
const bases = fs
  .readdirSync(dir)
  .filter((f) => !f.endsWith('.md'))
  .map((f) => fs.readFileSync(path.join(dir, f)));

/** A mutation of a real file: truncation, byte flips, inserted garbage, dropped or duplicated spans. */
const mutated = fc
  .record({
    base: fc.constantFrom(...bases),
    ops: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('flip' as const),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          bytes: fc.uint8Array({ maxLength: 40 }),
        }),
        fc.record({
          kind: fc.constant('delete' as const),
          at: fc.nat(),
          length: fc.integer({ min: 1, max: 200 }),
        }),
        fc.record({
          kind: fc.constant('duplicate' as const),
          at: fc.nat(),
          length: fc.integer({ min: 1, max: 200 }),
        }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ base, ops }) => {
    let buf = Buffer.from(base);
    for (const op of ops) {
      const at = buf.length === 0 ? 0 : op.at % buf.length;
      if (op.kind === 'truncate') buf = buf.subarray(0, at);
      else if (op.kind === 'flip' && buf.length > 0) {
        buf = Buffer.from(buf);
        buf[at] = op.byte;
      } else if (op.kind === 'insert')
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(op.bytes), buf.subarray(at)]);
      else if (op.kind === 'delete') buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + op.length)]);
      else if (op.kind === 'duplicate')
        buf = Buffer.concat([buf.subarray(0, at + op.length), buf.subarray(at)]);
    }
    return buf;
  });

const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  fc
    .uint8Array({ maxLength: 600 })
    .map((b) =>
      Buffer.concat([
        Buffer.from(
          'ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*^*00501*000000001*0*T*:~',
        ),
        Buffer.from(b),
      ]),
    ),
  fc.string({ maxLength: 400 }).map((s) => Buffer.from(`ISA${s}`)),
);

function located(issues: X12Issue[]): boolean {
  return issues.every(
    (i) => i.segmentOrdinal !== undefined || i.offset !== undefined || i.loop !== undefined,
  );
}

function readEverything(input: Buffer): void {
  const v = validateX12(input);
  expect(v.errors + v.warnings).toBe(v.issues.length);
  expect(located(v.issues)).toBe(true);
  const p = parse837(input);
  expect(p.summary.claims).toBeGreaterThanOrEqual(0);
  const r = parse835(input);
  expect(typeof r.summary.balanced).toBe('boolean');
  parse999(input);
  parse277ca(input);
  acknowledge837(input);
}

describe('bad input never crashes or hangs the readers (fuzz)', () => {
  it('mutated real files: located errors, no exceptions', () => {
    fc.assert(
      fc.property(mutated, (input) => readEverything(input)),
      { numRuns: 400 },
    );
  });

  it('binary garbage and broken ISA headers: located errors, no exceptions', () => {
    fc.assert(
      fc.property(garbage, (input) => readEverything(input)),
      { numRuns: 300 },
    );
  });
});

describe('bad input gives the right located error', () => {
  const good = fs.readFileSync(path.join(dir, 'uhin__837.edi'), 'latin1');

  it('a truncated file says so, and the claims before the cut are still read', () => {
    const cut = good.slice(0, good.indexOf('SE*'));
    const v = validateX12(cut);
    expect(v.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['SE_MISSING', 'GE_MISSING', 'IEA_MISSING']),
    );
    expect(parse837(cut).summary.claims).toBe(1);
  });

  it('a file that is not X12 at all', () => {
    const v = validateX12('%PDF-1.7 this is a PDF, not a claim file');
    expect(v.issues[0]).toMatchObject({ code: 'ISA_EXPECTED', offset: 0 });
    expect(v.errors).toBeGreaterThan(0);
  });

  it('an ISA without its fixed widths is reported but the interchange is still read', () => {
    const broken = good.replace(/^ISA\*00\* {10}\*/, 'ISA*00**');
    const v = validateX12(broken);
    expect(v.issues.map((i) => i.code)).toContain('ISA_NOT_FIXED_WIDTH');
    expect(parse837(broken).summary.claims).toBe(1);
  });

  it('mismatched control numbers and counts are each located at their trailer element', () => {
    const broken = good
      .replace(/SE\*(\d+)\*/, 'SE*99*')
      .replace(/GE\*1\*/, 'GE*2*')
      .replace(/IEA\*1\*\d+/, 'IEA*1*000000999');
    const v = validateX12(broken);
    expect(
      v.issues
        .filter((i) => ['SE_COUNT', 'GE_COUNT', 'IEA_CONTROL_MISMATCH'].includes(i.code))
        .map((i) => i.element)
        .sort(),
    ).toEqual(['GE01', 'IEA02', 'SE01']);
  });

  it('an unknown segment inside a claim is located and reading goes on', () => {
    const broken = good.replace('HI*', 'ZZZ*WHAT~HI*');
    const v = validateX12(broken);
    expect(v.issues.some((i) => i.segmentId === 'ZZZ')).toBe(true);
    expect(parse837(broken).summary.claims).toBe(1);
  });

  it('a valid transaction set inside a broken interchange is still delivered', () => {
    const broken = good.replace(/GE\*[^~]*~\s*IEA\*[^~]*~\s*$/, '');
    const { transactions, issues } = readTransactionSets(broken);
    expect(transactions).toHaveLength(1);
    expect(issues.map((i) => i.code)).toEqual(['GE_MISSING', 'IEA_MISSING']);
  });
});
