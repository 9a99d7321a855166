import fc from 'fast-check';
import { newTally, ScrubClaim, tallyResults } from './claim';
import { createScrubPool, ScrubPool } from './pool';
import { AS_OF, cleanClaim, engine, line, realTables } from './test/claim-fixtures';

// Codes drawn from real table rows, including pairs that trip PTP / MUE / AOC / ICD / MCE edits.
const PROCS = [
  '99213',
  '45380',
  '45378',
  '93000',
  '93010',
  '20610',
  '11042',
  '11045',
  '97597',
  '97140',
  'A0425',
  'J1100',
  'Q9999',
  '9921',
];
const DX = ['E119', 'I10', 'E11', 'C61', 'N952', 'R54', 'G01', 'A390', 'XXX'];
const MODS = ['25', '59', 'XU', 'RT', 'LT', '76', 'GT'];

const claimArb: fc.Arbitrary<ScrubClaim> = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }), // ids repeat across a batch on purpose
    sex: fc.constantFrom('M', 'F', 'U'),
    dx: fc.array(fc.constantFrom(...DX), { minLength: 0, maxLength: 4 }),
    lines: fc.array(
      fc.record({
        code: fc.constantFrom(...PROCS),
        mods: fc.array(fc.constantFrom(...MODS), { maxLength: 2 }),
        units: fc.integer({ min: 0, max: 8 }),
        day: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ id, sex, dx, lines }) =>
    cleanClaim({
      claimId: `PCN-${id}`,
      patient: { birthDate: '1980-02-29', sex },
      diagnoses: dx,
      lines: lines.map((l) =>
        line(l.code, { modifiers: l.mods, units: l.units, serviceDate: `2025-11-0${l.day}` }),
      ),
    }),
  );

describe('scrubBatch on the worker pool equals the sequential scrubBatch', () => {
  let pool: ScrubPool;
  beforeAll(() => {
    pool = createScrubPool(realTables(), { threads: 2, chunkSize: 7, engine: { asOf: AS_OF } });
  });
  afterAll(() => pool.close());

  it('for any batch of claims (fast-check)', async () => {
    const seq = engine();
    await fc.assert(
      fc.asyncProperty(fc.array(claimArb, { maxLength: 60 }), async (claims) => {
        expect(await pool.scrubBatch(claims)).toEqual(seq.scrubBatch(claims));
      }),
      { numRuns: 40 },
    );
  }, 60000);

  it('for NDJSON serialised in the workers (the CLI path), with the same tally and duplicates', async () => {
    const seq = engine();
    await fc.assert(
      fc.asyncProperty(fc.array(claimArb, { maxLength: 40 }), async (claims) => {
        const lines = claims.map((c) => JSON.stringify(c));
        const { texts, tally } = await pool.scrubNdjsonToText(lines, 1);
        const expected = seq.scrubBatch(claims);
        expect(texts.map((t) => JSON.parse(t))).toEqual(expected);
        expect(tally).toEqual(tallyResults(newTally(), expected));
      }),
      { numRuns: 25 },
    );
  }, 60000);

  it('for NDJSON text including malformed lines, with located errors', async () => {
    const lines = [
      JSON.stringify(cleanClaim()),
      '{"claimId": ',
      '[1,2]',
      JSON.stringify(cleanClaim({ claimId: 'PCN-2', lines: [line('45380'), line('45378')] })),
    ];
    const results = await pool.scrubNdjson(lines, 1);
    expect(results.map((r) => r.status)).toEqual(['clean', 'rejected', 'rejected', 'rejected']);
    expect(results[1]!.edits[0]).toMatchObject({ id: 'CLAIM_UNREADABLE', codes: ['input-line:2'] });
    expect(results[1]!.edits[0]!.message).toMatch(/^Input line 2: not JSON/);
    expect(results[2]!.edits[0]!.message).toMatch(/^Input line 3: not a JSON object/);
    expect(results[3]!.edits.map((e) => e.id)).toEqual(['PTP_MODIFIER_NOT_ALLOWED']);
  });
});
