#!/usr/bin/env node
// `npx revcycle …`: runs the compiled CLI, compiling first when the sources are newer.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..', '..');
require(path.join(root, 'tools', 'ensure-built.js')).ensureBuilt();
require(path.join(root, 'tools', 'register-paths.js'));
require(path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js'));
