import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose script is `dir/name.ts` (running from sources: jest, scripts —
 * transpiled on the fly) or `dir/name.js` (compiled, under dist/). A worker has its own module
 * resolver, so the @revcycle/* path aliases are registered there too.
 */
export function startWorkerScript(dir: string, name: string, workerData?: unknown): Worker {
  if (__filename.endsWith('.ts')) {
    const register = resolve(__dirname, '..', '..', 'codesets', 'scripts', 'ts-register.js');
    const file = resolve(dir, `${name}.ts`);
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(file)});`, {
      eval: true,
      workerData,
    });
  }
  const registerPaths = resolve(__dirname, '..', '..', '..', '..', 'tools', 'register-paths.js');
  const file = resolve(dir, `${name}.js`);
  const preamble = `try { require(${JSON.stringify(registerPaths)}); } catch { /* installed without the repository tools */ } `;
  return new Worker(`${preamble}require(${JSON.stringify(file)});`, { eval: true, workerData });
}
