import { DistributedEnvironment, SERVICE_NAMES, ServiceName } from '@revcycle/runtime';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface RunningProcess {
  child: ChildProcess;
  url: string;
  /** performance.now() when it was spawned (a CPU profile's time 0, near enough). */
  spawnedAt: number;
}

/**
 * The five services as separate processes, each started the way `nx serve <service>` starts it
 * (`node -r tools/register-paths.js dist/apps/<service>/src/main.js`), with the environment of one
 * DistributedEnvironment. One after the other: each migrates its own schema at boot.
 */
export class ServiceProcesses {
  readonly running = {} as Record<ServiceName, RunningProcess>;

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
      this.running[name] = await startOne(name, env, flags);
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
    await Promise.all(
      Object.values(this.running).map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Spawns one service and resolves with its URL once it prints where it listens. */
function startOne(name: ServiceName, env: NodeJS.ProcessEnv, nodeFlags: string[]): Promise<RunningProcess> {
  const main = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  const spawnedAt = performance.now();
  const args = [...nodeFlags, '-r', path.join(root, 'tools', 'register-paths.js'), main];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timeout = setTimeout(() => fail(new Error(`${name} did not start within 90 s`)), 90000);
    const fail = (err: Error) => {
      clearTimeout(timeout);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${stderr.slice(-2000)}`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /listening on \S+ \((?:all interfaces; from this machine (\S+), )?docs (\S+)\/docs/.exec(
        stdout,
      );
      if (m) {
        clearTimeout(timeout);
        stdout = '';
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve({ child, url: m[2], spawnedAt });
      }
    });
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`${name} exited (${code ?? signal}) while starting`));
    child.once('exit', onExit);
  });
}
