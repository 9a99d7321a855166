import { compilePayerRules, PayerRuleSet } from './payer-rules';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const telehealth: PayerRuleSet = {
  rules: [
    {
      id: 'UHC-TELEHEALTH-95',
      payers: ['87726'],
      scope: 'line',
      when: { field: 'placeOfService', in: ['02', '10'] },
      require: { field: 'modifiers', includes: '95' },
      message: 'Line {line}: telehealth (POS {placeOfService}) needs modifier 95 on {procedureCode}.',
    },
    {
      id: 'ANY-HIGH-CHARGE',
      scope: 'claim',
      severity: 'warn',
      when: {
        all: [
          { field: 'totalChargeCents', gt: 1000000 },
          { not: { field: 'claimType', equals: 'institutional' } },
        ],
      },
      message: 'Claim over $10,000: attach documentation.',
    },
  ],
};

describe('payer rule: telehealth POS 02/10 requires modifier 95 (payer 87726)', () => {
  const e = engine(telehealth);
  it('fires on a telehealth line without 95, with a filled-in message', () => {
    const r = e.scrub(cleanClaim({ placeOfService: '10' }));
    expect(r.edits).toEqual([
      {
        id: 'UHC-TELEHEALTH-95',
        category: 'payer-rule',
        severity: 'reject',
        line: 1,
        codes: ['99213'],
        message: 'Line 1: telehealth (POS 10) needs modifier 95 on 99213.',
      },
    ]);
  });
  it('passes with 95, at another POS, or for another payer', () => {
    expect(
      e.scrub(cleanClaim({ placeOfService: '02', lines: [line('99213', { modifiers: ['95'] })] })).status,
    ).toBe('clean');
    expect(e.scrub(cleanClaim({ placeOfService: '11' })).status).toBe('clean');
    expect(e.scrub(cleanClaim({ placeOfService: '10', payerId: '00431' })).status).toBe('clean');
  });
  it('a claim-scope rule without payers applies to every payer', () => {
    const r = e.scrub(
      cleanClaim({
        payerId: '00431',
        totalChargeCents: 2000000,
        lines: [line('99213', { chargeCents: 2000000 })],
      }),
    );
    expect(r.edits).toEqual([
      expect.objectContaining({ id: 'ANY-HIGH-CHARGE', severity: 'warn', line: null }),
    ]);
    expect(r.status).toBe('warning');
  });
});

describe('rule compilation errors are located', () => {
  const bad = (rules: unknown) => () => compilePayerRules({ rules } as PayerRuleSet);
  it('unknown field', () => {
    expect(bad([{ id: 'a', when: { field: 'colour', equals: 'x' }, message: 'm' }])).toThrow(
      /rules\[0\]\.when\.field: unknown field 'colour'/,
    );
  });
  it('unknown operator, line field in claim scope, duplicate id, missing message', () => {
    expect(bad([{ id: 'a', when: { field: 'payerId', like: 'x' }, message: 'm' }])).toThrow(
      /rules\[0\]\.when: unknown operator 'like'/,
    );
    expect(bad([{ id: 'a', when: { field: 'modifiers', includes: '95' }, message: 'm' }])).toThrow(
      /line field/,
    );
    expect(
      bad([
        { id: 'a', when: { field: 'payerId', equals: 'x' }, message: 'm' },
        { id: 'a', when: { field: 'payerId', equals: 'x' }, message: 'm' },
      ]),
    ).toThrow(/rules\[1\]\.id: duplicate/);
    expect(bad([{ id: 'a', when: { field: 'payerId', equals: 'x' } }])).toThrow(
      /rules\[0\]\.message: required/,
    );
    expect(
      bad([{ id: 'a', when: { all: [{ field: 'units', gt: 'many' }] }, scope: 'line', message: 'm' }]),
    ).toThrow(/rules\[0\]\.when\.all\[0\]\.gt: expects a number/);
  });
  it('rejects a bad timely filing limit', () => {
    expect(() => compilePayerRules({ payers: { X: { timelyFilingDays: -3 } } })).toThrow(
      /payers\.X\.timelyFilingDays/,
    );
  });
});

describe('operators', () => {
  const fires = (when: object, scope: 'claim' | 'line' = 'claim') =>
    ids(
      engine({ rules: [{ id: 'R', scope, when: when as never, message: 'x' }] }).scrub(cleanClaim()),
    ).includes('R');
  it('evaluate against the claim', () => {
    expect(fires({ field: 'payerId', equals: '87726' })).toBe(true);
    expect(fires({ field: 'payerId', notEquals: '87726' })).toBe(false);
    expect(fires({ field: 'diagnoses', includesAny: ['I10', 'X'] })).toBe(true);
    expect(fires({ field: 'diagnoses', includesNone: ['I10'] })).toBe(false);
    expect(fires({ field: 'principalDiagnosis', matches: '^E11' })).toBe(true);
    expect(fires({ field: 'patientAge', gte: 55 })).toBe(true);
    expect(fires({ field: 'patientAge', lt: 55 })).toBe(false);
    expect(fires({ field: 'referringNpi', exists: false })).toBe(true);
    expect(
      fires({
        any: [
          { field: 'lineCount', lte: 0 },
          { field: 'procedureCodes', includes: '99213' },
        ],
      }),
    ).toBe(true);
    expect(fires({ field: 'units', lt: 2 }, 'line')).toBe(true);
    expect(fires({ field: 'pointedDiagnoses', includes: 'I10' }, 'line')).toBe(true);
  });
});

describe('the example rule file (libs/edit-engine/examples/payer-rules.json)', () => {
  const example = require('../examples/payer-rules.json') as PayerRuleSet;
  const e = engine(example);
  it('compiles, and its imaging rule fires without a referring provider only', () => {
    expect(compilePayerRules(example).rules.map((r) => r.id)).toEqual([
      'UHC-TELEHEALTH-95',
      'MCR-ANNUAL-WELLNESS-AGE',
      'ANY-REFERRING-FOR-IMAGING',
    ]);
    expect(ids(e.scrub(cleanClaim({ lines: [line('73560')] })))).toEqual(['ANY-REFERRING-FOR-IMAGING']);
    expect(ids(e.scrub(cleanClaim({ referringProviderNpi: '1234567893', lines: [line('73560')] })))).toEqual(
      [],
    );
  });
  it('warns on an annual wellness visit under 65 for Medicare only', () => {
    const young = { birthDate: '1990-01-01', sex: 'F' };
    expect(ids(e.scrub(cleanClaim({ payerId: '00431', patient: young, lines: [line('G0439')] })))).toEqual([
      'MCR-ANNUAL-WELLNESS-AGE',
    ]);
    expect(ids(e.scrub(cleanClaim({ payerId: '87726', patient: young, lines: [line('G0439')] })))).toEqual(
      [],
    );
  });
});
