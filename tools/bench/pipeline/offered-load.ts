import { performance } from 'node:perf_hooks';

/** One encounter through charts' API: create, then finalize. Resolves with when finalize was sent. */
export type EncounterOperation = (
  n: number,
) => Promise<{ encounterId: string; finalizeSentAt: number } | undefined>;

export interface LoadResult {
  /** Finalized encounters and when their finalize was sent (epoch ms). */
  finalized: Map<string, number>;
  failures: number;
  seconds: number;
  /** Finalized per second while the load ran. */
  acceptedPerSec: number;
}

/**
 * `clients` concurrent clients for `seconds`. With `ratePerSec` the arrivals follow a fixed schedule
 * (encounter k starts at t0 + k / rate; a client that falls behind takes the next slot at once, so
 * the achieved rate is min(rate, capacity)); without it each client starts its next encounter as
 * soon as the last one is finalized (saturation).
 */
export async function offerLoad(
  operation: EncounterOperation,
  opts: { clients: number; seconds: number; ratePerSec?: number; firstNumber: number },
): Promise<LoadResult> {
  const finalized = new Map<string, number>();
  let failures = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const client = async () => {
    for (;;) {
      const k = next++;
      if (opts.ratePerSec) {
        const at = t0 + (k * 1000) / opts.ratePerSec;
        // A client that fell behind takes late slots, but none after the phase's end.
        if (at >= end || performance.now() >= end) return;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      } else if (performance.now() >= end) return;
      try {
        const done = await operation(opts.firstNumber + k);
        if (done) finalized.set(done.encounterId, done.finalizeSentAt);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  return { finalized, failures, seconds, acceptedPerSec: finalized.size / seconds };
}

/** Percentile (nearest rank) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
