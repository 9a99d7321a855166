/** How many failed sign-ins in a row lock an account, and for how long. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export interface SignInRecord {
  failedAttempts: number;
  lockedUntil: Date | null;
}

/** Whether the account is locked at `now` (a lock ends by itself: HIPAA wants access, not a help-desk call). */
export const isLocked = (record: SignInRecord, now: Date): boolean =>
  record.lockedUntil !== null && record.lockedUntil.getTime() > now.getTime();

/**
 * The record after one more failure: the count grows, and reaching the limit locks the account
 * (and starts the count again, so the next lock also takes `maxFailures` failures).
 */
export function afterFailure(
  record: SignInRecord,
  policy: LockoutPolicy,
  now: Date,
): SignInRecord & { lockedNow: boolean } {
  const failedAttempts = record.failedAttempts + 1;
  if (failedAttempts < policy.maxFailures)
    return { failedAttempts, lockedUntil: record.lockedUntil, lockedNow: false };
  return {
    failedAttempts: 0,
    lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000),
    lockedNow: true,
  };
}
