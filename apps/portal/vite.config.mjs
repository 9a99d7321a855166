import react from '@vitejs/plugin-react';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Issue 11 point 5: the JavaScript a first visit loads (entry + its static imports), compressed. */
const FIRST_LOAD_LIMIT_BYTES = 300 * 1024;
/** Modules that must never be in the first load: the chart library and what only it uses. */
const LAZY_ONLY = /[\\/]node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|decimal\.js-light)[\\/]/;

function firstLoadBudget() {
  return {
    name: 'revcycle-first-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const seen = new Set();
      const visit = (c) => {
        if (!c || seen.has(c.fileName)) return;
        seen.add(c.fileName);
        c.imports.forEach((i) => visit(byName.get(i)));
      };
      chunks.filter((c) => c.isEntry).forEach(visit);
      const gzip = (f) => gzipSync(byName.get(f).code, { level: 9 }).length;
      const bytes = [...seen].reduce((sum, f) => sum + gzip(f), 0);
      const line = `portal: first-load JS ${(bytes / 1024).toFixed(1)} KB gzip in ${seen.size} file(s) (limit ${FIRST_LOAD_LIMIT_BYTES / 1024} KB)`;
      process.stdout.write(`${line}\n`);
      if (bytes > FIRST_LOAD_LIMIT_BYTES) this.error(`${line}: over budget`);
      // The chart library comes only with the finance screens that plot (screens/finance/routes.tsx).
      const lazyOnly = (c) => c.moduleIds.some((id) => LAZY_ONLY.test(id));
      const eager = [...seen].filter((f) => lazyOnly(byName.get(f)));
      if (eager.length > 0)
        this.error(`portal: ${eager.join(', ')} in the first load holds recharts (lazy only)`);
      for (const c of chunks.filter((c) => !seen.has(c.fileName) && lazyOnly(c)))
        process.stdout.write(
          `portal: charts chunk ${c.fileName} ${(gzip(c.fileName) / 1024).toFixed(1)} KB gzip (lazy)\n`,
        );
    },
  };
}

export default defineConfig(({ command }) => ({
  // A build is for production whatever NODE_ENV the shell has (jest sets "test": React's dev build).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), firstLoadBudget()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/portal', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `vite` dev server on 5173 proxies the API to a platform on 3000: still one origin for the browser.
    // The first segments of libs/runtime/src/gateway/gateway-routes.ts (GATEWAY_ROUTES, PER_SERVICE_SEGMENTS).
    proxy: Object.fromEntries(
      [
        '/auth',
        '/claims',
        '/payer',
        '/coding',
        '/remittance',
        '/audit',
        '/patients',
        '/encounters',
        '/payers',
        '/providers',
        '/admin',
        '/docs-json',
        '/health',
      ].map((p) => [p, 'http://127.0.0.1:3000']),
    ),
  },
}));
