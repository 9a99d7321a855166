// Builds dist/ with tsc when it is missing or older than any source file under apps/ or libs/.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const source = Math.max(newestSource(path.join(root, 'apps')), newestSource(path.join(root, 'libs')));
  return built < source;
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
    if (!isStale()) return;
    // The stamp takes the time the compile STARTED: a file saved while tsc runs stays newer than it.
    const started = new Date();
    process.stderr.write('revcycle: compiling (tsc) ...\n');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.utimesSync(stamp, started, started);
  } finally {
    fs.rmdirSync(lock);
  }
}

module.exports = { ensureBuilt };
if (require.main === module) ensureBuilt();
