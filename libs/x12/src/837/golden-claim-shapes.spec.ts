import * as fs from 'node:fs';
import * as path from 'node:path';
import { InMemoryControlNumbers } from '../envelope/writer';
import { validateX12 } from '../validation/validate';
import { parse837 } from './reader';
import {
  correctionClaimFile,
  institutionalInpatientClaimFile,
  institutionalOutpatientClaimFile,
  manyLinesClaimFile,
  secondaryWithCobClaimFile,
  singleLineClaimFile,
} from './sample-claims';
import { write837 } from './writer';
import type { ClaimFile } from './model';

const GOLDEN = path.join(__dirname, '__fixtures__', 'golden');
const AT = new Date('2024-03-01T12:00:00Z');

const shapes: [string, () => ClaimFile][] = [
  ['professional-single-line', singleLineClaimFile],
  ['professional-many-lines', manyLinesClaimFile],
  ['professional-secondary-with-cob', secondaryWithCobClaimFile],
  ['professional-correction-replacement', correctionClaimFile],
  ['institutional-inpatient', institutionalInpatientClaimFile],
  ['institutional-outpatient', institutionalOutpatientClaimFile],
];

describe.each(shapes)('golden 837: %s', (name, build) => {
  const text = write837(build(), { at: AT, controlNumbers: new InMemoryControlNumbers(1001) });
  const file = path.join(GOLDEN, `${name}.837`);

  it('matches the golden file byte for byte', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(file, text);
    }
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('passes the implementation-guide validator with no errors and no warnings', () => {
    const result = validateX12(text);
    expect(result.issues).toEqual([]);
  });

  it('reads back into the same claims', () => {
    const back = parse837(text);
    expect(back.issues).toEqual([]);
    const original = build();
    expect(back.file.transactions.map((t) => ({ ...t, controlNumber: undefined }))).toEqual(
      original.transactions.map((t) => ({ ...t, controlNumber: undefined })),
    );
  });
});

it('a replacement claim carries frequency 7 and the payer claim control number (REF*F8)', () => {
  const text = write837(correctionClaimFile(), { at: AT });
  expect(text).toContain('CLM*PCN0001*175***11:B:7*Y*A*Y*Y~');
  expect(text).toContain('REF*F8*ACME2024030100042~');
});

it('an inpatient claim sends admitting, POA and occurrence codes in their own HI segments', () => {
  const text = write837(institutionalInpatientClaimFile(), { at: AT });
  expect(text).toContain('HI*ABK:J189:::::::Y~');
  expect(text).toContain('HI*ABJ:R0602~');
  expect(text).toContain('HI*ABF:E119:::::::Y*ABF:I10:::::::Y~');
  expect(text).toContain('HI*BH:11:D8:20240209~');
  expect(text).toContain('HI*BE:80:::3~');
});

it('a patient level with date of death and weight (PAT05–08) round-trips as one PAT segment', () => {
  const file = singleLineClaimFile();
  const claim = file.transactions[0].claims[0];
  delete claim.subscriber.relationship;
  claim.patient = {
    relationship: '19',
    person: {
      entityType: 'person',
      name: 'TESTCHILD',
      firstName: 'JO',
      birthDate: '2015-06-01',
      gender: 'M',
      address: { line1: '1 ELM STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
    },
  };
  const text = write837(file, { at: AT }).replace('PAT*19~', 'PAT*19****D8*20240301*01*50~');
  const back = parse837(text);
  const again = write837(back.file, { at: AT });
  expect(again.match(/PAT\*/g)).toHaveLength(1);
  expect(again).toContain('PAT*19****D8*20240301*01*50~');
  expect(validateX12(again).errors).toBe(0);
});

it("a subscriber's own claim after a dependent's claim gets its own subscriber level (HL 22)", () => {
  const file = singleLineClaimFile();
  const own = file.transactions[0].claims[0];
  const dependent = {
    ...own,
    claimId: 'PCNDEP',
    subscriber: { ...own.subscriber, relationship: undefined },
    patient: {
      relationship: '19',
      person: {
        entityType: 'person' as const,
        name: 'TESTCHILD',
        firstName: 'JO',
        birthDate: '2015-06-01',
        gender: 'M',
        address: { line1: '1 ELM STREET', city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' },
      },
    },
  };
  delete dependent.subscriber.relationship;
  const mine = { ...own, subscriber: dependent.subscriber };
  file.transactions[0].claims = [dependent, mine];
  const back = parse837(write837(file, { at: AT }));
  expect(back.file.transactions[0].claims.map((c) => [c.claimId, c.patient?.relationship])).toEqual([
    ['PCNDEP', '19'],
    ['PCN0001', undefined],
  ]);
});
