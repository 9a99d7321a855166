import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { syntheticClaimFile } from '@revcycle/payer-simulator';
import { parse835, validateX12, write837 } from '@revcycle/x12';
import { registerPayer } from './payer.command';

/** Runs `revcycle payer …` in-process, capturing stdout, stderr and the exit code the command sets. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command('revcycle').exitOverride();
  registerPayer(program);
  const out = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    jest.spyOn(process[stream], 'write').mockImplementation(((chunk: string, cb?: (e?: Error) => void) => {
      out[stream] += chunk;
      if (typeof cb === 'function') cb();
      return true;
    }) as typeof process.stdout.write);
  const spies = [capture('stdout'), capture('stderr')];
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'revcycle', ...args]);
  } finally {
    for (const s of spies) s.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { ...out, exitCode };
}

describe('revcycle payer adjudicate', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-payer-'));
  const claims = path.join(tmp, 'claims.837');
  fs.writeFileSync(claims, write837(syntheticClaimFile(300), { at: new Date('2024-03-01T12:00:00Z') }));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes NAME.999, NAME.277ca and NAME.835 that validate clean, and prints one JSON summary line', async () => {
    const out = path.join(tmp, 'a');
    const r = await run('payer', 'adjudicate', claims, '--out', out, '--seed', '7');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    const files = ['claims.999', 'claims.277ca', 'claims.835'].map((f) => path.join(out, f));
    expect(summary).toEqual({
      claims: 300,
      paid: expect.any(Number),
      partiallyPaid: expect.any(Number),
      denied: expect.any(Number),
      rejected: expect.any(Number),
      reversed: 1,
      secondary: 0,
      transactionSetsRejected: 0,
      totalChargeCents: expect.any(Number),
      totalPaidCents: expect.any(Number),
      files,
    });
    for (const f of files) expect(validateX12(fs.readFileSync(f)).issues).toEqual([]);
    const remit = parse835(fs.readFileSync(files[2]));
    expect(remit.summary).toMatchObject({ balanced: true, totalPaidCents: summary.totalPaidCents });
  });

  it('same seed, byte-identical files; another seed, another 835', async () => {
    await run('payer', 'adjudicate', claims, '--out', path.join(tmp, 'b'), '--seed', '7');
    await run('payer', 'adjudicate', claims, '--out', path.join(tmp, 'c'), '--seed', '7');
    await run('payer', 'adjudicate', claims, '--out', path.join(tmp, 'd'), '--seed', '8');
    for (const f of ['claims.999', 'claims.277ca', 'claims.835'])
      expect(fs.readFileSync(path.join(tmp, 'c', f))).toEqual(fs.readFileSync(path.join(tmp, 'b', f)));
    expect(fs.readFileSync(path.join(tmp, 'd', 'claims.835'))).not.toEqual(
      fs.readFileSync(path.join(tmp, 'b', 'claims.835')),
    );
  });

  it('--fee-schedule and --date: allowed amounts from the schedule, payments dated 14 days after', async () => {
    const fees = path.join(tmp, 'fees.json');
    fs.writeFileSync(fees, JSON.stringify({ defaultAllowedPercent: 70, allowed: { '99213': 9100 } }));
    const out = path.join(tmp, 'e');
    const r = await run(
      'payer',
      'adjudicate',
      claims,
      '--out',
      out,
      '--fee-schedule',
      fees,
      '--date',
      '2024-03-04',
    );
    expect(r.exitCode).toBe(0);
    const text = fs.readFileSync(path.join(out, 'claims.835'), 'latin1');
    expect(text).toMatch(
      /SVC\*HC:99213\*\d+(\.\d+)?\*[\d.]+~\nDTM\*472\*20240220~\nCAS\*CO\*45\*[\d.]+~(\nCAS\*PR\*\d\*[\d.]+~)?\nAMT\*B6\*91~/,
    );
    expect(text).toContain('*20240318~\nTRN*1*');
  });

  it('a bad fee schedule is a usage error naming the field', async () => {
    const fees = path.join(tmp, 'bad-fees.json');
    fs.writeFileSync(fees, JSON.stringify({ allowed: { '99213': '95.00' } }));
    await expect(run('payer', 'adjudicate', claims, '--out', tmp, '--fee-schedule', fees)).rejects.toThrow(
      /bad-fees.json: allowed."99213" must be integer cents/,
    );
  });

  it('exit 1 with a located error on a file that is no readable 837, and writes nothing', async () => {
    const bad = path.join(tmp, 'bad.837');
    fs.writeFileSync(bad, 'this is not an X12 file');
    const out = path.join(tmp, 'f');
    const r = await run('payer', 'adjudicate', bad, '--out', out);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.837: not a readable 837: ERROR \[ISA_\w+\] .*byte 0/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
