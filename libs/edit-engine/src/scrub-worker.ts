/**
 * Worker side of the scrub pool: maps the SAME reference tables (SharedArrayBuffer from
 * workerData, no copy), compiles the payer rules once, then scrubs the chunks it is sent.
 */
import { fromSharedReferenceTables, SharedReferenceTables } from '@revcycle/codesets';
import { parentPort, workerData } from 'node:worker_threads';
import { newTally, ScrubClaim, ScrubResult, ScrubTally, tallyResults } from './claim';
import { claimFingerprint, createEngine, EngineOptions } from './engine';
import { PayerRuleSet } from './payer-rules';
import { parseNdjsonClaim } from './ndjson';

export interface WorkerInit {
  shared: SharedReferenceTables;
  payerRules?: PayerRuleSet;
  options: EngineOptions;
}

export type WorkerRequest =
  | { id: number; kind: 'claims'; claims: ScrubClaim[] }
  | { id: number; kind: 'claims-json'; json: string }
  | { id: number; kind: 'ndjson'; lines: string[]; firstLine: number }
  | { id: number; kind: 'ndjson-text'; lines: string[]; firstLine: number };

export interface WorkerResponse {
  id: number;
  /** Result objects ('claims', 'ndjson'), or one JSON text per result ('ndjson-text'). */
  results: ScrubResult[];
  /** 'claims-json': results and fingerprints as one JSON text (cheaper to move than objects). */
  json?: string;
  texts?: string[];
  claimIds?: string[];
  tally?: ScrubTally;
  fingerprints: string[];
}

if (parentPort) {
  const init = workerData as WorkerInit;
  const engine = createEngine(fromSharedReferenceTables(init.shared), init.payerRules, init.options);
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    const results: ScrubResult[] = [];
    const fingerprints: string[] = [];
    if (req.kind === 'claims-json') {
      const claims = JSON.parse(req.json) as ScrubClaim[];
      for (const c of claims) {
        results.push(engine.scrub(c));
        fingerprints.push(claimFingerprint(c));
      }
      port.postMessage({
        id: req.id,
        results: [],
        fingerprints: [],
        json: JSON.stringify([results, fingerprints]),
      } satisfies WorkerResponse);
      return;
    }
    if (req.kind === 'claims') {
      for (const c of req.claims) {
        results.push(engine.scrub(c));
        fingerprints.push(claimFingerprint(c));
      }
    } else if (req.kind === 'ndjson-text') {
      // Parse, scrub AND serialise here, so the main thread only writes text.
      const texts: string[] = [];
      const claimIds: string[] = [];
      const tally = newTally();
      const one: ScrubResult[] = [];
      for (let i = 0; i < req.lines.length; i++) {
        const parsed = parseNdjsonClaim(req.lines[i], req.firstLine + i);
        const result = 'result' in parsed ? parsed.result : engine.scrub(parsed.claim);
        one[0] = result;
        tallyResults(tally, one);
        texts.push(JSON.stringify(result));
        claimIds.push(result.claimId);
        fingerprints.push('claim' in parsed ? claimFingerprint(parsed.claim) : '');
      }
      port.postMessage({
        id: req.id,
        results,
        texts,
        claimIds,
        fingerprints,
        tally,
      } satisfies WorkerResponse);
      return;
    } else {
      for (let i = 0; i < req.lines.length; i++) {
        const parsed = parseNdjsonClaim(req.lines[i], req.firstLine + i);
        if ('result' in parsed) {
          results.push(parsed.result);
          fingerprints.push('');
        } else {
          results.push(engine.scrub(parsed.claim));
          fingerprints.push(claimFingerprint(parsed.claim));
        }
      }
    }
    const res: WorkerResponse = { id: req.id, results, fingerprints };
    port.postMessage(res);
  });
}
