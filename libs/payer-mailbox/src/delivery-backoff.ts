export interface BackoffPolicy {
  /** Wait before the 2nd attempt, doubled for each next one. */
  backoffMs: number;
  /** No wait grows past this. */
  maxBackoffMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that many deliveries failing together do not come back together.
 */
export function deliveryBackoffMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.backoffMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxBackoffMs, exponential);
  return Math.round(capped / 2 + (capped / 2) * random());
}
