import { ReferenceTables, shareReferenceTables } from '@revcycle/codesets';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { mergeTally, newTally, ScrubClaim, ScrubResult, ScrubTally, tallyResults } from './claim';
import {
  addEdits,
  applyBatchDuplicates,
  createEngine,
  DuplicateTracker,
  EngineOptions,
  findBatchDuplicates,
} from './engine';
import { PayerRuleSet } from './payer-rules';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './scrub-worker';
import { startWorkerScript } from './worker-script';

export interface ScrubPoolOptions {
  /** Worker threads; default: every core (os.availableParallelism()). */
  threads?: number;
  /** Claims per message to a worker. Default 2,000. */
  chunkSize?: number;
  payerRules?: PayerRuleSet;
  engine?: EngineOptions;
}

export interface ScrubPool {
  readonly threads: number;
  /** Same results as `engine.scrubBatch(claims)`, in the same order, scrubbed on every worker. */
  scrubBatch(claims: readonly ScrubClaim[], tracker?: DuplicateTracker): Promise<ScrubResult[]>;
  /**
   * Scrubs raw NDJSON lines (parsing happens in the workers too). `firstLine` numbers the first
   * line for located errors. Cross-batch duplicate detection covers the lines of one call.
   */
  scrubNdjson(
    lines: readonly string[],
    firstLine?: number,
    tracker?: DuplicateTracker,
  ): Promise<ScrubResult[]>;
  /**
   * Like scrubNdjson, but the workers also serialise: resolves to one JSON text per input line
   * (what `revcycle scrub` writes), with duplicates across the run applied via `tracker`.
   */
  scrubNdjsonToText(
    lines: readonly string[],
    firstLine?: number,
    tracker?: DuplicateTracker,
  ): Promise<{ texts: string[]; tally: ScrubTally }>;
  close(): Promise<void>;
}

/**
 * A worker_threads pool. The reference tables live in one SharedArrayBuffer that every worker
 * maps (no per-worker copy); only claims and results cross threads.
 */
export function createScrubPool(tables: ReferenceTables, options: ScrubPoolOptions = {}): ScrubPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const chunkSize = Math.max(1, options.chunkSize ?? 2000);
  const resolved = createEngine(tables, options.payerRules, options.engine).options; // validates rules + options once
  const init: WorkerInit = {
    shared: shareReferenceTables(tables),
    payerRules: options.payerRules,
    options: resolved,
  };
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const queue: { req: WorkerRequest; done: (r: WorkerResponse) => void; fail: (e: Error) => void }[] = [];
  const pending = new Map<Worker, { done: (r: WorkerResponse) => void; fail: (e: Error) => void }>();
  let nextId = 0;
  let closed = false;

  function addWorker(): void {
    const w = spawn(init);
    workers.add(w);
    idle.push(w);
    w.on('message', (res: WorkerResponse) => {
      const p = pending.get(w);
      pending.delete(w);
      idle.push(w);
      pump();
      p?.done(res);
    });
    // A worker that dies fails its own job only; a fresh worker takes its place.
    const lost = (err: Error) => {
      if (!workers.delete(w)) return;
      const p = pending.get(w);
      pending.delete(w);
      const at = idle.indexOf(w);
      if (at >= 0) idle.splice(at, 1);
      p?.fail(err);
      if (!closed) {
        addWorker();
        pump();
      }
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`scrub worker exited with code ${code}`)));
  }
  for (let i = 0; i < threads; i++) addWorker();

  function pump(): void {
    for (;;) {
      const w = idle.pop();
      if (!w) return;
      const job = queue.shift();
      if (!job) {
        idle.push(w);
        return;
      }
      pending.set(w, job);
      w.postMessage(job.req);
    }
  }

  function run(req: WorkerRequest): Promise<WorkerResponse> {
    if (closed) return Promise.reject(new Error('scrub pool is closed'));
    return new Promise((done, fail) => {
      queue.push({ req, done, fail });
      pump();
    });
  }

  async function gather(reqs: WorkerRequest[], tracker?: DuplicateTracker): Promise<ScrubResult[]> {
    const responses = await Promise.all(reqs.map(run));
    const results: ScrubResult[] = [];
    const fingerprints: string[] = [];
    for (const r of responses) {
      if (r.json !== undefined) {
        const [rs, fps] = JSON.parse(r.json) as [ScrubResult[], string[]];
        for (let i = 0; i < rs.length; i++) {
          results.push(rs[i]);
          fingerprints.push(fps[i]);
        }
        continue;
      }
      for (let i = 0; i < r.results.length; i++) {
        results.push(r.results[i]);
        fingerprints.push(r.fingerprints[i]);
      }
    }
    applyBatchDuplicates(results, fingerprints, tracker);
    return results;
  }

  return {
    threads,
    scrubBatch(claims, tracker) {
      const reqs: WorkerRequest[] = [];
      // Claims travel as JSON text: one string moves between threads much faster than an object graph.
      for (let i = 0; i < claims.length; i += chunkSize)
        reqs.push({
          id: nextId++,
          kind: 'claims-json',
          json: JSON.stringify(claims.slice(i, i + chunkSize)),
        });
      return gather(reqs, tracker);
    },
    scrubNdjson(lines, firstLine = 1, tracker) {
      const reqs: WorkerRequest[] = [];
      for (let i = 0; i < lines.length; i += chunkSize)
        reqs.push({
          id: nextId++,
          kind: 'ndjson',
          lines: lines.slice(i, i + chunkSize),
          firstLine: firstLine + i,
        });
      return gather(reqs, tracker);
    },
    async scrubNdjsonToText(lines, firstLine = 1, tracker) {
      const reqs: WorkerRequest[] = [];
      for (let i = 0; i < lines.length; i += chunkSize)
        reqs.push({
          id: nextId++,
          kind: 'ndjson-text',
          lines: lines.slice(i, i + chunkSize),
          firstLine: firstLine + i,
        });
      const responses = await Promise.all(reqs.map(run));
      const texts: string[] = [];
      const claimIds: string[] = [];
      const fingerprints: string[] = [];
      const tally = newTally();
      for (const r of responses) {
        if (!r.tally || !r.texts || !r.claimIds)
          throw new Error('scrub worker answered without NDJSON texts');
        mergeTally(tally, r.tally);
        texts.push(...r.texts);
        claimIds.push(...r.claimIds);
        fingerprints.push(...r.fingerprints);
      }
      for (const [i, edits] of findBatchDuplicates(claimIds, fingerprints, tracker)) {
        const result = JSON.parse(texts[i]) as ScrubResult;
        tallyResults(tally, [result], -1);
        addEdits(result, edits);
        tallyResults(tally, [result]);
        texts[i] = JSON.stringify(result);
      }
      return { texts, tally };
    },
    async close() {
      closed = true;
      const all = [...workers];
      workers.clear();
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

function spawn(init: WorkerInit): Worker {
  return startWorkerScript(__dirname, 'scrub-worker', init);
}
