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
import { AddressInfo, createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KafkaBroker } from './kafka-broker';

/** Epoch ms of a performance.now() reading (the database's timestamps are epoch time). */
export const epochOf = (performanceMs: number) => performance.timeOrigin + performanceMs;

/** How one restarted instance came back (epoch ms). */
export interface Restart {
  spawnedAt: number;
  /** Its HTTP server's first /health answer: it listens before its consumers join their group. */
  answeringAt: number;
  /** When it printed its "listening on" line: bootstrap returns, and prints, once its consumers joined. */
  listeningAt: number;
  /** The consumer state of that first /health answer. */
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
  /** Each instance's first /health answer (performance.now()) and the consumer state it gave. */
  private readonly firstAnswers = new Map<ServiceProcess, { at: number; consumers: string }>();
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

  /** spawn → first /health answer / → "listening" line (consumers joined) of each running instance, for the report. */
  bootTimes(): string {
    return Object.values(this.instances)
      .flat()
      .map((i) => {
        const answeredAt = this.firstAnswers.get(i)?.at;
        const answering = answeredAt === undefined ? '-' : `${Math.round(answeredAt - i.spawnedAt)}`;
        return `${i.name} ${answering} / ${Math.round(i.listeningAt - i.spawnedAt)} ms`;
      })
      .join(', ');
  }

  get databaseUrl(): string {
    if (!this.db) throw new Error('FaultEnvironment.start() has not run');
    return this.db.url;
  }

  /**
   * Spawns an instance on a port chosen here, and probes its /health from the start: the service
   * prints its "listening on" line only once its consumers joined their group (a restarted one
   * waits out its killed predecessor's session there), while its HTTP server answers before.
   */
  private async spawn(name: ServiceName): Promise<ServiceProcess> {
    const port = await freePort();
    const env = {
      ...process.env,
      ...this.environment.serviceEnv(this.databaseUrl, this.broker.brokers, {
        ...this.extraEnv,
        PORT: String(port),
      }),
    };
    // A loaded machine (other suites, a busy CI host) can take minutes to boot a service.
    const n = (this.spawned[name] = (this.spawned[name] ?? 0) + 1);
    let started: ServiceProcess | 'failed' | undefined;
    const firstAnswer = (async () => {
      for (;;) {
        const at = performance.now();
        const state = await this.consumerState({ url: `http://127.0.0.1:${port}` }).catch(() => undefined);
        if (state !== undefined) return { at, consumers: state };
        if (started === 'failed') return undefined;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      started = await spawnService(name, env, [], 240000, path.join(this.logDir, `${name}-${n}.log`));
    } catch (err) {
      started = 'failed';
      await firstAnswer;
      throw err;
    }
    const answer = await firstAnswer;
    if (answer) this.firstAnswers.set(started, answer);
    return started;
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
    const first = this.firstAnswers.get(running);
    const assignedAt = await this.untilAssigned(running);
    return {
      spawnedAt: epochOf(running.spawnedAt),
      answeringAt: epochOf(first?.at ?? running.listeningAt),
      listeningAt: epochOf(running.listeningAt),
      firstConsumerState: first?.consumers ?? '(no answer)',
      assignedAt,
    };
  }

  /** `consumers` of the instance's /health: joining, assigned, stopped (or none when it has no transport). */
  async consumerState(instance: Pick<ServiceProcess, 'url'>): Promise<string> {
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function logDirectory(): string {
  const given = process.env['REVCYCLE_FAULTS_LOG_DIR'];
  if (!given) return fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-faults-logs-'));
  fs.mkdirSync(given, { recursive: true });
  return given;
}
