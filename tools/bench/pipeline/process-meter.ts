import * as fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident set size in MB, from /proc/<pid>/status; 0 once it is gone. */
export function rssMB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/**
 * The PostgreSQL backends serving one database (their command line names it: "postgres: user db
 * host(port) state"): the share of the server's CPU a run caused, apart from other databases'.
 */
export function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres: ') && cmd.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return pids;
}

/**
 * CPU seconds per named process group between `start()` and `stop()`. Backends that come and go
 * between samples are counted from the moment they are first seen (sampled every 200 ms).
 */
export class CpuMeter {
  private readonly seen = new Map<string, Map<number, { first: number; last: number }>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly groups: () => Record<string, number[]>) {}

  start(): void {
    this.seen.clear();
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  /** CPU seconds per group since start. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const out: Record<string, number> = {};
    for (const [group, pids] of this.seen) {
      let sum = 0;
      for (const { first, last } of pids.values()) sum += last - first;
      out[group] = Math.round(sum * 10) / 10;
    }
    return out;
  }

  private sample(): void {
    for (const [group, pids] of Object.entries(this.groups())) {
      const known = this.seen.get(group) ?? new Map<number, { first: number; last: number }>();
      this.seen.set(group, known);
      for (const pid of pids) {
        const now = cpuSeconds(pid);
        if (now === 0) continue;
        const entry = known.get(pid);
        if (entry) entry.last = now;
        else known.set(pid, { first: now, last: now });
      }
    }
  }
}
