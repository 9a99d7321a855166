import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

// The repository: four levels up from this file, five from its build under dist/ (a bench runs that).
const up = path.resolve(__dirname, '..', '..', '..', '..');
const root = path.basename(up) === 'dist' ? path.dirname(up) : up;

export interface PlatformProcess {
  url: string;
  /** Everything it printed so far (the first admin's one-time password is in there). */
  output(): string;
  /** SIGTERM, then its exit code once it has exited (graceful shutdown). */
  stop(): Promise<number | null>;
}

/**
 * The platform's main from dist/ exactly as `npm start` runs it, with only this env (and PATH);
 * resolves once it prints its "listening on" line. The caller builds first (tools/ensure-built.js).
 * A start slower than `startTimeoutMs` (a fresh database's migrations on a busy machine) is killed.
 */
export async function spawnPlatform(
  env: Record<string, string>,
  // PLATFORM_START_TIMEOUT_MS gives a crowded machine longer.
  startTimeoutMs = Number(process.env['PLATFORM_START_TIMEOUT_MS'] ?? 120_000),
): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', './tools/register-paths.js', 'dist/apps/platform/src/main.js'],
    { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // A platform that has not started in time is ended, not left running behind the failed test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`platform did not start in ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
