import { startEmbeddedPostgres } from '@revcycle/persistence';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

export interface PlatformDatabase {
  url: string;
  /** Stops the embedded PostgreSQL when this command started it; a running platform's is left alone. */
  close(): Promise<void>;
}

/**
 * The database the services use: DATABASE_URL, else the embedded default's under DATA_DIR — the
 * running platform's PostgreSQL (its port is in DATA_DIR/postgres.port), or, when the platform is
 * not running, that same data directory started here for the length of the command.
 */
export async function platformDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<PlatformDatabase> {
  if (databaseUrl) return { url: databaseUrl, close: async () => undefined };
  const portFile = path.join(path.resolve(dataDir), 'postgres.port');
  if (fs.existsSync(portFile)) {
    // The URL startEmbeddedPostgres gives the platform (libs/persistence embedded-postgres.ts).
    const url = `postgres://postgres:postgres@127.0.0.1:${Number(fs.readFileSync(portFile, 'utf8'))}/revcycle`;
    if (await accepts(url)) return { url, close: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres(dataDir);
  return { url: embedded.url, close: () => embedded.stop() };
}

async function accepts(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
