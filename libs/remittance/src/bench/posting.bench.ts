/**
 * `npm run bench:posting` — a generated 835 of 100,000 claims (paid, partially paid, denied, PR
 * split, reversals and corrections, PLB) posted through the remittance service's HTTP API into
 * PostgreSQL: streamed in, parsed, matched to the ledger line by line, posted per transaction set,
 * one adjudication event per claim in the outbox. Beside it, in the same process, libs/x12's bare
 * streamed parse of the same file. Prints claims/s, peak RSS and the ratio; the last line is one
 * JSON object.
 *
 * `--mb 200` (or BENCH_STREAM_MB=200) adds a second phase: a ~200 MB 835 generated as a stream (never
 * held whole, never on disk) straight into POST /remittance/advices, against a ledger seeded for it;
 * its peak RSS and RSS growth show whether memory follows the chunk size or the file size. Its
 * figures join the last JSON line as `stream*` fields.
 *
 * BENCH_CLAIMS (default 100000) sets the size; DATABASE_URL and KAFKA_BROKERS the servers (started
 * as for the tests when not given); the bench creates and drops its own database there.
 */
import {
  syntheticRemittanceChunks,
  syntheticRemittanceClaim,
  syntheticRemittanceShape,
} from '@revcycle/payer-simulator';
import { createTestDatabase, migrateService } from '@revcycle/persistence';
import { bootstrapService, databaseCpuMeter } from '@revcycle/runtime';
import {
  DEFAULT_PHI_KEY_ID,
  PhiKeyring,
  configurePhiEncryption,
  generateTokenKeyPair,
  issueAccessToken,
  phiColumnContext,
  phiKeyring,
  privateTokenKey,
} from '@revcycle/security';
import { stream835 } from '@revcycle/x12';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { remittanceServiceSpec } from '../remittance.app';
import { REMITTANCE_DATABASE } from '../remittance.module';

const MB = 1024 * 1024;
const SEED_CHUNK = 5000;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Peak RSS while `run` runs, sampled every 20 ms. */
async function measured<T>(
  run: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - t0) / 1000, peakRssMB: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

/** The ledger the 835 pays: each claim with its billed lines, as claims.claim.created leaves them. */
async function seedLedger(
  url: string,
  claims: number,
  options: { claims: number; seed: number; prefix?: string },
): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (let from = 0; from < claims; from += SEED_CHUNK) {
      const c: unknown[][] = [[], [], [], [], [], []];
      const l: unknown[][] = [[], [], [], [], [], [], []];
      for (let i = from; i < Math.min(claims, from + SEED_CHUNK); i++) {
        const claim = syntheticRemittanceClaim(options, i);
        const id = randomUUID();
        const dos = claim.serviceLines[0].dates![0].date;
        // sealed as the ledger seals them (LEDGER_LINE_SERVICES, once per claim): what was done for
        // the patient is PHI
        const services = phiKeyring().encrypt(
          JSON.stringify(
            claim.serviceLines.map((line, k) => ({
              lineNumber: k + 1,
              procedureCode: line.procedure!.code,
              modifiers: line.procedure!.modifiers ?? [],
            })),
          ),
          phiColumnContext('remittance.claim_ledger', 'line_services', id),
        );
        [id, claim.claimId, dos, claim.totalChargeCents, claim.serviceLines.length, services].forEach(
          (v, k) => c[k].push(v),
        );
        claim.serviceLines.forEach((line, k) => {
          [id, k + 1, `${claim.claimId}-${k + 1}`, null, dos, line.quantity, line.chargeCents].forEach(
            (v, n) => l[n].push(v),
          );
        });
      }
      await db.query(
        `INSERT INTO remittance.claim_ledger (claim_id, patient_control_number, encounter_id, patient_id, payer_id,
                date_of_service, total_charge_cents, service_line_count, line_services)
         SELECT id, pcn, 'enc-' || pcn, 'pat-' || pcn, 'payer-acme', dos, charge, n, svc
           FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::int[], $6::text[])
             AS x(id, pcn, dos, charge, n, svc)`,
        c,
      );
      await db.query(
        `INSERT INTO remittance.claim_ledger_line (claim_id, line_number, line_item_control_number, service,
                date_of_service, units, charge_cents)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::date[], $6::int[], $7::bigint[])`,
        l,
      );
    }
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}

/**
 * POST /remittance/advices with `body` streamed (node:http: no client-side timeout, a big file takes
 * minutes); the answer, timed, with the peak RSS.
 */
async function postAdvice(url: string, token: string, body: Readable) {
  return measured(
    () =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const request = http.request(
          `${url}/remittance/advices`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
          },
          (response) => {
            const parts: Buffer[] = [];
            response.on('data', (part: Buffer) => parts.push(part));
            response.on('error', reject);
            response.on('end', () => {
              const text = Buffer.concat(parts).toString('utf8');
              try {
                resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
              } catch {
                reject(
                  new Error(
                    `POST /remittance/advices answered ${response.statusCode}: ${text.slice(0, 300)}`,
                  ),
                );
              }
            });
          },
        );
        request.on('error', reject);
        body.on('error', reject);
        body.pipe(request);
      }),
  );
}

function expectPosted(
  run: { result: { status: number; body: Record<string, unknown> } },
  shape: { claimPayments: number },
) {
  const { status, body } = run.result;
  if (status !== 201)
    throw new Error(`POST /remittance/advices answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  if (body['claims'] !== shape.claimPayments || body['unmatched'] !== 0)
    throw new Error(
      `posted ${JSON.stringify(body).slice(0, 300)}, expected ${shape.claimPayments} claims all matched`,
    );
}

/** Claims that make a generated 835 of about `mb` MB (measured on a sample of its own generator). */
function claimsForSize(mb: number, options: { seed: number; prefix: string }): number {
  const sample = 2000;
  let bytes = 0;
  for (const chunk of syntheticRemittanceChunks({ ...options, claims: sample })) bytes += chunk.length;
  return Math.round((mb * MB * sample) / bytes);
}

async function writeFile(file: string, options: { claims: number; seed: number }): Promise<number> {
  const out = fs.createWriteStream(file);
  for (const chunk of syntheticRemittanceChunks(options))
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((err?: Error) => (err ? reject(err) : resolve())));
  return fs.statSync(file).size;
}

async function bareParse(file: string): Promise<number> {
  let claims = 0;
  await stream835(fs.createReadStream(file, { highWaterMark: 1 << 16 }), { claim: () => void claims++ });
  return claims;
}

/** The jest global setup's real PostgreSQL and Kafka broker (started when not given by env). */
const infrastructure = path.resolve(__dirname, '..', '..', '..', '..', '..', 'tools', 'test');

async function main(): Promise<void> {
  await require(path.join(infrastructure, 'global-setup.js'))();
  try {
    await postingBench();
  } finally {
    await require(path.join(infrastructure, 'global-teardown.js'))();
  }
}

/**
 * The big-file phase: a ledger seeded for a ~`mb` MB remittance (its own claims, its own traces),
 * then the 835 generated chunk by chunk into the HTTP request.
 */
async function streamPhase(url: string, token: string, databaseUrl: string, mb: number) {
  const options = { seed: 8, prefix: 'BIG' };
  const claims = claimsForSize(mb, options);
  const shape = syntheticRemittanceShape({ ...options, claims });
  await seedLedger(databaseUrl, claims, { ...options, claims });
  global.gc?.();
  const rssBeforeMB = process.memoryUsage().rss / MB;
  const heapBeforeMB = process.memoryUsage().heapUsed / MB;
  let bytes = 0;
  const body = Readable.from(
    (function* () {
      for (const chunk of syntheticRemittanceChunks({ ...options, claims })) {
        bytes += chunk.length;
        yield Buffer.from(chunk, 'latin1');
      }
    })(),
    { objectMode: false },
  );
  const run = await postAdvice(url, token, body);
  expectPosted(run, shape);
  // What stays once garbage is collected: a leak grows with the file, heap headroom does not stay.
  global.gc?.();
  const heapKeptMB = process.memoryUsage().heapUsed / MB - heapBeforeMB;
  const streamMB = bytes / MB;
  const rate = shape.claimPayments / run.seconds;
  console.log(
    `streamed ${round(streamMB)} MB 835:        ${Math.round(rate)} claims/s (${shape.claimPayments} CLPs in ${shape.transactionSets} sets, ` +
      `${round(run.seconds, 1)} s), peak RSS ${Math.round(run.peakRssMB)} MB (${Math.round(rssBeforeMB)} MB before, ` +
      `+${Math.round(run.peakRssMB - rssBeforeMB)} MB; heap kept after GC ${round(heapKeptMB)} MB)`,
  );
  return {
    streamMB: round(streamMB),
    streamClaims: shape.claimPayments,
    streamClaimsPerSec: Math.round(rate),
    streamPeakRssMB: Math.round(run.peakRssMB),
    streamRssBeforeMB: Math.round(rssBeforeMB),
    streamRssGrowthMB: Math.round(run.peakRssMB - rssBeforeMB),
    streamHeapKeptMB: round(heapKeptMB),
  };
}

/** `--mb N` on the command line, else BENCH_STREAM_MB; 0 (no big-file phase) by default. */
function streamSize(): number {
  const at = process.argv.indexOf('--mb');
  const value = at >= 0 ? process.argv[at + 1] : process.env['BENCH_STREAM_MB'];
  const mb = Number(value ?? 0);
  if (!Number.isFinite(mb) || mb < 0) throw new Error(`--mb must be a size in MB, not "${value}"`);
  return mb;
}

async function postingBench(): Promise<void> {
  const count = Number(process.env['BENCH_CLAIMS'] ?? 100_000);
  const streamMB = streamSize();
  const base = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const options = { claims: count, seed: 7 };
  const shape = syntheticRemittanceShape(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-posting-'));
  const file = path.join(dir, 'remittance.835');
  const database = await createTestDatabase(base);
  const keys = generateTokenKeyPair();
  let service: Awaited<ReturnType<typeof bootstrapService>> | undefined;
  try {
    const fileMB = (await writeFile(file, options)) / MB;
    await bareParse(file); // warm the JIT
    const bare = await measured(() => bareParse(file));
    if (bare.result !== shape.claimPayments)
      throw new Error(`parsed ${bare.result} of ${shape.claimPayments} CLPs`);
    console.log(
      `libs/x12 stream835 alone: ${Math.round(bare.result / bare.seconds)} claims/s (${round(fileMB)} MB)`,
    );

    const phiKey = randomBytes(32).toString('base64');
    configurePhiEncryption(
      new PhiKeyring([{ id: DEFAULT_PHI_KEY_ID, keyBase64: phiKey }], DEFAULT_PHI_KEY_ID),
    );
    await migrateService({ ...REMITTANCE_DATABASE, url: database.url });
    await seedLedger(database.url, count, options);
    service = await bootstrapService(remittanceServiceSpec, {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env['KAFKA_BROKERS']!,
      AUTH_JWT_PUBLIC_KEY: keys.publicKey,
      AUTH_JWT_AUDIENCE: 'revcycle-bench',
      PHI_ENCRYPTION_KEY: phiKey,
      AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
      AUDIT_ANCHOR_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '60000',
    });
    const token = issueAccessToken(
      { id: 'bench-finance', role: 'finance' },
      privateTokenKey(keys.privateKey),
      {
        audience: 'revcycle-bench',
      },
    );
    global.gc?.();
    const rssBeforeMB = process.memoryUsage().rss / MB;
    const dbCpu = await databaseCpuMeter(database.url);
    const cpuBefore = process.cpuUsage();
    const run = await postAdvice(service.url, token, fs.createReadStream(file, { highWaterMark: 1 << 16 }));
    const serviceCpu = process.cpuUsage(cpuBefore);
    const databaseCpuSeconds = (await dbCpu.stop()) ?? Number.NaN;
    expectPosted(run, shape);
    const claimsPerSec = shape.claimPayments / run.seconds;
    const bareRate = bare.result / bare.seconds;
    console.log(
      `posted end to end:         ${Math.round(claimsPerSec)} claims/s (${shape.claimPayments} CLPs in ${shape.transactionSets} sets, ` +
        `${round(run.seconds, 2)} s), peak RSS ${Math.round(run.peakRssMB)} MB (${Math.round(rssBeforeMB)} MB before)\n` +
        `posting vs bare parse:     ${round(claimsPerSec / bareRate, 3)}×`,
    );
    const perClaim = (seconds: number) => round((seconds * 1e6) / shape.claimPayments);
    const serviceCpuSeconds = (serviceCpu.user + serviceCpu.system) / 1e6;
    console.log(
      `CPU per claim:             service ${perClaim(serviceCpuSeconds)} µs, database ${perClaim(databaseCpuSeconds)} µs`,
    );
    const stream = streamMB > 0 ? await streamPhase(service.url, token, database.url, streamMB) : {};
    console.log(
      JSON.stringify({
        claims: shape.claimPayments,
        transactionSets: shape.transactionSets,
        fileMB: round(fileMB),
        claimsPerSec: Math.round(claimsPerSec),
        seconds: round(run.seconds, 2),
        peakRssMB: Math.round(run.peakRssMB),
        rssBeforeMB: Math.round(rssBeforeMB),
        rssGrowthMB: Math.round(run.peakRssMB - rssBeforeMB),
        parseClaimsPerSec: Math.round(bareRate),
        vsParse: round(claimsPerSec / bareRate, 3),
        serviceCpuUsPerClaim: perClaim(serviceCpuSeconds),
        databaseCpuUsPerClaim: perClaim(databaseCpuSeconds),
        ...stream,
      }),
    );
  } finally {
    await service?.app.close();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
