// Builds dist/ with tsc when it is missing or older than any source file under apps/ or libs/, and
// the portal (apps/portal → dist/portal, with vite) when its build is older than its sources.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');
const portalSources = path.join(root, 'apps', 'portal');
const portalIndex = path.join(root, 'dist', 'portal', 'index.html');

/** The newest .ts file under dir (every file when `everyFile`), leaving out the portal unless asked for it. */
function newestSource(dir, everyFile = false) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    // The portal is built by vite, not tsc: its files do not make the server build stale.
    if (full === portalSources && !everyFile) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full, everyFile));
    else if (everyFile || entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function tscStale() {
  const source = Math.max(newestSource(path.join(root, 'apps')), newestSource(path.join(root, 'libs')));
  return mtime(stamp) < source;
}

function portalStale() {
  if (!fs.existsSync(portalSources)) return false;
  return mtime(portalIndex) < newestSource(portalSources, true);
}

const isStale = () => tscStale() || (portalStale() && viteCli() !== undefined);

/** Vite's CLI, or undefined where dev dependencies are not installed (an image after `npm prune`). */
function viteCli() {
  try {
    return path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return undefined;
  }
}

/** One compiler at a time (tests and CLI runs may start together): a lock directory, then re-check. */
function ensureBuilt() {
  if (!isStale()) return;
  const lock = path.join(root, 'dist.lock');
  const deadline = Date.now() + 300000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`could not take ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (tscStale()) {
      // The stamp takes the time the compile STARTED: a file saved while tsc runs stays newer than it.
      const started = new Date();
      process.stderr.write('revcycle: compiling (tsc) ...\n');
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: ['ignore', process.stderr, 'inherit'],
      });
      fs.mkdirSync(path.dirname(stamp), { recursive: true });
      fs.utimesSync(stamp, started, started);
    }
    const vite = viteCli();
    if (portalStale() && !vite)
      process.stderr.write('revcycle: vite is not installed (npm install): the portal is not rebuilt\n');
    if (portalStale() && vite) {
      const started = new Date();
      process.stderr.write('revcycle: building the portal (vite) ...\n');
      execFileSync(
        process.execPath,
        [vite, 'build', '--config', 'apps/portal/vite.config.mjs', '--logLevel', 'warn'],
        {
          cwd: root,
          // Vite keeps a NODE_ENV it is given: under jest (NODE_ENV=test) it would bundle React's dev build.
          env: { ...process.env, NODE_ENV: 'production' },
          stdio: ['ignore', process.stderr, 'inherit'],
        },
      );
      fs.utimesSync(portalIndex, started, started);
    }
  } finally {
    fs.rmdirSync(lock);
  }
}

module.exports = { ensureBuilt };
if (require.main === module) ensureBuilt();
