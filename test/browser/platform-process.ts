import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { PlatformProcess, spawnPlatform } from '../../apps/platform/src/test/platform-process';

// The repository: two levels up from this file, three from its build under dist/ (bench:portal).
const up = path.resolve(__dirname, '..', '..');
export const root = path.basename(up) === 'dist' ? path.dirname(up) : up;

export type { PlatformProcess };

/** `npm start` on a free port: ensure-built (server and portal), then the platform's main with this env. */
export async function startPlatform(
  env: Record<string, string>,
  startTimeoutMs?: number,
): Promise<PlatformProcess> {
  execFileSync(process.execPath, ['tools/ensure-built.js'], { cwd: root, stdio: 'inherit' });
  return spawnPlatform(env, startTimeoutMs);
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

/**
 * The environment the browser specs and bench:portal start the platform with: a private DATA_DIR, a
 * free port on loopback, the given database (else the embedded PostgreSQL), quick outbox polling.
 */
export function platformEnv(dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_MS: '50',
    ...(process.env['REVCYCLE_CODESETS_CACHE']
      ? { REVCYCLE_CODESETS_CACHE: process.env['REVCYCLE_CODESETS_CACHE'] }
      : {}),
  };
}
