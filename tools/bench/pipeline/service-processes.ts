import {
  DistributedEnvironment,
  SERVICE_NAMES,
  ServiceName,
  ServiceProcess,
  spawnService,
  stopServiceProcess,
} from '@revcycle/runtime';
import * as path from 'node:path';

/**
 * The five services as separate processes, each started the way `nx serve <service>` starts it
 * (`node -r tools/register-paths.js dist/apps/<service>/src/main.js`), with the environment of one
 * DistributedEnvironment. One after the other: each migrates its own schema at boot.
 */
export class ServiceProcesses {
  readonly running = {} as Record<ServiceName, ServiceProcess>;

  constructor(
    private readonly environment: DistributedEnvironment,
    private readonly databaseUrl: string,
    private readonly kafkaBrokers: string,
  ) {}

  /** `profileDir`: the services named in `profiled` write a V8 CPU profile there when they stop. */
  async start(
    extraEnv: Record<string, string>,
    profiled: readonly string[] = [],
    profileDir?: string,
  ): Promise<void> {
    const env = {
      ...process.env,
      ...this.environment.serviceEnv(this.databaseUrl, this.kafkaBrokers, extraEnv),
    };
    for (const name of SERVICE_NAMES) {
      const flags =
        profileDir && profiled.includes(name)
          ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`, '--cpu-prof-interval=1000']
          : [];
      // BENCH_START_SECONDS: on a machine shared with other jobs, start-up alone may take minutes.
      const startSeconds = Number(process.env['BENCH_START_SECONDS'] ?? 90);
      this.running[name] = await spawnService(name, env, flags, startSeconds * 1000);
    }
  }

  url(name: ServiceName): string {
    return this.running[name].url;
  }

  spawnedAt(name: ServiceName): number {
    return this.running[name].spawnedAt;
  }

  pid(name: ServiceName): number {
    return this.running[name].child.pid ?? 0;
  }

  /** SIGTERM (graceful shutdown), then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    await Promise.all(Object.values(this.running).map(({ child }) => stopServiceProcess(child)));
  }
}
