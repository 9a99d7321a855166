import { afterFailure, isLocked } from './lockout';

describe('lockout', () => {
  const policy = { maxFailures: 3, lockMinutes: 15 };
  const now = new Date('2026-12-03T10:00:00Z');

  it('locks on the third failure in a row, for the policy minutes, and unlocks by itself', () => {
    let record = { failedAttempts: 0, lockedUntil: null as Date | null };
    const first = afterFailure(record, policy, now);
    expect(first).toEqual({ failedAttempts: 1, lockedUntil: null, lockedNow: false });
    record = afterFailure(first, policy, now);
    expect(isLocked(record, now)).toBe(false);
    const third = afterFailure(record, policy, now);
    expect(third.lockedNow).toBe(true);
    expect(third.failedAttempts).toBe(0);
    expect(isLocked(third, now)).toBe(true);
    expect(isLocked(third, new Date(now.getTime() + 14 * 60_000))).toBe(true);
    expect(isLocked(third, new Date(now.getTime() + 15 * 60_000))).toBe(false);
  });
});
