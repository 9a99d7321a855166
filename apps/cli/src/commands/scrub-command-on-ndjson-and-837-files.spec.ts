import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Runs the real command from sources (transpiled on the fly), as a user would run `revcycle scrub`.
const root = resolve(__dirname, '..', '..', '..', '..');
const run = (args: string[], input?: string) =>
  spawnSync(
    process.execPath,
    ['-r', join(root, 'libs/codesets/scripts/ts-register.js'), join(root, 'apps/cli/src/main.ts'), ...args],
    { cwd: root, input, encoding: 'utf8' },
  );

const claim = (id: string, lines: object[]) => ({
  claimId: id,
  payerId: '87726',
  subscriberId: 'W1',
  patient: { birthDate: '1970-05-15', sex: 'F' },
  billingProvider: {
    npi: '1234567893',
    taxId: '123456789',
    address: { line1: '1 Main', city: 'Springfield', state: 'IL', postalCode: '627011234' },
  },
  placeOfService: '11',
  diagnoses: ['E119'],
  lines,
});
const l = (code: string) => ({
  procedureCode: code,
  units: 1,
  chargeCents: 100,
  serviceDate: '2025-11-03',
  diagnosisPointers: [1],
});

describe('revcycle scrub', () => {
  it('NDJSON file: one result per line, a located error for a malformed line, then the summary; exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrub-'));
    const file = join(dir, 'claims.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify(claim('A', [l('99213')])),
        '{oops',
        JSON.stringify(claim('B', [l('45380'), l('45378')])),
        '',
      ].join('\n'),
    );
    const r = run(['scrub', file, '--as-of', '2025-12-01', '--threads', '1']);
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x));
    expect(out.slice(0, 3).map((x) => x.status)).toEqual(['clean', 'rejected', 'rejected']);
    expect(out[1].edits[0].message).toMatch(/^Input line 2: not JSON/);
    expect(out[2].edits.map((e: { id: string }) => e.id)).toEqual(['PTP_MODIFIER_NOT_ALLOWED']);
    expect(out[3].summary).toMatchObject({ claims: 3, clean: 1, rejected: 2, unreadable: 1 });
  }, 60000);

  it('stdin (-) works the same way', () => {
    const r = run(['scrub', '-', '--as-of', '2025-12-01'], `${JSON.stringify(claim('A', [l('99213')]))}\n`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n')[0]!)).toEqual({ claimId: 'A', status: 'clean', edits: [] });
  }, 60000);

  it('837P file: reads the claims through @revcycle/x12 (CLM01 as claim id)', () => {
    const file = join(root, 'libs/x12/src/837/__fixtures__/golden/professional-single-line.837');
    const r = run(['scrub', file, '--as-of', '2024-03-01']);
    expect(r.status).toBe(0);
    const [result, summary] = r.stdout
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x));
    expect(result).toMatchObject({ claimId: 'PCN0001', status: 'warning' });
    expect(result.edits.map((e: { id: string }) => e.id)).toEqual(['ICD_RELEASE_NOT_LOADED']);
    expect(summary.summary.claims).toBe(1);
  }, 60000);

  it('a missing file or bad rules file is a usage error (exit 2) with a clear message', () => {
    const r = run(['scrub', '/no/such/file.ndjson']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
    const dir = mkdtempSync(join(tmpdir(), 'scrub-'));
    const rules = join(dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({ rules: [{ id: 'x', when: { field: 'nope', equals: 1 }, message: 'm' }] }),
    );
    const bad = run(['scrub', '-', '--rules', rules], '');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/rules\[0\]\.when\.field: unknown field 'nope'/);
  }, 60000);
});
