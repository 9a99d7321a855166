import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine(); // scrub date 2025-12-01

describe('dates', () => {
  it.each(['2025-02-30', '20251103', '1800-01-01', '', '2025-13-01'])(
    'rejects service date %p as not a date',
    (d) => {
      expect(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: d })] })).edits).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'DATE_INVALID', category: 'date', line: 1 })]),
      );
    },
  );
  it('rejects a service date after the scrub date, not one on it', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2025-12-02' })] })))).toContain(
      'DATE_IN_FUTURE',
    );
    expect(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2025-12-01' })] })).status).toBe(
      'clean',
    );
  });
  it('rejects a line whose from-date is after its to-date', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { serviceDateTo: '2025-11-01' })] })))).toEqual([
      'DATE_RANGE_REVERSED',
    ]);
  });
  it('rejects a line outside the statement period, and a reversed statement period', () => {
    expect(ids(e.scrub(cleanClaim({ statementFrom: '2025-11-04', statementTo: '2025-11-05' })))).toEqual([
      'DATE_OUTSIDE_STATEMENT',
    ]);
    expect(ids(e.scrub(cleanClaim({ statementFrom: '2025-11-05', statementTo: '2025-11-01' })))).toContain(
      'DATE_RANGE_REVERSED',
    );
    expect(e.scrub(cleanClaim({ statementFrom: '2025-11-01', statementTo: '2025-11-05' })).status).toBe(
      'clean',
    );
  });
  it('rejects service before birth and implausible ages', () => {
    expect(ids(e.scrub(cleanClaim({ patient: { birthDate: '2025-11-10', sex: 'F' } })))).toContain(
      'DATE_BEFORE_BIRTH',
    );
    expect(ids(e.scrub(cleanClaim({ patient: { birthDate: '1899-01-01', sex: 'F' } })))).toContain(
      'REQUIRED_PATIENT_BIRTH_DATE',
    );
    expect(ids(e.scrub(cleanClaim({ patient: { birthDate: '1900-01-01', sex: 'F' } })))).toContain(
      'DATE_IMPLAUSIBLE_AGE',
    );
  });
});

describe('timely filing (default 365 days, per payer from the rule set)', () => {
  it('rejects past the limit', () => {
    const r = e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2024-11-30' })] }));
    expect(r.edits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'TIMELY_FILING_EXPIRED', codes: ['2024-11-30', '365'] }),
      ]),
    );
  });
  it('passes on the last day of the limit, and warns within 30 days of it', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2024-12-01' })] })))).toContain(
      'TIMELY_FILING_NEAR',
    );
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2024-12-01' })] })))).not.toContain(
      'TIMELY_FILING_EXPIRED',
    );
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2025-06-01' })] })))).not.toContain(
      'TIMELY_FILING_NEAR',
    );
  });
  it("uses the payer's own limit", () => {
    const strict = engine({ payers: { '87726': { timelyFilingDays: 90 } } });
    expect(
      ids(strict.scrub(cleanClaim({ lines: [line('99213', { serviceDate: '2025-08-01' })] }))),
    ).toContain('TIMELY_FILING_EXPIRED');
    expect(
      ids(
        strict.scrub(cleanClaim({ payerId: 'OTHER', lines: [line('99213', { serviceDate: '2025-08-01' })] })),
      ),
    ).not.toContain('TIMELY_FILING_EXPIRED');
  });
});

describe('scrub date', () => {
  it('defaults to today (UTC) when not given, and is reported by the engine', () => {
    const today = new Date().toISOString().slice(0, 10);
    const live = engine(undefined, { asOf: undefined });
    expect(live.asOf).toBe(today);
    expect(live.options.asOf).toBeUndefined();
  });
  it('rejects an asOf that is not a date', () => {
    expect(() => engine(undefined, { asOf: '2025-02-30' })).toThrow(/asOf '2025-02-30'/);
  });
});
