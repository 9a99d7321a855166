import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerX12 } from './x12.command';
import { register837 } from './837.command';
import { register835 } from './835.command';
import { register999 } from './999.command';
import { register277ca } from './277ca.command';

const FIXTURES = path.resolve(__dirname, '../../../../libs/x12/src/__fixtures__');

/** Runs `revcycle …` in-process, capturing stdout and the exit code the command sets. */
async function run(...args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const program = new Command('revcycle').exitOverride();
  registerX12(program);
  register837(program);
  register835(program);
  register999(program);
  register277ca(program);
  let stdout = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((
    chunk: string,
    cb?: (e?: Error) => void,
  ) => {
    stdout += chunk;
    if (typeof cb === 'function') cb();
    return true;
  }) as typeof process.stdout.write);
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'revcycle', ...args]);
  } finally {
    spy.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, exitCode };
}

describe('revcycle x12 / 837 / 835 / 999 commands', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-x12-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('x12 validate: clean file → last line errors=0 warnings=M, exit 0', async () => {
    const r = await run('x12', 'validate', path.join(FIXTURES, 'uhin__837.edi'));
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('errors=0 warnings=0');
    expect(r.exitCode).toBe(0);
  });

  it('x12 validate: defects → located lines, last line errors=N warnings=M, exit 1', async () => {
    const r = await run('x12', 'validate', path.join(FIXTURES, 'stupidedi__oxygen.edi'));
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.pop()).toMatch(/^errors=[1-9]\d* warnings=\d+$/);
    expect(lines).toContain(
      'ERROR [CODE_INVALID] segment 24 · PWK · loop 2400 · PWK02 · byte 749: Attachment transmission code "AD" (PWK02) is not valid in 5010: use AA available on request, BM by mail, EL electronically, EM e-mail, FT file transfer or FX fax.',
    );
    expect(r.exitCode).toBe(1);
  });

  it('x12 validate: an 835 with a qualifier outside the guide and a CAS reason outside the CARC list, exit 1', async () => {
    const clean = fs.readFileSync(
      path.join(FIXTURES, 'stupidedi__multiple-claims-single-check.edi'),
      'latin1',
    );
    expect(
      (await run('x12', 'validate', path.join(FIXTURES, 'stupidedi__multiple-claims-single-check.edi')))
        .exitCode,
    ).toBe(0);
    const bad = clean.replace('AMT*AU*132~', 'AMT*ZZ*132~').replace('CAS*CO*131*21~', 'CAS*CO*Q99*21~');
    const file = path.join(tmp, 'bad.835');
    fs.writeFileSync(file, bad, 'latin1');
    const r = await run('x12', 'validate', file);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.pop()).toBe('errors=2 warnings=0');
    expect(lines[0]).toMatch(/^ERROR \[CODE_INVALID\] segment \d+ · AMT · loop 2100 · AMT01 · byte \d+: /);
    expect(lines[1]).toMatch(
      /^ERROR \[CODE_INVALID\] segment \d+ · CAS · loop 2110 · CAS02 · byte \d+: .*"Q99" is not in the CARC list/,
    );
    expect(r.exitCode).toBe(1);
  });

  it('x12 validate: a missing file is an I/O error (exit 2 via main)', async () => {
    await expect(run('x12', 'validate', path.join(tmp, 'nope.837'))).rejects.toThrow(/no such file/);
  });

  it('837 parse prints the summary object first, and 837 generate accepts exactly that JSON (round trip)', async () => {
    const parsed = await run(
      '837',
      'parse',
      path.join(FIXTURES, 'stupidedi__COB-claim-from-billing-provider-to-payer-b.edi'),
    );
    const json = JSON.parse(parsed.stdout);
    expect(Object.keys(json)).toEqual(['summary', 'interchange', 'transactions', 'issues']);
    expect(json.summary).toEqual({ transactions: 1, claims: 1, serviceLines: 3, totalChargeCents: 7904 });
    const input = path.join(tmp, 'claims.json');
    fs.writeFileSync(input, parsed.stdout);
    const out = path.join(tmp, 'out.837');
    const gen = await run('837', 'generate', '--input', input, '--out', out);
    expect(gen.exitCode).toBe(0);
    const again = JSON.parse((await run('837', 'parse', out)).stdout);
    expect(again.summary).toEqual(json.summary);
    const strip = (t: { controlNumber?: string }[]) => t.map((x) => ({ ...x, controlNumber: undefined }));
    expect(strip(again.transactions)).toEqual(strip(json.transactions));
  });

  it('837 parse --summary-only streams and prints the same summary', async () => {
    const file = path.join(FIXTURES, 'stupidedi__COB-claim-from-billing-provider-to-payer-b.edi');
    const full = JSON.parse((await run('837', 'parse', file)).stdout);
    const streamed = JSON.parse((await run('837', 'parse', '--summary-only', file)).stdout);
    expect(streamed).toEqual({ summary: full.summary, issues: [] });
  });

  it('835 parse prints the summary with the balancing fields in the documented order', async () => {
    const r = await run('835', 'parse', path.join(FIXTURES, 'stupidedi__dollars-and-data-sent-together.edi'));
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.summary)).toEqual([
      'transactions',
      'claims',
      'serviceLines',
      'totalPaidCents',
      'claimPaidCents',
      'totalChargeCents',
      'plbCents',
      'balanced',
      'balancingErrors',
    ]);
    expect(json.summary).toMatchObject({
      claims: 2,
      totalPaidCents: 15000000,
      claimPaidCents: 14999873, // Σ CLP04; BPR02 = Σ CLP04 − Σ PLB = 14999873 − (−127)
      plbCents: -127,
      balanced: true,
      balancingErrors: 0,
    });
    const streamed = JSON.parse(
      (
        await run(
          '835',
          'parse',
          '--summary-only',
          path.join(FIXTURES, 'stupidedi__dollars-and-data-sent-together.edi'),
        )
      ).stdout,
    );
    expect(streamed.summary).toEqual(json.summary);
  });

  it('999 generate acknowledges a received 837', async () => {
    const r = await run('999', 'generate', path.join(FIXTURES, 'uhin__837.edi'));
    expect(r.stdout).toMatch(/^ISA\*/);
    expect(r.stdout).toContain('IK5*A~');
    expect(r.stdout).toContain('AK9*A*1*1*1~');
  });
});

describe('837 generate rejects malformed claims JSON with the path of the problem', () => {
  it('names the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-x12-bad-'));
    const input = path.join(dir, 'bad.json');
    fs.writeFileSync(
      input,
      JSON.stringify({
        transactions: [
          {
            kind: 'professional',
            header: {},
            submitter: {},
            receiver: {},
            claims: [{ claimId: 'X1', totalChargeCents: 12.5 }],
          },
        ],
      }),
    );
    await expect(run('837', 'generate', '--input', input)).rejects.toThrow(
      'transactions[0].claims[0].billingProvider.provider is required',
    );
    fs.writeFileSync(input, '{"transactions": [');
    await expect(run('837', 'generate', '--input', input)).rejects.toThrow(/not valid JSON/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('x12 to-json', () => {
  it('prints valid JSON with every transaction set and its segments, elements[0] the segment id', async () => {
    const r = await run('x12', 'to-json', path.join(FIXTURES, 'uhin__837.edi'));
    const json = JSON.parse(r.stdout);
    expect(json.transactions).toHaveLength(1);
    expect(json.transactions[0].header).toMatchObject({ id: '837', implementationReference: '005010X222A1' });
    const segs = json.transactions[0].segments;
    expect(segs[0].elements[0]).toBe('ST');
    expect(segs[segs.length - 1].elements[0]).toBe('SE');
    expect(json.segmentCount).toBe(segs.length + 4);
    expect(json.issues).toEqual([]);
  });
});

describe('999 parse and 277ca parse', () => {
  it('999 parse summarises accepted and rejected transaction sets', async () => {
    const r = JSON.parse(
      (await run('999', 'parse', path.join(FIXTURES, 'imsweb__x12_999_rejected.txt'))).stdout,
    );
    expect(r.summary).toEqual({ acknowledgments: 1, transactionSets: 1, accepted: 0, rejected: 1 });
  });

  it('277ca parse lists the rejected claim with its status', async () => {
    const r = JSON.parse(
      (await run('277ca', 'parse', path.join(FIXTURES, 'imsweb__x12_277CA_rejected.txt'))).stdout,
    );
    expect(r.summary).toEqual({ reports: 1, claims: 1, accepted: 0, rejected: 1 });
    expect(r.reports[0].claims[0].statuses[0]).toMatchObject({ category: 'A7', code: '562' });
  });
});
