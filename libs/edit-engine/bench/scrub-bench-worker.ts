// One benchmark worker: maps the shared tables (no copy), generates its own seeded claims, scrubs
// them for a fixed number of rounds and reports its count and time.
import { fromSharedReferenceTables, SharedReferenceTables } from '@revcycle/codesets';
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../src/engine';
import { BENCH_AS_OF, BENCH_PAYER_RULES, codePools, generateClaims } from './claim-generator';

const {
  shared,
  claims: n,
  seed,
  rounds,
} = workerData as { shared: SharedReferenceTables; claims: number; seed: number; rounds: number };
const tables = fromSharedReferenceTables(shared);
const engine = createEngine(tables, BENCH_PAYER_RULES, { asOf: BENCH_AS_OF });
const claims = generateClaims(codePools(tables), n, seed);
for (let r = 0; r < 2; r++) for (const c of claims) engine.scrub(c); // warm-up (JIT), like the one-core run
parentPort!.on('message', () => {
  const t0 = process.hrtime.bigint();
  let rejected = 0;
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < claims.length; i++) if (engine.scrub(claims[i]!).status === 'rejected') rejected++;
  const ns = Number(process.hrtime.bigint() - t0);
  parentPort!.postMessage({ scrubbed: rounds * claims.length, ns, rejected });
});
parentPort!.postMessage('ready');
