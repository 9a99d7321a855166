#!/usr/bin/env node
// Builds the compact reference-table snapshot (node_modules/.cache/revcycle-codesets/) from the
// packaged tables plus anything `revcycle codesets import` added. Run by `npm install`
// (postinstall); never fails the install: the loader builds the snapshot on first use otherwise.
try {
  require('./ts-register');
  const { loadReferenceTables, snapshotPath } = require('../src/index.ts');
  const t0 = Date.now();
  const tables = loadReferenceTables({ rebuild: process.argv.includes('--rebuild') });
  process.stdout.write(
    `codesets: snapshot ready (${(tables.buffer.byteLength / 1e6).toFixed(0)} MB, ${Date.now() - t0} ms) at ${snapshotPath()}\n`,
  );
} catch (err) {
  process.stderr.write(`codesets: snapshot not built now (${err && err.message}); it will be built on first load\n`);
}
