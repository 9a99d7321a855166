import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The real `revcycle` process (sources transpiled on the fly) on real files, good and broken: the exit
// status is the contract scripts rely on (0 clean, 1 the file has errors, 2 usage or I/O).
const root = resolve(__dirname, '..', '..', '..', '..');
const corpus = join(root, 'libs/x12/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'revcycle-exit-'));

interface Run {
  status: number;
  stdout: string;
}
const revcycle = (args: string[]) =>
  new Promise<Run>((done) =>
    execFile(
      process.execPath,
      ['-r', join(root, 'libs/codesets/scripts/ts-register.js'), join(root, 'apps/cli/src/main.ts'), ...args],
      { cwd: root, maxBuffer: 64 << 20 },
      (err, stdout) => done({ status: err ? Number(err.code) : 0, stdout }),
    ),
  );

/** Writes `name` in the temp dir: a corpus file with each [from, to] replacement applied (each must match). */
function broken(name: string, source: string, edits: [string, string][]): string {
  let text = readFileSync(join(corpus, source), 'latin1');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${source} has no "${from}" to break`);
    text = text.replace(from, to);
  }
  const file = join(dir, name);
  writeFileSync(file, text, 'latin1');
  return file;
}

const clean837 = join(corpus, '837p/uhin__837.edi');
const clean835 = join(corpus, '835/stupidedi__dollars-and-data-sent-together.edi');
const rejecting999 = join(corpus, '999/imsweb__x12_999_rejected.txt');
const rejecting277 = join(corpus, '277ca/imsweb__x12_277CA_rejected.txt');
const empty = join(dir, 'empty.x12');
writeFileSync(empty, '');
const badDates = broken('bad-dates.837', '837p/uhin__837.edi', [
  ['DTP*472*RD8*20240815-20240820', 'DTP*472*D8*20250230'],
  ['DMG*D8*19461111', 'DMG*D8*19461131'],
]);
const negative = broken('negative.837', '837p/uhin__837.edi', [
  ['CLM*1606*2*', 'CLM*1606*-2*'],
  ['SV1*HC:90834*2*', 'SV1*HC:90834*-2*'],
]);
const unbalanced = broken('unbalanced.835', '835/stupidedi__dollars-and-data-sent-together.edi', [
  ['BPR*C*150000*', 'BPR*C*150001*'],
]);
const badCount999 = broken('bad-count.999', '999/imsweb__x12_999_rejected.txt', [['SE*7*', 'SE*9*']]);
const badCount277 = broken('bad-count.277', '277ca/imsweb__x12_277CA_rejected.txt', [['SE*24*', 'SE*25*']]);

const cases: Record<string, string[]> = {
  'parse clean 837': ['837', 'parse', clean837],
  'parse bad dates': ['837', 'parse', badDates],
  'stream bad dates': ['837', 'parse', '--summary-only', badDates],
  'validate bad dates': ['x12', 'validate', badDates],
  'parse negative': ['837', 'parse', negative],
  'validate negative': ['x12', 'validate', negative],
  'parse empty 837': ['837', 'parse', empty],
  'parse clean 835': ['835', 'parse', clean835],
  'stream clean 835': ['835', 'parse', '--summary-only', clean835],
  'parse unbalanced 835': ['835', 'parse', unbalanced],
  'parse empty 835': ['835', 'parse', empty],
  'stream empty 835': ['835', 'parse', '--summary-only', empty],
  'parse rejecting 999': ['999', 'parse', rejecting999],
  'parse broken 999': ['999', 'parse', badCount999],
  'parse empty 999': ['999', 'parse', empty],
  'parse rejecting 277': ['277ca', 'parse', rejecting277],
  'parse broken 277': ['277ca', 'parse', badCount277],
  'parse empty 277': ['277ca', 'parse', empty],
  'json clean': ['x12', 'to-json', clean837],
  'json broken': ['x12', 'to-json', badCount999],
  'json empty': ['x12', 'to-json', empty],
  'parse missing file': ['837', 'parse', join(dir, 'nope.837')],
};
const runs = new Map<string, Run>();

beforeAll(async () => {
  // Three processes at a time: each transpiles the CLI and the x12 library on start.
  const queue = Object.entries(cases);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) runs.set(next[0], await revcycle(next[1]));
  };
  await Promise.all([worker(), worker(), worker()]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (name: string) => {
  const r = runs.get(name);
  if (!r) throw new Error(`no run named ${name}`);
  return r;
};
const out = (name: string) => JSON.parse(result(name).stdout);
type Issue = { severity: string; code: string; element?: string; segmentOrdinal?: number; message: string };
const located = (issues: Issue[]) =>
  issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.element}#${i.segmentOrdinal}`);

describe('revcycle 837 parse', () => {
  it('a clean file: exit 0, no errors', () => {
    expect(result('parse clean 837').status).toBe(0);
    expect(located(out('parse clean 837').issues)).toEqual([]);
  });

  it('impossible dates: exit 1, flagged as `x12 validate` flags them (same code, element, segment, message)', () => {
    const parsed = out('parse bad dates').issues.filter((i: Issue) => i.code === 'DATE_INVALID');
    expect(located(parsed).sort()).toEqual(['DATE_INVALID@DMG02#19', 'DATE_INVALID@DTP03#25']);
    expect(result('parse bad dates').status).toBe(1);
    expect(result('stream bad dates').status).toBe(1);
    expect(located(out('stream bad dates').issues)).toEqual(located(out('parse bad dates').issues));
    const validated = result('validate bad dates');
    expect(validated.status).toBe(1);
    for (const i of parsed as Issue[]) {
      expect(validated.stdout).toContain(`ERROR [DATE_INVALID] segment ${i.segmentOrdinal} · `);
      expect(validated.stdout).toContain(i.message);
    }
  });

  it('negative CLM02 and SV102: located errors in parse (exit 1) and in validate (exit 1)', () => {
    expect(result('parse negative').status).toBe(1);
    expect(located(out('parse negative').issues)).toEqual([
      'AMOUNT_NEGATIVE@CLM02#21',
      'AMOUNT_NEGATIVE@SV102#24',
    ]);
    const validated = result('validate negative');
    expect(validated.status).toBe(1);
    expect(validated.stdout).toContain('ERROR [AMOUNT_NEGATIVE] segment 21 · CLM · loop 2300 · CLM02');
    expect(validated.stdout).toContain('ERROR [AMOUNT_NEGATIVE] segment 24 · SV1 · loop 2400 · SV102');
  });

  it('an empty file is an error (exit 1, ISA_MISSING)', () => {
    expect(result('parse empty 837').status).toBe(1);
    expect(located(out('parse empty 837').issues)).toEqual(['ISA_MISSING@undefined#undefined']);
  });

  it('a missing file is an I/O error: exit 2', () => {
    expect(result('parse missing file').status).toBe(2);
  });
});

describe('revcycle 835 parse', () => {
  const summaryKeys = [
    'transactions',
    'claims',
    'serviceLines',
    'totalPaidCents',
    'claimPaidCents',
    'totalChargeCents',
    'plbCents',
    'balanced',
    'balancingErrors',
  ];

  it('a clean, balanced file: exit 0; totalPaidCents is Σ BPR02, claimPaidCents is Σ CLP04', () => {
    expect(result('parse clean 835').status).toBe(0);
    const { summary } = out('parse clean 835');
    expect(Object.keys(summary)).toEqual(summaryKeys);
    // BPR02 150000.00 = Σ CLP04 − Σ PLB, with a PLB of −1.27
    expect(summary).toMatchObject({ totalPaidCents: 15000000, claimPaidCents: 14999873, plbCents: -127 });
    expect(summary.balanced).toBe(true);
    expect(result('stream clean 835').status).toBe(0);
    expect(out('stream clean 835').summary).toEqual(summary);
  });

  it('a file that does not balance: exit 1, balanced false', () => {
    expect(result('parse unbalanced 835').status).toBe(1);
    expect(out('parse unbalanced 835').summary).toMatchObject({ balanced: false, balancingErrors: 1 });
  });

  it('an empty file is not balanced: exit 1, parsed or streamed', () => {
    for (const name of ['parse empty 835', 'stream empty 835']) {
      expect([name, result(name).status]).toEqual([name, 1]);
      expect(out(name).summary).toMatchObject({ transactions: 0, balanced: false });
      expect(Object.keys(out(name).summary)).toEqual(summaryKeys);
    }
  });
});

describe('revcycle 999 parse / 277ca parse / x12 to-json', () => {
  it('rejections are content, not file errors: exit 0', () => {
    expect(out('parse rejecting 999').summary.rejected).toBeGreaterThan(0);
    expect(result('parse rejecting 999').status).toBe(0);
    expect(out('parse rejecting 277').summary.rejected).toBeGreaterThan(0);
    expect(result('parse rejecting 277').status).toBe(0);
  });

  it('a wrong SE01 count: exit 1 with the located SE_COUNT error', () => {
    for (const name of ['parse broken 999', 'parse broken 277', 'json broken']) {
      expect([name, result(name).status]).toEqual([name, 1]);
      expect(out(name).issues.map((i: Issue) => i.code)).toContain('SE_COUNT');
    }
  });

  it('empty files: exit 1', () => {
    for (const name of ['parse empty 999', 'parse empty 277', 'json empty'])
      expect([name, result(name).status]).toEqual([name, 1]);
  });

  it('to-json of a clean file: exit 0', () => {
    expect(result('json clean').status).toBe(0);
    expect(out('json clean').segmentCount).toBe(28);
  });
});
