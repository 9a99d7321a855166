import { FeeSchedule, expectedAllowed, paymentVariance, scheduleInEffect } from './fee-schedule';

const schedule: FeeSchedule = {
  payerId: 'p1',
  effectiveDate: '2026-01-01',
  rates: [
    { procedureCode: '99213', modifier: '', allowedCents: 9245 },
    { procedureCode: '71046', modifier: '', allowedCents: 4100 },
    { procedureCode: '71046', modifier: '26', allowedCents: 1200 },
    { procedureCode: '71046', modifier: 'TC', allowedCents: 2900 },
    { procedureCode: '97110', modifier: '', allowedCents: 3033 },
  ],
};

describe('a fee schedule', () => {
  it('prices a line by code and pricing modifier in any order, else by code, times units', () => {
    expect(expectedAllowed(schedule, { procedureCode: '99213' })?.allowedCents).toBe(9245);
    expect(expectedAllowed(schedule, { procedureCode: '71046', modifiers: ['59', '26'] })).toMatchObject({
      allowedCents: 1200,
      rate: { modifier: '26' },
    });
    expect(expectedAllowed(schedule, { procedureCode: '71046', modifiers: ['RT'] })?.allowedCents).toBe(4100);
    expect(
      expectedAllowed(schedule, { procedureCode: '97110', modifiers: ['GP'], units: 3 })?.allowedCents,
    ).toBe(9099);
    expect(expectedAllowed(schedule, { procedureCode: '97110', units: 1.5 })?.allowedCents).toBe(4550);
    expect(expectedAllowed(schedule, { procedureCode: '99214' })).toBeUndefined();
  });

  it('the version in effect on a date is the latest not after it', () => {
    const v2026 = schedule;
    const v2027 = { ...schedule, effectiveDate: '2027-01-01', rates: [] };
    expect(scheduleInEffect([v2027, v2026], '2026-12-31')).toBe(v2026);
    expect(scheduleInEffect([v2027, v2026], '2027-01-01')).toBe(v2027);
    expect(scheduleInEffect([v2027, v2026], '2025-06-30')).toBeUndefined();
  });
});

describe('payment variance', () => {
  it('measures the payer allowed amount (paid + patient responsibility) against the expected', () => {
    expect(paymentVariance(9245, { paidCents: 7396, patientResponsibilityCents: 1849 })).toEqual({
      expectedAllowedCents: 9245,
      allowedCents: 9245,
      paidCents: 7396,
      varianceCents: 0,
      varianceBasisPoints: 0,
      status: 'as_expected',
    });
    expect(paymentVariance(10000, { paidCents: 8000, patientResponsibilityCents: 1000 })).toMatchObject({
      varianceCents: -1000,
      varianceBasisPoints: -1000,
      status: 'underpaid',
    });
    expect(paymentVariance(10000, { paidCents: 10003 }, 5).status).toBe('as_expected');
    expect(paymentVariance(10000, { paidCents: 10600 }).status).toBe('overpaid');
    expect(paymentVariance(0, { paidCents: 0 }).varianceBasisPoints).toBe(0);
  });
});
