import type { Command } from 'commander';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadReferenceTables } from '@revcycle/codesets';
import {
  applyBatchDuplicates,
  claimFingerprint,
  createEngine,
  createScrubPool,
  DuplicateTracker,
  newDuplicateTracker,
  parseNdjsonClaim,
  PayerRuleSet,
  ScrubClaim,
  ScrubEngine,
  ScrubPool,
  ScrubResult,
  scrubClaimFromX12,
  ScrubTally,
  mergeTally,
  newTally,
  tallyResults,
} from '@revcycle/edit-engine';

interface ScrubOptions {
  format: 'auto' | 'x12' | 'ndjson';
  rules?: string;
  asOf?: string;
  threads?: string;
  icdReleaseCheck: string;
}

const BATCH = 20000; // NDJSON lines per batch; the pool starts only when the input exceeds one batch

class Summary {
  tally: ScrubTally = newTally();
  x12Issues = 0;
  add(results: ScrubResult[]): void {
    tallyResults(this.tally, results);
  }
  toJSON(): object {
    return { ...this.tally, x12Issues: this.x12Issues };
  }
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text))
    await new Promise<void>((done) => process.stdout.once('drain', () => done()));
}

async function emit(results: ScrubResult[], summary: Summary): Promise<void> {
  summary.add(results);
  let out = '';
  for (const r of results) out += `${JSON.stringify(r)}\n`;
  await write(out);
}

async function* chunksOf(file: string): AsyncGenerator<Buffer> {
  const stream = file === '-' ? process.stdin : fs.createReadStream(file);
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

function readRules(path: string | undefined): PayerRuleSet | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new Error(`--rules ${path}: cannot read the file`);
  }
  try {
    return JSON.parse(text) as PayerRuleSet;
  } catch (err) {
    throw new Error(`--rules ${path}: not JSON (${(err as Error).message})`);
  }
}

export function registerScrub(program: Command): void {
  program
    .command('scrub')
    .description(
      'scrub claims against the NCCI/MUE/AOC/ICD-10-CM edits: prints one NDJSON result per claim, then a summary line',
    )
    .argument('<file>', '837P/837I X12 file or NDJSON claims (one ScrubClaim per line); - reads stdin')
    .option('--format <format>', 'auto | x12 | ndjson (auto: X12 when the input starts with ISA)', 'auto')
    .option('--rules <file>', 'payer rules JSON (format: libs/edit-engine/README.md)')
    .option(
      '--as-of <date>',
      'scrub date YYYY-MM-DD for future-date and timely-filing edits (default: today)',
    )
    .option(
      '--icd-release-check <mode>',
      'warn | off: warn when no loaded ICD-10-CM release covers the date of service',
      'warn',
    )
    .option('--threads <n>', 'worker threads for large inputs (default: every core; 1 = in process)')
    .action(async (file: string, opts: ScrubOptions) => {
      if (file !== '-' && !fs.existsSync(file)) throw new Error(`${file}: no such file`);
      if (!['auto', 'x12', 'ndjson'].includes(opts.format))
        throw new Error(`--format ${opts.format}: use auto, x12 or ndjson`);
      const threads = opts.threads === undefined ? availableParallelism() : Number(opts.threads);
      if (!Number.isInteger(threads) || threads < 1)
        throw new Error(`--threads ${opts.threads}: a positive integer`);
      const started = Date.now();
      const tables = loadReferenceTables();
      const rules = readRules(opts.rules);
      if (opts.icdReleaseCheck !== 'warn' && opts.icdReleaseCheck !== 'off')
        throw new Error(`--icd-release-check ${opts.icdReleaseCheck}: use warn or off`);
      const engine = createEngine(tables, rules, {
        ...(opts.asOf ? { asOf: opts.asOf } : {}),
        icdReleaseCheck: opts.icdReleaseCheck,
      }); // validates rules and --as-of
      let pool: ScrubPool | undefined;
      const poolFor = (): ScrubPool | undefined => {
        if (threads > 1)
          pool ??= createScrubPool(tables, { threads, payerRules: rules, engine: engine.options });
        return pool;
      };
      const summary = new Summary();
      const tracker = newDuplicateTracker();
      try {
        const chunks = chunksOf(file);
        const first = await chunks.next();
        const head = first.done ? Buffer.alloc(0) : first.value;
        const isX12 =
          opts.format === 'x12' ||
          (opts.format === 'auto' &&
            /^\s*ISA/.test(
              head
                .subarray(0, 64)
                .toString('latin1')
                .replace(/^\uFEFF/, ''),
            ));
        if (isX12) await scrubX12(file, head, chunks, engine, poolFor, tracker, summary);
        else await scrubNdjsonStream(head, chunks, engine, poolFor, tracker, summary);
      } finally {
        await pool?.close();
      }
      const ms = Date.now() - started;
      const claimsPerSec = Math.round((summary.tally.claims * 1000) / Math.max(ms, 1));
      await write(
        `${JSON.stringify({ summary: { ...summary.toJSON(), ms, claimsPerSec, threads: pool ? threads : 1 } })}\n`,
      );
    });
}

async function scrubX12(
  file: string,
  head: Buffer,
  rest: AsyncGenerator<Buffer>,
  engine: ScrubEngine,
  poolFor: () => ScrubPool | undefined,
  tracker: DuplicateTracker,
  summary: Summary,
): Promise<void> {
  const parts = [head];
  for await (const c of rest) parts.push(c);
  const { parse837 } = await import('@revcycle/x12');
  const parsed = parse837(Buffer.concat(parts));
  for (const issue of parsed.issues) {
    if (issue.severity !== 'error') continue;
    summary.x12Issues++;
    const where = [
      issue.segmentOrdinal !== undefined && `segment ${issue.segmentOrdinal}`,
      issue.segmentId,
      issue.loop && `loop ${issue.loop}`,
      issue.element,
    ]
      .filter(Boolean)
      .join(' ');
    process.stderr.write(`revcycle scrub: ${file === '-' ? 'stdin' : file}: ${where}: ${issue.message}\n`);
  }
  const claims: ScrubClaim[] = [];
  for (const t of parsed.file.transactions)
    for (const c of t.claims) claims.push(scrubClaimFromX12(c, t.kind));
  const pool = claims.length > BATCH ? poolFor() : undefined;
  const results = pool ? await pool.scrubBatch(claims, tracker) : scrubInProcess(engine, claims, tracker);
  await emit(results, summary);
}

function scrubInProcess(engine: ScrubEngine, claims: ScrubClaim[], tracker: DuplicateTracker): ScrubResult[] {
  const results = claims.map((c) => engine.scrub(c));
  applyBatchDuplicates(results, claims.map(claimFingerprint), tracker);
  return results;
}

async function scrubNdjsonStream(
  head: Buffer,
  rest: AsyncGenerator<Buffer>,
  engine: ScrubEngine,
  poolFor: () => ScrubPool | undefined,
  tracker: DuplicateTracker,
  summary: Summary,
): Promise<void> {
  let carry = '';
  let lineNo = 0;
  let batch: string[] = [];
  let batchFirst = 1;
  const flush = async (final: boolean) => {
    if (batch.length === 0) return;
    const pool = !final || lineNo > BATCH ? poolFor() : undefined;
    let results: ScrubResult[];
    if (pool) {
      // workers parse, scrub and serialise; this thread only writes
      const { texts, tally } = await pool.scrubNdjsonToText(batch, batchFirst, tracker);
      batch = [];
      mergeTally(summary.tally, tally);
      await write(texts.length ? `${texts.join('\n')}\n` : '');
      return;
    } else {
      results = [];
      const fingerprints: string[] = [];
      for (let i = 0; i < batch.length; i++) {
        const parsed = parseNdjsonClaim(batch[i], batchFirst + i);
        if ('result' in parsed) {
          results.push(parsed.result);
          fingerprints.push('');
        } else {
          results.push(engine.scrub(parsed.claim));
          fingerprints.push(claimFingerprint(parsed.claim));
        }
      }
      applyBatchDuplicates(results, fingerprints, tracker);
    }
    batch = [];
    await emit(results, summary);
  };
  const take = async (text: string) => {
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    for (const raw of lines) {
      lineNo++;
      const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (l.trim() === '') continue; // blank lines are not claims
      if (batch.length === 0) batchFirst = lineNo;
      batch.push(l);
      if (batch.length >= BATCH) await flush(false);
    }
  };
  await take(head.toString('utf8').replace(/^\uFEFF/, ''));
  for await (const c of rest) await take(c.toString('utf8'));
  if (carry.trim() !== '') {
    lineNo++;
    if (batch.length === 0) batchFirst = lineNo;
    batch.push(carry);
  }
  await flush(true);
}
