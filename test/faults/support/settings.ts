/** What every scenario's services get besides the DistributedEnvironment's settings. */
export const FAULT_SUITE_ENV: Record<string, string> = {};

/** Restarted → consuming again, the bound (point 7). */
export const RESTART_BOUND_MS = 5000;
