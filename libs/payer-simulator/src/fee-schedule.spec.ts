import { allowedCents, DEFAULT_FEE_SCHEDULE, FeeScheduleError, parseFeeSchedule } from './fee-schedule';

describe('fee schedule', () => {
  it('allows the listed amount per unit, never more than the charge', () => {
    const s = parseFeeSchedule({ defaultAllowedPercent: 80, allowed: { '99213': 9500, '0120': 120000 } });
    expect(allowedCents(s, { procedureCode: '99213', chargeCents: 12500, units: 1 })).toBe(9500);
    expect(allowedCents(s, { procedureCode: '99213', chargeCents: 9000, units: 1 })).toBe(9000);
    expect(allowedCents(s, { revenueCode: '0120', chargeCents: 450000, units: 3 })).toBe(360000);
  });

  it('allows the default percentage of the charge for anything unlisted, rounded to the cent', () => {
    expect(allowedCents(DEFAULT_FEE_SCHEDULE, { procedureCode: '36415', chargeCents: 1501, units: 1 })).toBe(
      1201,
    );
    const s = parseFeeSchedule({ defaultAllowedPercent: 62.5 });
    expect(allowedCents(s, { procedureCode: '36415', chargeCents: 1000, units: 1 })).toBe(625);
  });

  it.each([
    [[], /must be a JSON object/],
    [{ defaultAllowedPercent: 120 }, /defaultAllowedPercent must be a number from 0 to 100/],
    [{ allowed: { '99213': 95.5 } }, /allowed."99213" must be integer cents/],
    [{ allowed: { 'NOT A CODE': 1 } }, /allowed."NOT A CODE" is not a CPT\/HCPCS/],
    [{ allowedAmounts: {} }, /unknown field "allowedAmounts"/],
  ])('rejects %j with a message naming the field', (json, message) => {
    expect(() => parseFeeSchedule(json, 'fees.json')).toThrow(FeeScheduleError);
    expect(() => parseFeeSchedule(json, 'fees.json')).toThrow(message);
  });
});
