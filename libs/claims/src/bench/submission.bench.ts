/**
 * `npm run bench:submission` — 100,000 ready claims batched into 837 files the way
 * `POST /claims/batches` does it (PostgreSQL read of the sealed claims, 837 written, validated with
 * our validator, sealed and stored, claims moved to `batched` with their history), in a database of
 * its own; beside it, in the same process, the bare libs/x12 writer and writer + validator on the
 * same claims in memory. The database side runs in a child process with its heap capped at 128 MB
 * (a batch that held its file or its claims whole would die there). Prints claims/s, peak RSS and
 * the ratios; the last line is one JSON object.
 *
 * BENCH_CLAIMS (default 100000) sets the size; DATABASE_URL the server (the bench creates and drops
 * its own database there).
 */
import { createTestDatabase, migrateService, serviceDataSourceOptions } from '@revcycle/persistence';
import { databaseCpuMeter, readEnvironment } from '@revcycle/runtime';
import { PhiKeyring, configurePhiEncryption } from '@revcycle/security';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CLAIMS_DATABASE } from '../claims.module';
import { ClaimBatchService } from '../submission/claim-batch.service';
import { ClaimToSubmit } from '../submission/claim-file/claim-837-mapping';
import { ClaimFileValidation } from '../submission/claim-file/claim-file-validation';
import { ClaimFileWriter } from '../submission/claim-file/claim-file-writer';
import { storedClaim, writerOptions } from '../submission/claim-file/sample-stored-claims';
import { seedReadyClaims } from './seed-ready-claims';
import { CLAIMS_PER_TRANSACTION_SET } from '../submission/write-claim-batch';

const MB = 1024 * 1024;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Peak RSS while `run` runs, sampled every 20 ms (and at the end). */
async function measured<T>(
  run: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMB: number }> {
  // memoryUsage.rss() alone: memoryUsage() also walks the heap spaces, a cost the run would carry.
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = performance.now();
  try {
    const result = await run();
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, seconds, peakRssMB: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

/** The same claims through the bare writer (and the validator), in memory: the ceiling of the path. */
function inMemory(claims: ClaimToSubmit[], validate: boolean): number {
  const writer = new ClaimFileWriter(writerOptions('professional'));
  const validation = new ClaimFileValidation({ maxIssues: 50 });
  const t0 = performance.now();
  let errors = 0;
  const header = writer.header();
  if (validate) validation.header(header);
  for (let at = 0; at < claims.length; at += CLAIMS_PER_TRANSACTION_SET) {
    const written = writer.transaction(claims.slice(at, at + CLAIMS_PER_TRANSACTION_SET));
    if (validate) errors += validation.transaction(written).filter((i) => i.severity === 'error').length;
  }
  const trailer = writer.trailer();
  if (validate) errors += validation.trailer(trailer).errors;
  if (errors > 0) throw new Error(`the synthetic claims do not validate (${errors} errors)`);
  return (performance.now() - t0) / 1000;
}

/** The database side, in a child process whose heap is capped: a batch that held the file would die. */
const HEAP_CAP_MB = 128;

interface BatchedRun {
  claimsPerSec: number;
  /** CPU per claim: this process (main thread + validation thread) and its PostgreSQL backends. */
  nodeCpuUsPerClaim: number;
  postgresCpuUsPerClaim?: number;
  seconds: number;
  peakRssMB: number;
  rssBeforeMB: number;
  fileMB: number;
  batches: number;
}

async function batchInDatabase(count: number, base: string): Promise<BatchedRun> {
  configurePhiEncryption(
    new PhiKeyring([{ id: 'bench', keyBase64: randomBytes(32).toString('base64') }], 'bench'),
  );
  const env = readEnvironment({ ...process.env, DATABASE_URL: base }, { port: 0, kafkaClientId: 'bench' });
  const database = await createTestDatabase(base);
  const db = new DataSource({ ...serviceDataSourceOptions({ ...CLAIMS_DATABASE, url: database.url }) });
  try {
    await migrateService({ ...CLAIMS_DATABASE, url: database.url });
    await db.initialize();
    const seeded = await measured(() => seedReadyClaims(db, count));
    process.stderr.write(`seeded ${count} ready claims in ${round(seeded.seconds)} s\n`);
    // As the database's owner: the service's role owns no table, and ANALYZE skips what it does not own.
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    await owner.query('ANALYZE').finally(() => owner.end());
    global.gc?.();
    const rssBeforeMB = process.memoryUsage().rss / MB;
    const service = new ClaimBatchService(db, env);
    const serverCpu = await databaseCpuMeter(database.url);
    const nodeBefore = process.cpuUsage();
    const run = await measured(() => service.create({}, { id: 'bench-biller', role: 'biller' }));
    const nodeCpu = process.cpuUsage(nodeBefore);
    const serverSeconds = await serverCpu.stop();
    const batched = run.result.reduce((s, b) => s + b.claimCount, 0);
    if (batched !== count) throw new Error(`batched ${batched} of ${count} claims`);
    return {
      claimsPerSec: count / run.seconds,
      nodeCpuUsPerClaim: (nodeCpu.user + nodeCpu.system) / count,
      postgresCpuUsPerClaim: serverSeconds === undefined ? undefined : (serverSeconds * 1e6) / count,
      seconds: run.seconds,
      peakRssMB: run.peakRssMB,
      rssBeforeMB,
      fileMB: run.result.reduce((s, b) => s + b.fileBytes, 0) / MB,
      batches: run.result.length,
    };
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.drop();
  }
}

function inChild(count: number): Promise<BatchedRun> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      execArgv: [...process.execArgv, `--max-old-space-size=${HEAP_CAP_MB}`],
      env: { ...process.env, BENCH_CHILD: String(count) },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.on('message', (m: BatchedRun) => resolve(m));
    child.on('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`the batch process exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const count = Number(process.env['BENCH_CLAIMS'] ?? 100_000);
  const base = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const child = process.env['BENCH_CHILD'];
  if (child) {
    process.send!(await batchInDatabase(Number(child), base));
    return;
  }
  const sample = Array.from({ length: count }, (_, n) => storedClaim(n));
  inMemory(sample.slice(0, 5000), true); // warm the JIT on both paths
  const writerSeconds = inMemory(sample, false);
  const writeValidateSeconds = inMemory(sample, true);
  sample.length = 0;
  const writerRate = count / writerSeconds;
  const writeValidateRate = count / writeValidateSeconds;
  console.log(
    `libs/x12 writer alone:        ${Math.round(writerRate)} claims/s\n` +
      `writer + validator in memory: ${Math.round(writeValidateRate)} claims/s`,
  );
  const run = await inChild(count);
  console.log(
    `batched end to end:           ${Math.round(run.claimsPerSec)} claims/s (${run.batches} batch, ${round(run.fileMB)} MB of 837, ` +
      `${round(run.seconds, 2)} s), peak RSS ${Math.round(run.peakRssMB)} MB (${Math.round(run.rssBeforeMB)} MB before; heap capped at ${HEAP_CAP_MB} MB)\n` +
      `CPU per claim:                ${Math.round(run.nodeCpuUsPerClaim)} µs in this process (main + validation thread), ` +
      `${run.postgresCpuUsPerClaim === undefined ? 'unknown' : Math.round(run.postgresCpuUsPerClaim)} µs in PostgreSQL\n` +
      `end to end vs bare writer:    ${round(run.claimsPerSec / writerRate, 3)}×; vs writer + validator: ${round(run.claimsPerSec / writeValidateRate, 3)}×`,
  );
  console.log(
    JSON.stringify({
      claims: count,
      claimsPerSec: Math.round(run.claimsPerSec),
      seconds: round(run.seconds, 2),
      peakRssMB: Math.round(run.peakRssMB),
      rssBeforeMB: Math.round(run.rssBeforeMB),
      heapCapMB: HEAP_CAP_MB,
      fileMB: round(run.fileMB),
      batches: run.batches,
      writerClaimsPerSec: Math.round(writerRate),
      writeValidateClaimsPerSec: Math.round(writeValidateRate),
      vsWriter: round(run.claimsPerSec / writerRate, 3),
      vsWriteValidate: round(run.claimsPerSec / writeValidateRate, 3),
      nodeCpuUsPerClaim: Math.round(run.nodeCpuUsPerClaim),
      postgresCpuUsPerClaim:
        run.postgresCpuUsPerClaim === undefined ? undefined : Math.round(run.postgresCpuUsPerClaim),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
