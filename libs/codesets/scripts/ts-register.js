// Minimal require hook: transpiles .ts on the fly (typescript.transpileModule) and resolves the
// @revcycle/* path aliases to sources, so scripts run without a build step or ts-node.
// Transpiled output is cached by content hash under node_modules/.cache (a CLI started from sources
// or a scrub worker thread would otherwise load TypeScript and re-transpile every file on each start).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..', '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });

const cacheDir = path.join(root, 'node_modules', '.cache', 'revcycle-ts-register');
// The key covers the TypeScript version and this hook itself (its compiler options) as well as the file.
const hookId = `${require('typescript/package.json').version}\0${fs.readFileSync(__filename, 'utf8')}`;
let ts;

function transpile(source, filename) {
  ts ??= require('typescript');
  return ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      // Nest resolves constructor dependencies from this metadata (a service booted from sources).
      emitDecoratorMetadata: true,
    },
    fileName: filename,
  }).outputText;
}

function cachedTranspile(source, filename) {
  const key = crypto.createHash('sha256').update(`${hookId}\0${filename}\0${source}`).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const out = transpile(source, filename);
    try {
      // Written aside then renamed: a concurrent reader sees the whole file or none.
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(tmp, out);
      fs.renameSync(tmp, file);
    } catch {
      // a read-only node_modules only loses the cache
    }
    return out;
  }
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(cachedTranspile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
