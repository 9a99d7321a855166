import { parse837 } from './reader';
import { write837 } from './writer';
import { readCorpus, corpusFiles, sourcesContents } from '../test/x12-corpus';

const contents = sourcesContents();
const files = [
  ...corpusFiles('837p').map((f) => `837p/${f}`),
  ...corpusFiles('837i').map((f) => `837i/${f}`),
];

describe('every 837 in the vendored corpus (libs/x12/fixtures) (written by others)', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
  });

  it.each(files)('%s parses with the claim, line and transaction counts SOURCES.md records', (name) => {
    const [folder, file] = name.split('/');
    const r = parse837(readCorpus(folder, file));
    const expected = contents.get(name);
    expect(expected).toBeDefined();
    expect(r.summary.claims).toBe(expected?.claims);
    expect(r.summary.serviceLines).toBe(expected?.lines);
    expect(r.summary.transactions).toBe(expected?.ST);
    expect(r.summary.totalChargeCents).toBeGreaterThan(0);
  });

  it.each(files)('%s survives a write/read round trip with the same claims', (name) => {
    const [folder, file] = name.split('/');
    const first = parse837(readCorpus(folder, file));
    const again = parse837(write837(first.file));
    expect(again.summary).toEqual(first.summary);
    const strip = (f: typeof first.file) =>
      f.transactions.map((t) => ({
        ...t,
        controlNumber: undefined,
        claims: t.claims.map((c) => ({
          id: c.claimId,
          charge: c.totalChargeCents,
          lines: c.serviceLines.map((l) => [l.procedure?.code, l.chargeCents, l.quantity]),
        })),
      }));
    expect(strip(again.file)).toEqual(strip(first.file));
  });
});

it('reads the copied COB fixture: secondary claim with the primary payer paid amounts and CAS', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const text = fs.readFileSync(
    `${__dirname}/../__fixtures__/stupidedi__COB-claim-from-billing-provider-to-payer-b.edi`,
  );
  const { file, summary, issues } = parse837(text);
  expect(issues).toEqual([]);
  expect(summary).toEqual({ transactions: 1, claims: 1, serviceLines: 3, totalChargeCents: 7904 });
  const claim = file.transactions[0].claims[0];
  expect(claim.subscriber.payerResponsibility).toBe('S');
  expect(claim.patient?.relationship).toBe('19');
  expect(claim.otherSubscribers?.[0]).toMatchObject({
    payerResponsibility: 'P',
    payerPaidCents: 3915,
    adjustments: [
      { group: 'PR', reason: '1', amountCents: 2189 },
      { group: 'PR', reason: '2', amountCents: 1500 },
    ],
  });
  expect(claim.serviceLines[0].adjudications?.[0]).toMatchObject({
    payerId: '999996666',
    paidCents: 4000,
    adjustments: [{ group: 'CO', reason: '42', amountCents: 300 }],
    adjudicationDate: '2005-10-15',
  });
  expect(claim.healthCodes.map((h) => h.code)).toEqual(['4779', '2724', '2780', '53081']);
});
