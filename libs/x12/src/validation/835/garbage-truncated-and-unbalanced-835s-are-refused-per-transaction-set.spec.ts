import * as fs from 'node:fs';
import * as path from 'node:path';
import { stream835 } from '../../835/reader';
import type { RemittanceSetReport } from '../validate';
import { validateX12, validateX12Stream } from '../validate';

const BASE = fs.readFileSync(
  path.join(__dirname, '..', '..', '__fixtures__', 'stupidedi__multiple-claims-single-check.edi'),
  'latin1',
);
const segments = BASE.split('~')
  .map((s) => s.replace(/^\s+/, ''))
  .filter((s) => s !== '');
const st = segments.findIndex((s) => s.startsWith('ST*'));
const se = segments.findIndex((s) => s.startsWith('SE*'));
const body = segments.slice(st + 1, se);

async function* chunks(text: string): AsyncGenerator<string> {
  yield text;
}

/** One interchange with the given 835 bodies (BPR…PLB), ST02 0001, 0002 …, counts right. */
function file835(...bodies: string[][]): string {
  const sets = bodies.flatMap((b, i) => {
    const control = String(i + 1).padStart(4, '0');
    return [`ST*835*${control}*005010X221A1`, ...b, `SE*${b.length + 2}*${control}`];
  });
  return [...segments.slice(0, 2), ...sets, `GE*${bodies.length}*278`, 'IEA*1*000000195']
    .map((s) => `${s}~`)
    .join('\n');
}

function reports(text: string): {
  result: ReturnType<typeof validateX12>;
  sets: RemittanceSetReport[];
  claims: string[];
} {
  const sets: RemittanceSetReport[] = [];
  const claims: string[] = [];
  const result = validateX12(text, {
    remittance: { claim: (c) => claims.push(c.claimId), transaction: (r) => sets.push(r) },
  });
  return { result, sets, claims };
}

describe('garbage, a truncated 835 and an unbalanced transaction set', () => {
  it('two clean sets: each reported clean, claims delivered as they end', () => {
    const { result, sets, claims } = reports(file835(body, body));
    expect(result.errors).toBe(0);
    expect(sets.map((s) => [s.advice.controlNumber, s.errors, s.closed, s.issues])).toEqual([
      ['0001', 0, true, []],
      ['0002', 0, true, []],
    ]);
    expect(claims).toHaveLength(2 * body.filter((s) => s.startsWith('CLP*')).length);
  });

  it('a set that does not balance carries its balancing report among its own issues; the other is clean', () => {
    const unbalanced = body.map((s) => (s.startsWith('BPR*') ? s.replace('*810.8*', '*800*') : s));
    const { result, sets } = reports(file835(body, unbalanced));
    expect(sets[0]).toMatchObject({ errors: 0, issues: [], balancing: [] });
    const bad = sets[1];
    expect(bad.errors).toBe(1);
    expect(bad.balancing).toEqual([
      expect.objectContaining({
        level: 'transaction',
        expectedCents: 81080,
        actualCents: 80000,
        transactionControlNumber: '0002',
      }),
    ]);
    expect(bad.issues).toEqual([
      expect.objectContaining({
        code: 'UNBALANCED_TRANSACTION',
        segmentId: 'BPR',
        element: 'BPR02',
        loop: 'HEADER',
        segmentOrdinal: 2 + (body.length + 2) + 2, // ISA GS, set 1 with ST and SE, ST, BPR
      }),
    ]);
    expect(bad.issues[0].message).toMatch(
      /BPR02 is 800, but the claims paid 810\.8 less provider-level adjustments \(PLB\) of 0/,
    );
    expect(result.errors).toBe(1);
  });

  it('a claim that does not balance is reported in its set with the claim and line figures', () => {
    const at = body.indexOf('CAS*CO*131*21');
    const broken = [...body.slice(0, at), 'CAS*CO*131*20', ...body.slice(at + 1)];
    const { sets } = reports(file835(broken));
    expect(sets[0].issues.map((i) => [i.code, i.segmentId, i.element])).toEqual([
      ['UNBALANCED_CLAIM', 'CLP', 'CLP04'],
      ['UNBALANCED_LINE', 'SVC', 'SVC03'],
    ]);
    expect(sets[0].balancing.map((b) => [b.level, b.claimId])).toEqual([
      ['line', '7722337'],
      ['claim', '7722337'],
    ]);
  });

  it('a truncated file (no SE, GE, IEA): the set is reported not closed, with SE_MISSING among its issues', async () => {
    const whole = file835(body);
    const cut = whole.slice(0, whole.indexOf('LX*3~'));
    const { result, sets, claims } = reports(cut);
    expect(sets).toHaveLength(1);
    expect(sets[0].closed).toBe(false);
    expect(sets[0].errors).toBeGreaterThan(0);
    expect(sets[0].issues.map((i) => i.code)).toContain('SE_MISSING');
    expect(result.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['SE_MISSING', 'GE_MISSING', 'IEA_MISSING']),
    );
    expect(claims).toHaveLength(2);
    // The streaming reader says the same to a poster that does not validate.
    const closed: boolean[] = [];
    const summary = await stream835(chunks(cut), { transaction: (_a, _b, c) => closed.push(c) });
    expect(closed).toEqual([false]);
    expect(summary.claims).toBe(2);
  });

  it('a file cut inside a segment, or inside the ISA, is refused with located errors and no exception', async () => {
    const whole = file835(body);
    for (const at of [10, 105, 200, whole.indexOf('CLP*') + 7, whole.length - 5]) {
      const r = await validateX12Stream(chunks(whole.slice(0, at)));
      expect(r.errors).toBeGreaterThan(0);
      for (const i of r.issues)
        expect(i.segmentOrdinal !== undefined || i.offset !== undefined || i.loop !== undefined).toBe(true);
    }
  });

  it('garbage: errors, no transaction set reported, and the reader says nothing balanced', async () => {
    for (const junk of [
      'hello, this is not an 835',
      '\u0000\u0001\u0002\u00ff'.repeat(50),
      '{"BPR":"810.80"}',
      '',
    ]) {
      const { result, sets } = reports(junk);
      expect(result.errors).toBeGreaterThan(0);
      expect(sets).toEqual([]);
      const summary = await stream835(chunks(junk), {});
      expect(summary).toMatchObject({ transactions: 0, claims: 0, balanced: false });
    }
  });
});
