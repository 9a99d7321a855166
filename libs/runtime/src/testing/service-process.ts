import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ServiceName } from './distributed-environment';

/** One service running as its own process, the way `nx serve <service>` runs it. */
export interface ServiceProcess {
  name: ServiceName;
  child: ChildProcess;
  /** Where it listens (http://127.0.0.1:<port>). */
  url: string;
  /** performance.now() when it was spawned (a CPU profile's time 0, near enough). */
  spawnedAt: number;
  /** performance.now() when it printed where it listens (its consumers joined by then). */
  listeningAt: number;
  /** The last 8 KB it wrote to stderr, for the message of a test that fails. */
  stderr: () => string;
}

/** The repository's root: the folder above this file that holds tools/register-paths.js (source or dist/). */
function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'tools', 'register-paths.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no tools/register-paths.js above ${__dirname}`);
  }
}

/**
 * Spawns `node -r tools/register-paths.js dist/apps/<name>/src/main.js` (dist/ must be built:
 * tools/ensure-built.js) and resolves once it prints where it listens, which a service does once
 * bootstrap returned: after its consumers have joined their group (a restarted one waits out its
 * killed predecessor's session there); its HTTP server answers /health before that, consumers
 * "joining". Rejects when it exits first or does not listen in time.
 */
export function spawnService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  nodeFlags: string[] = [],
  startTimeoutMs = 90000,
  /** Where everything it writes (its JSON logs, stderr) is appended, when given. */
  logFile?: string,
): Promise<ServiceProcess> {
  const root = repositoryRoot();
  const main = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  const spawnedAt = performance.now();
  const args = [...nodeFlags, '-r', path.join(root, 'tools', 'register-paths.js'), main];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (logFile) {
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timeout = setTimeout(
      () => fail(new Error(`${name} did not start within ${startTimeoutMs / 1000} s`)),
      startTimeoutMs,
    );
    const fail = (err: Error) => {
      clearTimeout(timeout);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${stderr.slice(-2000)}`));
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /listening on \S+ \((?:all interfaces; from this machine (\S+), )?docs (\S+)\/docs/.exec(
        stdout,
      );
      if (m) {
        const listeningAt = performance.now();
        clearTimeout(timeout);
        stdout = '';
        child.stdout?.removeAllListeners('data');
        if (!logFile) child.stdout?.resume();
        child.off('exit', onExit);
        resolve({ name, child, url: m[2], spawnedAt, listeningAt, stderr: () => stderr });
      }
    });
    const onExit = (code: number | null, signal: string | null) =>
      fail(new Error(`${name} exited (${code ?? signal}) while starting`));
    child.once('exit', onExit);
  });
}

/** True once the process has exited (or been killed). */
export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM (graceful shutdown: the consumers leave their group), then SIGKILL after `graceMs`. */
export function stopServiceProcess(child: ChildProcess, graceMs = 10000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (hasExited(child)) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** kill -9, resolved once the process is gone. */
export function killServiceProcess(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (hasExited(child)) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
