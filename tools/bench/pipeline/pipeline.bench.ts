/**
 * `npm run bench:pipeline` — the five services as separate processes on a real Kafka broker and
 * PostgreSQL, load offered through charts' public API by 16–24 concurrent clients (create +
 * finalize an office visit for a synthetic patient), each encounter followed until its claim is
 * stored and scrubbed in claims' tables. Prints accepted/s at intake, end-to-end encounters/s at
 * saturation, latency finalize → claim at fixed offered rates, CPU per service and per encounter
 * (where the time goes), each service's RSS, and the same figures on Nest's stock Kafka transport;
 * the last line is one JSON object.
 *
 * Env: DATABASE_URL (the server; the bench creates and drops its own databases there),
 * KAFKA_BROKERS (a running broker; unset = the bench starts one with deploy/kafka/kafka.sh),
 * BENCH_TRANSPORT (REVCYCLE_KAFKA_TRANSPORT of the main pass, default batching),
 * BENCH_COMPARE_STOCK=0 (skip the stock pass), BENCH_CLIENTS (24), BENCH_SECONDS (12 per phase),
 * BENCH_RATES (100,500,1000), BENCH_DRAIN_SECONDS (25), BENCH_PATIENTS (240), BENCH_START_SECONDS (90,
 * how long each service may take to start),
 * BENCH_CPU_PROFILE (services to profile in the main pass, e.g. charts,claims: V8 CPU profiles
 * summarized by package and library at the end; adds ~5 % to their CPU).
 */
import { createTestDatabase } from '@revcycle/persistence';
import {
  DistributedEnvironment,
  SERVICE_NAMES,
  ServiceName,
  syntheticOfficeVisit,
  syntheticPatient,
  syntheticPractice,
  SyntheticPatient,
} from '@revcycle/runtime';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EncounterOperation, LoadResult, offerLoad, percentile } from './offered-load';
import { PipelineProgress, StageTimes } from './pipeline-progress';
import { summarizeCpuProfile } from './cpu-profile-summary';
import { CpuMeter, backendPids, rssMB } from './process-meter';
import { ServiceProcesses } from './service-processes';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const CLIENTS = num('BENCH_CLIENTS', 24);
const SECONDS = num('BENCH_SECONDS', 12);
const DRAIN_SECONDS = num('BENCH_DRAIN_SECONDS', 25);
const IDLE_SECONDS = num('BENCH_IDLE_SECONDS', 5);
const PATIENTS = num('BENCH_PATIENTS', 240);
const RATES = (process.env['BENCH_RATES'] ?? '100,500,1000').split(',').map(Number);
const MAIN_TRANSPORT = process.env['BENCH_TRANSPORT'] ?? 'batching';
const PROFILED = (process.env['BENCH_CPU_PROFILE'] ?? '').split(',').filter(Boolean);
const COMPARE_STOCK = process.env['BENCH_COMPARE_STOCK'] !== '0' && MAIN_TRANSPORT !== 'stock';
const round = (n: number, d = 0) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : null);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Median ms spent between the stages of finalize → claim (see PipelineProgress.stageTimes). */
type StageLatency = Record<string, number | null>;

interface RatePhase {
  offeredPerSec: number;
  stagesP50Ms: StageLatency;
  achievedPerSec: number;
  finalized: number;
  /** Claims scrubbed by the end of the drain; the rest count at their waiting time (a lower bound). */
  completed: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

interface PassResult {
  transport: string;
  acceptedPerSec: number;
  encountersPerSec: number;
  saturationCompleted: number;
  saturationFinalized: number;
  intakeFailures: number;
  stagesAtEndOfLoad: Record<string, number>;
  cpuShare: Record<string, number | null>;
  /** Cores each group used with the services up and nothing offered (IDLE_SECONDS). */
  idleCpuShare: Record<string, number | null>;
  cpuMsPerEncounter: Record<string, number | null>;
  rates: RatePhase[];
  rssMB: Record<string, number>;
  /** Per profiled service: self time by package or library, busiest first (% of busy samples). */
  profiles: Record<string, Array<{ place: string; share: number }>>;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const kafka = startKafka();
  try {
    log(
      `bench:pipeline — ${CLIENTS} clients, ${SECONDS} s phases, rates ${RATES.join('/')}/s, broker ${kafka.brokers}`,
    );
    const main = await runPass(MAIN_TRANSPORT, kafka, RATES, PROFILED);
    report(main);
    const stock = COMPARE_STOCK
      ? await runPass(
          'stock',
          kafka,
          RATES.filter((r) => r === 500),
        )
      : undefined;
    if (stock) report(stock);
    const at500 = main.rates.find((r) => r.offeredPerSec === 500);
    const stockAt500 = stock?.rates.find((r) => r.offeredPerSec === 500);
    const summary = {
      transport: main.transport,
      encountersPerSec: round(main.encountersPerSec, 1),
      acceptedPerSec: round(main.acceptedPerSec, 1),
      p50MsAt500: round(at500?.p50Ms ?? NaN),
      p95MsAt500: round(at500?.p95Ms ?? NaN),
      p99MsAt500: round(at500?.p99Ms ?? NaN),
      achievedPerSecAt500: round(at500?.achievedPerSec ?? NaN, 1),
      rates: Object.fromEntries(
        main.rates.map((r) => [
          r.offeredPerSec,
          {
            achievedPerSec: round(r.achievedPerSec, 1),
            p50Ms: round(r.p50Ms),
            p95Ms: round(r.p95Ms),
            p99Ms: round(r.p99Ms),
            completed: r.completed,
            finalized: r.finalized,
            stagesP50Ms: r.stagesP50Ms,
          },
        ]),
      ),
      vsStockTransport: stock
        ? {
            encountersPerSec: round(main.encountersPerSec / stock.encountersPerSec, 2),
            p99MsAt500: round((at500?.p99Ms ?? NaN) / (stockAt500?.p99Ms ?? NaN), 2),
            stockEncountersPerSec: round(stock.encountersPerSec, 1),
            stockP99MsAt500: round(stockAt500?.p99Ms ?? NaN),
          }
        : null,
      cpuMsPerEncounter: main.cpuMsPerEncounter,
      cpuShare: main.cpuShare,
      idleCpuShare: main.idleCpuShare,
      rssMB: main.rssMB,
      cpuProfile: Object.fromEntries(
        Object.entries(main.profiles).map(([n, places]) => [n, places.slice(0, 5)]),
      ),
      clients: CLIENTS,
      phaseSeconds: SECONDS,
      seconds: round((performance.now() - t0) / 1000),
    };
    log(JSON.stringify(summary));
  } finally {
    kafka.stop();
  }
}

/** One pass: a fresh database, the five services on `transport`, saturation, then the fixed rates. */
async function runPass(
  transport: string,
  kafka: { brokers: string; pid: () => number },
  rates: number[],
  profiled: readonly string[] = [],
): Promise<PassResult> {
  const profileDir = profiled.length
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-bench-prof-'))
    : undefined;
  const profiles: PassResult['profiles'] = {};
  /** The saturation phase (load and drain), performance.now() ms: the window the profiles summarize. */
  const window = { from: 0, to: 0 };
  const db = await createTestDatabase();
  const environment = new DistributedEnvironment();
  const services = new ServiceProcesses(environment, db.url, kafka.brokers);
  const databaseName = new URL(db.url).pathname.slice(1);
  let progress: PipelineProgress | undefined;
  const peakRss: Record<string, number> = {};
  const rssTimer = setInterval(() => {
    for (const name of Object.keys(services.running) as ServiceName[])
      peakRss[name] = Math.max(peakRss[name] ?? 0, rssMB(services.pid(name)));
  }, 500);
  try {
    const booted = performance.now();
    // The relays' poll at the services' default (the tests' environment polls every 50 ms): they
    // wake on their outbox's NOTIFY, the poll only catches a missed one.
    await services.start(
      { REVCYCLE_KAFKA_TRANSPORT: transport, OUTBOX_POLL_MS: '200' },
      profiled,
      profileDir,
    );
    log(`[${transport}] five services up in ${round((performance.now() - booted) / 1000, 1)} s`);
    progress = await PipelineProgress.connect(db.url);
    const token = environment.token('biller', 'bench-biller');
    const charts = services.url('charts');
    const call = <T>(method: string, pathname: string, body?: unknown) =>
      environment.call<T>(charts, method, pathname, 'biller', body, undefined, token);
    const run = Math.random().toString(36).slice(2, 8).toUpperCase();
    const practice = await syntheticPractice(call, run);
    const patients: SyntheticPatient[] = [];
    await inParallel(PATIENTS, CLIENTS, async (n) => {
      patients[n] = await syntheticPatient(call, practice, run, n);
    });
    const operation: EncounterOperation = async (n) => {
      // Patient, charge and date of service vary so that no two encounters of a run are duplicates
      // to the scrubber's fingerprint (same subscriber, lines and charges) before ~250,000.
      const day = Math.floor(n / 1000);
      const dateOfService = `2026-${String((Math.floor(day / 28) % 9) + 1).padStart(2, '0')}-${String((day % 28) + 1).padStart(2, '0')}`;
      const body = syntheticOfficeVisit(practice, patients[n % patients.length], n, dateOfService);
      const createdEncounter = await call<{ id: string }>('POST', '/encounters', body);
      if (createdEncounter.status !== 201) return undefined;
      const finalizeSentAt = Date.now();
      const finalized = await call('POST', `/encounters/${createdEncounter.body.id}/finalize`);
      return finalized.status === 200 ? { encounterId: createdEncounter.body.id, finalizeSentAt } : undefined;
    };
    let number = 0;
    const load = async (seconds: number, ratePerSec?: number) => {
      const result = await offerLoad(operation, {
        clients: CLIENTS,
        seconds,
        ratePerSec,
        firstNumber: number,
      });
      number += result.finalized.size + result.failures + CLIENTS;
      return result;
    };
    // Warm-up: JIT, connection pools, consumer assignments.
    await drain(progress, await load(3), DRAIN_SECONDS);

    const groups = () => ({
      ...Object.fromEntries(SERVICE_NAMES.map((name) => [name, [services.pid(name)]])),
      postgres: backendPids(databaseName),
      kafka: [kafka.pid()],
      loadClients: [process.pid],
    });
    // Idle: what the processes burn with nothing to carry (relay polls, fetches, heartbeats), the
    // floor under every per-encounter figure below.
    const idle = new CpuMeter(groups);
    idle.start();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleCpuShare = Object.fromEntries(
      Object.entries(idle.stop()).map(([group, s]) => [group, round(s / IDLE_SECONDS, 3)]),
    );
    const meter = new CpuMeter(groups);
    meter.start();
    const satStart = performance.now();
    window.from = satStart;
    const saturation = await load(SECONDS);
    const stagesAtEndOfLoad = await progress.stages();
    const satDone = await drain(progress, saturation, DRAIN_SECONDS);
    window.to = performance.now();
    const wallSeconds = (window.to - satStart) / 1000;
    const cpu = meter.stop();
    const firstSent = Math.min(...saturation.finalized.values());
    const lastClaim = Math.max(...satDone.values());
    const encountersPerSec = satDone.size / ((lastClaim - firstSent) / 1000);
    const cpuMsPerEncounter = Object.fromEntries(
      Object.entries(cpu).map(([group, s]) => [group, round((s * 1000) / Math.max(1, satDone.size), 2)]),
    );
    const cpuShare = Object.fromEntries(
      Object.entries(cpu).map(([group, s]) => [group, round(s / wallSeconds, 2)]),
    );

    const ratePhases: RatePhase[] = [];
    for (const rate of rates) {
      const offered = await load(SECONDS, rate);
      const done = await drain(progress, offered, DRAIN_SECONDS);
      const stagesP50Ms = stageMedians(offered, await progress.stageTimes([...offered.finalized.keys()]));
      const now = Date.now();
      const latencies = [...offered.finalized]
        .map(([id, sent]) => (done.get(id) ?? now) - sent)
        .sort((a, b) => a - b);
      ratePhases.push({
        offeredPerSec: rate,
        stagesP50Ms,
        achievedPerSec: offered.acceptedPerSec,
        finalized: offered.finalized.size,
        completed: done.size,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        p99Ms: percentile(latencies, 99),
      });
    }
    return {
      transport,
      acceptedPerSec: saturation.acceptedPerSec,
      encountersPerSec,
      saturationCompleted: satDone.size,
      saturationFinalized: saturation.finalized.size,
      intakeFailures: saturation.failures,
      stagesAtEndOfLoad,
      cpuShare,
      idleCpuShare,
      cpuMsPerEncounter,
      rates: ratePhases,
      rssMB: { ...peakRss },
      profiles,
    };
  } finally {
    clearInterval(rssTimer);
    await progress?.close();
    await services.stop();
    await db.drop();
    environment.dispose();
    for (const name of profiled) {
      const dir = profileDir && path.join(profileDir, name);
      const file =
        dir && fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
      const t0 = services.running[name as ServiceName]?.spawnedAt ?? 0;
      if (dir && file)
        profiles[name] = summarizeCpuProfile(path.join(dir, file), window.from - t0, window.to - t0);
    }
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

/**
 * Medians of the time between stages: finalize sent → charts' finalize transaction (HTTP, charts),
 * → charts' relay took the event, → coding's consumer began (Kafka, coding's queue), → coding's
 * relay took the coded event (coding's handler and relay), → claims' consumer began, → scrubbed.
 */
function stageMedians(load: LoadResult, times: Map<string, StageTimes>): StageLatency {
  const steps: Array<[string, (t: StageTimes, sent: number) => number]> = [
    ['chartsFinalize', (t, sent) => t.chartsCommitted - sent],
    ['chartsRelay', (t) => t.chartsRelayed - t.chartsCommitted],
    ['toCoding', (t) => t.codingConsumed - t.chartsRelayed],
    ['codingAndRelay', (t) => t.codingRelayed - t.codingConsumed],
    ['toClaims', (t) => t.claimsConsumed - t.codingRelayed],
    ['claimsScrub', (t) => t.claimsScrubbed - t.claimsConsumed],
  ];
  const out: StageLatency = { encounters: times.size };
  for (const [name, step] of steps) {
    const values = [...times].map(([id, t]) => step(t, load.finalized.get(id) ?? NaN)).sort((a, b) => a - b);
    out[name] = round(percentile(values, 50));
  }
  return out;
}

/** Waits until every finalized encounter of `load` has its claim scrubbed, or `seconds` have passed. */
async function drain(
  progress: PipelineProgress,
  load: LoadResult,
  seconds: number,
): Promise<Map<string, number>> {
  const ids = [...load.finalized.keys()];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline && (await progress.claimsScrubbedCount(ids)) < ids.length)
    await new Promise((r) => setTimeout(r, 200));
  return progress.claimsScrubbed(ids);
}

function report(p: PassResult): void {
  log(
    `[${p.transport}] saturation: accepted ${round(p.acceptedPerSec, 1)}/s at intake (${p.saturationFinalized} finalized, ` +
      `${p.intakeFailures} failed), end to end ${round(p.encountersPerSec, 1)} encounters/s ` +
      `(${p.saturationCompleted} claims scrubbed within the drain)`,
  );
  log(`[${p.transport}] backlog at the end of the load: ${JSON.stringify(p.stagesAtEndOfLoad)}`);
  log(`[${p.transport}] CPU ms per encounter: ${JSON.stringify(p.cpuMsPerEncounter)}`);
  log(`[${p.transport}] CPU share (cores) during load + drain: ${JSON.stringify(p.cpuShare)}`);
  for (const r of p.rates)
    log(
      `[${p.transport}] offered ${r.offeredPerSec}/s: achieved ${round(r.achievedPerSec, 1)}/s, ` +
        `finalize → claim p50 ${round(r.p50Ms)} ms, p95 ${round(r.p95Ms)} ms, p99 ${round(r.p99Ms)} ms ` +
        `(${r.completed}/${r.finalized} within the drain${r.completed < r.finalized ? '; the rest count at their wait so far' : ''})`,
    );
  for (const r of p.rates)
    log(
      `[${p.transport}] offered ${r.offeredPerSec}/s, median ms per stage: ${JSON.stringify(r.stagesP50Ms)}`,
    );
  log(`[${p.transport}] peak RSS MB: ${JSON.stringify(p.rssMB)}`);
  for (const [name, places] of Object.entries(p.profiles))
    log(
      `[${p.transport}] ${name} CPU by place (% of busy): ${places.map((x) => `${x.place} ${x.share}`).join(', ')}`,
    );
}

async function inParallel(count: number, width: number, task: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) await task(n);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** KAFKA_BROKERS when set; else a broker of the bench's own (deploy/kafka/kafka.sh), stopped at the end. */
function startKafka(): { brokers: string; pid: () => number; stop: () => void } {
  const given = process.env['KAFKA_BROKERS'];
  const pidOf = (home?: string) => () => {
    const file = home ? path.join(home, 'kafka.pid') : undefined;
    return file && fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
  };
  if (given) return { brokers: given, pid: pidOf(process.env['KAFKA_HOME_DIR']), stop: () => undefined };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-bench-kafka-'));
  const script = path.join(root, 'deploy', 'kafka', 'kafka.sh');
  const env = { ...process.env, KAFKA_HOME_DIR: home };
  const out = execFileSync('bash', [script, 'start'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (!line) throw new Error(`the local Kafka broker did not start: ${out}`);
  return {
    brokers: line.slice('KAFKA_BROKERS='.length).trim(),
    pid: pidOf(home),
    stop: () => {
      execFileSync('bash', [script, 'stop'], { env, stdio: 'ignore' });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

main().catch((err: Error) => {
  process.stderr.write(`bench:pipeline failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
