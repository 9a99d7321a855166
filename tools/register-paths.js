// Resolves the @revcycle/* path aliases of tsconfig.base.json against the compiled tree in dist/,
// so `node -r ./tools/register-paths.js dist/apps/<app>/src/main.js` runs without a bundler.
const path = require('node:path');
const tsConfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../tsconfig.base.json');

const paths = {};
for (const [alias, targets] of Object.entries(compilerOptions.paths)) {
  paths[alias] = targets.map((t) => t.replace(/\.ts$/, ''));
}
tsConfigPaths.register({ baseUrl: path.resolve(__dirname, '..', 'dist'), paths });
