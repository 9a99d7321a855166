import { BilledLine, PaidLine, matchLines } from './line-matcher';

const billed = (lineNumber: number, over: Partial<BilledLine> = {}): BilledLine => ({
  lineNumber,
  lineItemControlNumber: `RC0000000001-${lineNumber}`,
  procedureCode: '99213',
  modifiers: [],
  dateOfService: '2026-09-14',
  units: 1,
  chargeCents: 15000,
  ...over,
});
const paid = (over: Partial<PaidLine> = {}): PaidLine => ({
  procedureCode: '99213',
  modifiers: [],
  dateOfService: '2026-09-14',
  units: 1,
  chargeCents: 15000,
  ...over,
});

describe('835 service lines match our billed lines', () => {
  it('by REF*6R first, whatever the order the payer lists them in', () => {
    const ours = [
      billed(1, { procedureCode: '99213' }),
      billed(2, { procedureCode: '36415', chargeCents: 1500 }),
    ];
    const theirs = [
      paid({ lineItemControlNumber: 'RC0000000001-2', procedureCode: '36415', chargeCents: 1500 }),
      paid({ lineItemControlNumber: 'rc0000000001-1' }),
    ];
    expect(matchLines(theirs, ours)).toEqual([
      { method: 'line_item_control_number', lineNumber: 2 },
      { method: 'line_item_control_number', lineNumber: 1 },
    ]);
  });

  it('without REF*6R: by procedure, date and units, modifiers reordered or dropped (OpenEMR #7293)', () => {
    const ours = [
      billed(1, { procedureCode: '20610', modifiers: ['RT', '59'] }),
      billed(2, { procedureCode: '20610', modifiers: ['LT'], chargeCents: 14000 }),
    ];
    expect(
      matchLines(
        [
          paid({ procedureCode: '20610', modifiers: ['59', 'RT'] }),
          paid({ procedureCode: '20610', modifiers: ['LT'], chargeCents: 14000 }),
        ],
        ours,
      ),
    ).toEqual([
      { method: 'attributes', lineNumber: 1 },
      { method: 'attributes', lineNumber: 2 },
    ]);
    // the payer dropped 59 from line 1
    expect(matchLines([paid({ procedureCode: '20610', modifiers: ['RT'] })], ours)).toEqual([
      { method: 'attributes', lineNumber: 1 },
    ]);
  });

  it('an exact modifier match is never taken by a line whose modifier was dropped', () => {
    const ours = [billed(1, { modifiers: ['25'] }), billed(2, { modifiers: [] })];
    // listed first, the plain line would fit line 1 by subset too; it must get line 2
    expect(matchLines([paid({ modifiers: [] }), paid({ modifiers: ['25'] })], ours)).toEqual([
      { method: 'attributes', lineNumber: 2 },
      { method: 'attributes', lineNumber: 1 },
    ]);
  });

  it('two different lines the SVC fits equally go to review, not to a guess', () => {
    const ours = [
      billed(1, { modifiers: ['RT'], chargeCents: 10000 }),
      billed(2, { modifiers: ['LT'], chargeCents: 12000 }),
    ];
    // modifiers dropped and a charge that names neither
    expect(matchLines([paid({ modifiers: [], chargeCents: 9000 })], ours)).toEqual([
      { method: 'ambiguous', candidates: [1, 2] },
    ]);
  });

  it('the billed charge settles a tie; identical lines are interchangeable', () => {
    const ours = [billed(1, { chargeCents: 10000 }), billed(2, { chargeCents: 12000 })];
    expect(matchLines([paid({ chargeCents: 12000 })], ours)).toEqual([
      { method: 'attributes', lineNumber: 2 },
    ]);
    const twins = [billed(1), billed(2)];
    expect(matchLines([paid(), paid()], twins)).toEqual([
      { method: 'attributes', lineNumber: 1 },
      { method: 'attributes', lineNumber: 2 },
    ]);
  });

  it('a line for a service we never billed, other units or another date is unmatched', () => {
    const ours = [billed(1)];
    expect(matchLines([paid({ procedureCode: '99214' })], ours)).toEqual([
      { method: 'unmatched', candidates: [] },
    ]);
    expect(matchLines([paid({ units: 2 })], ours)).toEqual([{ method: 'unmatched', candidates: [1] }]);
    expect(matchLines([paid({ dateOfService: '2026-09-15' })], ours)).toEqual([
      { method: 'unmatched', candidates: [1] },
    ]);
    expect(matchLines([paid()], [])).toEqual([{ method: 'no_billed_lines', candidates: [] }]);
  });
});
