import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import {
  DistributedEnvironment,
  SERVICE_NAMES,
  ServiceName,
  ServiceProcess,
  ServiceResponse,
  hasExited,
  killServiceProcess,
  spawnService,
  stopServiceProcess,
} from '@revcycle/runtime';
import { Pool } from 'pg';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KafkaBroker } from './kafka-broker';

/** Epoch ms of a performance.now() reading (the database's timestamps are epoch time). */
export const epochOf = (performanceMs: number) => performance.timeOrigin + performanceMs;

/** How one restarted instance came back (epoch ms). */
export interface Restart {
  spawnedAt: number;
  listeningAt: number;
  /** The first consumer state /health answered once the instance listened. */
  firstConsumerState: string;
  /** When /health first said `assigned` (undefined for a service without consumers). */
  assignedAt?: number;
}

/**
 * The five services as separate processes (`node dist/apps/<service>/src/main.js`) on a broker of
 * the suite's own and a fresh database on DATABASE_URL's server, with handles to kill -9 and restart
 * each instance, the broker, and the database connections.
 */
export class FaultEnvironment {
  readonly broker = new KafkaBroker();
  readonly environment = new DistributedEnvironment();
  readonly instances = {} as Record<ServiceName, ServiceProcess[]>;
  private db?: TestDatabase;
  private pool?: Pool;
  private extraEnv: Record<string, string> = {};
  private readonly spawned: Partial<Record<ServiceName, number>> = {};
  /** Each instance's logs, <service>-<n>.log (REVCYCLE_FAULTS_LOG_DIR, else a temporary folder). */
  readonly logDir = logDirectory();

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.extraEnv = extraEnv;
    this.broker.start(true);
    this.db = await createTestDatabase();
    this.pool = new Pool({ connectionString: this.db.url, max: 3, application_name: 'revcycle-faults' });
    // One after the other: each migrates its own schema at boot.
    for (const name of SERVICE_NAMES) this.instances[name] = [await this.spawn(name)];
    for (const name of SERVICE_NAMES) await this.untilAssigned(this.instances[name][0]);
  }

  /** spawn → listening of each running instance, for the report. */
  bootTimes(): string {
    return Object.values(this.instances)
      .flat()
      .map((i) => `${i.name} ${Math.round(i.listeningAt - i.spawnedAt)} ms`)
      .join(', ');
  }

  get databaseUrl(): string {
    if (!this.db) throw new Error('FaultEnvironment.start() has not run');
    return this.db.url;
  }

  private spawn(name: ServiceName): Promise<ServiceProcess> {
    const env = {
      ...process.env,
      ...this.environment.serviceEnv(this.databaseUrl, this.broker.brokers, this.extraEnv),
    };
    // A loaded machine (other suites, a busy CI host) can take minutes to boot a service.
    const n = (this.spawned[name] = (this.spawned[name] ?? 0) + 1);
    return spawnService(name, env, [], 240000, path.join(this.logDir, `${name}-${n}.log`));
  }

  /** A live instance's URL (the first one): charts' changes port when it restarts. */
  url(name: ServiceName): string {
    const live = this.instances[name].find((i) => !hasExited(i.child));
    if (!live) throw new Error(`no ${name} instance is running`);
    return live.url;
  }

  call<T = unknown>(
    name: ServiceName,
    method: string,
    pathname: string,
    role: Parameters<DistributedEnvironment['call']>[3],
    body?: unknown,
  ): Promise<ServiceResponse<T>> {
    return this.environment.call<T>(this.url(name), method, pathname, role, body);
  }

  /** kill -9 one instance; resolves with when (epoch ms), once the process is gone. */
  async kill9(name: ServiceName, index = 0): Promise<number> {
    const at = Date.now();
    await killServiceProcess(this.instances[name][index].child);
    return at;
  }

  /** SIGTERM one instance (its consumers leave the group) and forget it. */
  async stopInstance(name: ServiceName, index: number): Promise<number> {
    const at = Date.now();
    await stopServiceProcess(this.instances[name][index].child);
    this.instances[name].splice(index, 1);
    return at;
  }

  /** Starts instance `index` again (or a new instance at the end) and follows it until assigned. */
  async restart(name: ServiceName, index = this.instances[name].length): Promise<Restart> {
    const running = await this.spawn(name);
    this.instances[name][index] = running;
    const firstConsumerState = await this.consumerState(running);
    const assignedAt = await this.untilAssigned(running);
    return {
      spawnedAt: epochOf(running.spawnedAt),
      listeningAt: epochOf(running.listeningAt),
      firstConsumerState,
      assignedAt,
    };
  }

  /** `consumers` of the instance's /health: joining, assigned, stopped (or none when it has no transport). */
  async consumerState(instance: ServiceProcess): Promise<string> {
    const r = await this.environment.call<{ details?: Record<string, { message?: string }> }>(
      instance.url,
      'GET',
      '/health',
      null,
    );
    return r.body?.details?.['consumers']?.message ?? `(${r.status})`;
  }

  /** Polls /health every 50 ms until `consumers` says assigned; epoch ms then. */
  async untilAssigned(instance: ServiceProcess, timeoutMs = 90000): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (hasExited(instance.child))
        throw new Error(`${instance.name} exited while joining\n${instance.stderr()}`);
      const state = await this.consumerState(instance).catch(() => 'unreachable');
      if (state === 'assigned') return Date.now();
      if (state === '(200)') return undefined;
      if (Date.now() > deadline)
        throw new Error(`${instance.name} consumers still ${state} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * One live instance of each service at least, the first in its list: a scenario that failed
   * half-way (an instance left dead) does not fail the next one too.
   */
  async ensureRunning(): Promise<void> {
    for (const name of SERVICE_NAMES) {
      this.instances[name] = this.instances[name].filter((i) => !hasExited(i.child));
      if (this.instances[name].length === 0) await this.restart(name, 0);
    }
  }

  /** Reads from the services' one database (superuser, parameterized). */
  async sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pool) throw new Error('FaultEnvironment.start() has not run');
    return (await this.pool.query(text, params)).rows as T[];
  }

  /** pg_terminate_backend on every connection to the services' database but the suite's own. */
  async terminateServiceBackends(): Promise<number> {
    const rows = await this.sql<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name NOT LIKE 'revcycle-faults%'`,
    );
    return rows.filter((r) => r.terminated).length;
  }

  /** Every instance SIGTERMed, the database dropped, the broker stopped and its data removed. */
  async stop(): Promise<void> {
    const all = Object.values(this.instances).flat();
    await Promise.all(all.map((i) => stopServiceProcess(i.child)));
    await this.pool?.end();
    await this.db?.drop();
    this.broker.dispose();
    this.environment.dispose();
  }
}

function logDirectory(): string {
  const given = process.env['REVCYCLE_FAULTS_LOG_DIR'];
  if (!given) return fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-faults-logs-'));
  fs.mkdirSync(given, { recursive: true });
  return given;
}
