import * as fs from 'node:fs';
import { Client } from 'pg';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, from /proc; undefined when it cannot be read (gone, other host). */
function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface DatabaseCpuMeter {
  /** CPU seconds the database's backends used since the meter started; undefined when unreadable. */
  stop(): Promise<number | undefined>;
}

/**
 * Measures the CPU a run costs PostgreSQL for the database at `url`: the utime + stime (/proc) of
 * every backend connected to that database, sampled every 100 ms from a connection of its own, so
 * backends that start (counted from 0) or end during the run are counted too. For benches whose
 * server runs on this machine (undefined otherwise); resolves once the starting sample is taken: on a shared machine wall time is noisy, the
 * CPU per unit of work is not.
 */
export async function databaseCpuMeter(url: string): Promise<DatabaseCpuMeter> {
  const db = new Client({ connectionString: url });
  // A run that fails drops its database, ending this connection: the run's error is the one to see.
  db.on('error', () => undefined);
  const baseline = new Map<number, number>();
  const last = new Map<number, number>();
  let own: number | undefined;
  let unreadable = false;
  const sample = async (first: boolean) => {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
    );
    for (const { pid } of rows) {
      const used = procCpuSeconds(pid);
      if (used === undefined) continue; // gone between the query and the read
      if (!baseline.has(pid)) baseline.set(pid, first ? used : 0);
      last.set(pid, used);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  await (async () => {
    await db.connect();
    own = (await db.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
    // The server runs elsewhere when not even this meter's own backend is in this machine's /proc.
    unreadable = procCpuSeconds(own) === undefined;
    await sample(true);
    timer = setInterval(() => void sample(false).catch(() => undefined), 100);
  })();
  return {
    stop: async () => {
      clearInterval(timer);
      await sample(false);
      await db.end();
      if (unreadable) return undefined;
      let sum = 0;
      // The meter's own backend only samples: left out.
      for (const [pid, used] of last) if (pid !== own) sum += used - (baseline.get(pid) ?? 0);
      return sum;
    },
  };
}
