import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../common/issue';
import { InMemoryControlNumbers } from '../envelope/writer';
import type { ClaimFile } from '../837/model';
import {
  institutionalOutpatientClaimFile,
  manyLinesClaimFile,
  secondaryWithCobClaimFile,
  singleLineClaimFile,
} from '../837/sample-claims';
import { write837 } from '../837/writer';
import { validateX12 } from './validate';

/**
 * Pins what `validateX12` reports, issue for issue and in order, so a refactor of the validators shows
 * any change: every X12 file in the repository (a digest and the codes per file) and damaged sample
 * 837s (each issue in full). Regenerate with UPDATE_GOLDEN=1 after an intended change, and review the diff.
 */
const X12_ROOT = path.resolve(__dirname, '..', '..');
const GOLDEN = path.join(__dirname, '__fixtures__', 'validation-issues.golden.txt');
const AT = new Date('2024-03-01T12:00:00Z');

function x12Files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'LICENSES' ? [] : x12Files(p);
      return e.name.endsWith('.md') ? [] : [p];
    })
    .sort();
}

function sample(build: () => ClaimFile): string[] {
  return write837(build(), { at: AT, controlNumbers: new InMemoryControlNumbers(1001) })
    .split('~')
    .map((s) => s.replace(/^\s+/, ''))
    .filter((s) => s !== '');
}

type Edit = (segments: string[]) => void;
const replace =
  (from: string, ...to: string[]): Edit =>
  (segments) => {
    const i = segments.indexOf(from);
    if (i < 0) throw new Error(`sample has no segment ${from}`);
    segments.splice(i, 1, ...to);
  };
const remove = (...segs: string[]): Edit[] => segs.map((s) => replace(s));
const insertAfter = (at: string, ...added: string[]): Edit => replace(at, at, ...added);

/** Applies the edits and sets SE01 again, so only the damage itself is reported. */
function damaged(base: string[], edits: Edit[]): string {
  const segments = [...base];
  for (const edit of edits) edit(segments);
  const st = segments.findIndex((s) => s.startsWith('ST*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  segments[se] = segments[se].replace(/^SE\*\d+/, `SE*${se - st + 1}`);
  return segments.join('~\n') + '~\n';
}

const P = sample(singleLineClaimFile);
const I = sample(institutionalOutpatientClaimFile);
const COB = sample(secondaryWithCobClaimFile);
const P_BILLING = 'NM1*85*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893';
const P_CLM = 'CLM*PCN0001*125***11:B:1*Y*A*Y*Y';
const P_SV1 = 'SV1*HC:99213*125*UN*1***1';
const P_HI = 'HI*ABK:J0190*ABF:R509';

const damages: [string, string[], Edit[]][] = [
  [
    '2010AA without N3, N4 and tax id',
    P,
    remove('N3*100 MAIN STREET', 'N4*SPRINGFIELD*IL*627011234', 'REF*EI*371234567'),
  ],
  [
    '2010AA with two tax ids and a 5-digit ZIP (837P)',
    P,
    [
      replace('N4*SPRINGFIELD*IL*627011234', 'N4*SPRINGFIELD*IL*62701'),
      insertAfter('REF*EI*371234567', 'REF*SY*123456789'),
    ],
  ],
  ['2010AA 5-digit ZIP (837I)', I, [replace('N4*SPRINGFIELD*IL*627029876', 'N4*SPRINGFIELD*IL*62702')]],
  [
    '2010AA not by NPI, rendering NPI with a bad check digit',
    P,
    [
      replace(P_BILLING, 'NM1*85*2*RIVERSIDE FAMILY MEDICINE*****24*371234567'),
      replace('NM1*82*1*CARTER*JAMIE****XX*1555555550', 'NM1*82*1*CARTER*JAMIE****XX*1555555551'),
    ],
  ],
  [
    '2010AA without N3 at the end of the transaction (no tax id check there)',
    P,
    [replace('HL*2*1*22*0'), (s) => s.splice(s.indexOf(P_BILLING) + 4, 13), replace('N3*100 MAIN STREET')],
  ],
  [
    'no submitter contact, no receiver',
    P,
    remove('PER*IC*BILLING OFFICE*TE*2175550100', 'NM1*40*2*ACME HEALTH PLAN*****46*87726'),
  ],
  [
    'no submitter, no BHT, a segment not in the guide',
    P,
    [
      ...remove('BHT*0019*00*0001*20240301*1200*CH', 'NM1*41*2*REVCYCLE DEMO SUBMITTER*****46*REVCYCLE01'),
      insertAfter(P_CLM, 'ZZZ*1'),
    ],
  ],
  [
    'subscriber without member id, payer without id, two subscriber N3',
    P,
    [
      replace('NM1*IL*1*TESTPATIENT1*ALEX****MI*MBR00000001', 'NM1*IL*1*TESTPATIENT1*ALEX****MI'),
      replace('NM1*PR*2*ACME HEALTH PLAN*****PI*87726', 'NM1*PR*2*ACME HEALTH PLAN'),
      insertAfter('N3*1 ELM STREET', 'N3*2 ELM STREET'),
    ],
  ],
  ['HL numbered out of order, unknown level, unknown parent', P, [replace('HL*2*1*22*0', 'HL*3*9*24*1')]],
  ['patient level under the billing provider', P, [insertAfter('DMG*D8*19800214*F', 'HL*3*1*23*0')]],
  [
    'subscriber not self with no patient level, no filing indicator',
    P,
    [replace('SBR*P*18*GRP1000******CI', 'SBR*P*01*GRP1000')],
  ],
  [
    'subscriber level with nothing under it, claim under the billing provider',
    P,
    [replace('HL*2*1*22*0'), insertAfter('DTP*472*D8*20240220', 'HL*2*1*22*0')],
  ],
  [
    'CLM05 place, qualifier and frequency wrong, no CLM06/CLM07',
    P,
    [replace(P_CLM, 'CLM*PCN0001*125***99:A:9')],
  ],
  [
    'replacement without REF*F8, total not the sum of its lines',
    P,
    [replace(P_CLM, 'CLM*PCN0001*130***11:B:7*Y*A*Y*Y')],
  ],
  [
    'diagnosis with a dot, other diagnosis first, bad qualifier',
    P,
    [replace(P_HI, 'HI*ABF:R50.9*ABK:J0190*ZZ:X1')],
  ],
  ['thirteen diagnoses', P, [replace(P_HI, 'HI*ABK:J0190' + '*ABF:R509'.repeat(12))]],
  ['claim without diagnoses and lines', P, remove(P_HI, 'LX*1', P_SV1, 'DTP*472*D8*20240220')],
  [
    'line number, qualifier, place of service and pointer wrong',
    P,
    [replace('LX*1', 'LX*2'), replace(P_SV1, 'SV1*ZZ:99213*125*UN*1*99**3')],
  ],
  ['line without a date of service', P, remove('DTP*472*D8*20240220')],
  [
    'line without SV1, SV2 in an 837P, attachment code retired',
    P,
    [replace(P_SV1), insertAfter('DTP*472*D8*20240220', 'LX*2', 'SV2*0450*HC:99213*125*UN*1', 'PWK*OZ*ZZ')],
  ],
  [
    '837I facility type and revenue code wrong, CLM06 sent, SV1 in an 837I',
    I,
    [
      replace('CLM*HOSP0002*1190***13:A:1**A*Y*Y', 'CLM*HOSP0002*1190***1X:A:1*Y*A*Y*Y'),
      replace('SV2*0450*HC:99284:25*980*UN*1', 'SV2*450*HC:99284:25*980*UN*1'),
      replace('SV2*0320*HC:71046*210*UN*1', 'SV1*HC:71046*210*UN*1'),
    ],
  ],
  [
    'other payer SBR without SBR02 and SBR09',
    COB,
    [
      (s) => {
        const i = s.findIndex((x) => x.startsWith('SBR*P*'));
        s[i] = 'SBR*P';
      },
    ],
  ],
  ['837P claim with 51 lines', sample(() => manyLinesClaimFile(51)), []],
];

function digest(input: string | Buffer): string {
  const all = validateX12(input);
  const firstThree = validateX12(input, { maxIssues: 3 }).issues;
  return createHash('sha256').update(JSON.stringify({ all, firstThree })).digest('hex').slice(0, 16);
}

function report(): string {
  const out: string[] = [];
  const files = [
    ...x12Files(path.join(X12_ROOT, 'fixtures')),
    ...x12Files(path.join(X12_ROOT, 'src', '__fixtures__')),
    ...x12Files(path.join(X12_ROOT, 'src', '837', '__fixtures__')),
  ];
  for (const file of files) {
    const input = fs.readFileSync(file);
    const { issues, errors, warnings } = validateX12(input);
    const codes = new Map<string, number>();
    for (const i of issues) codes.set(i.code, (codes.get(i.code) ?? 0) + 1);
    const list = [...codes].map(([c, n]) => `${c}×${n}`).join(' ');
    out.push(
      `${path.relative(X12_ROOT, file)} errors=${errors} warnings=${warnings} ${digest(input)} ${list}`.trim(),
    );
  }
  for (const [name, base, edits] of damages) {
    const input = damaged(base, edits);
    const { issues, errors, warnings } = validateX12(input);
    out.push(`\n# ${name}: errors=${errors} warnings=${warnings} ${digest(input)}`);
    for (const i of issues) out.push(formatIssue(i));
  }
  return out.join('\n') + '\n';
}

it('validateX12 reports exactly the golden issues over the repository X12 files and damaged sample 837s', () => {
  const text = report();
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
    fs.writeFileSync(GOLDEN, text);
  }
  expect(text).toBe(fs.readFileSync(GOLDEN, 'utf8'));
});
