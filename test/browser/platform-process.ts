import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

export interface PlatformProcess {
  url: string;
  /** Everything it printed so far (the first admin's one-time password is in there). */
  output(): string;
  stop(): Promise<void>;
}

/** `npm start` on a free port: ensure-built (server and portal), then the platform's main with this env. */
export async function startPlatform(env: Record<string, string>): Promise<PlatformProcess> {
  execFileSync(process.execPath, ['tools/ensure-built.js'], { cwd: root, stdio: 'inherit' });
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', './tools/register-paths.js', 'dist/apps/platform/src/main.js'],
    { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), 120_000);
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
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The `revcycle` CLI against the same database and DATA_DIR; its last stdout line parsed as JSON. */
export function revcycle(
  env: Record<string, string>,
  args: string[],
  input?: string,
): Record<string, unknown> {
  return JSON.parse(revcycleText(env, args, input).split('\n').pop()!) as Record<string, unknown>;
}

/** What the `revcycle` CLI prints on stdout, trimmed. */
export function revcycleText(env: Record<string, string>, args: string[], input?: string): string {
  const out = execFileSync(
    process.execPath,
    ['-r', './tools/register-paths.js', 'dist/apps/cli/src/main.js', ...args],
    {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  return out.trim();
}
