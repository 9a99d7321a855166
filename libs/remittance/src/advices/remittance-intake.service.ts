import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@revcycle/messaging';
import type { BalancingError, ClaimPayment, RemittanceAdvice, X12Issue } from '@revcycle/x12';
import { RemittanceSetReport, X12Validator } from '@revcycle/x12';
import { loadCarc, loadRarc } from '@revcycle/codesets';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { PostingError } from '../posting/posting-error';
import { PipelineSet, PostingPipeline } from './posting-pipeline';
import { POSTING_BATCH, TransactionPoster, TransactionResult, locate } from './transaction-poster';

/** Transaction sets posting at once, each on its own connection (the pool has 10). */
const SETS_IN_FLIGHT = 2;
/** Claims read ahead of posting: what waits in memory, whatever the file size. */
const READ_AHEAD = 4 * POSTING_BATCH;

export interface IntakeResult {
  fileId: string;
  /**
   * The file's bytes were received (and posted) before, or every transaction set in it was:
   * nothing posted; the first advice posted of that remittance.
   */
  duplicateOf?: string;
  byteCount: number;
  results: TransactionResult[];
  /** Interchange / group problems outside any transaction set, and files with none. */
  envelopeErrors: PostingError[];
}

/**
 * Streams an 835 from the request into posting: bytes are hashed as they pass (the file's sha256),
 * the validator checks each set against the 835 guide and hands out each CLP as its loop ends, and
 * posting runs in a PostingPipeline (a few sets in flight, each serial in its own transaction) that
 * the stream waits on, so at most a few batches of claims and one chunk are in memory whatever the
 * file size.
 */
@Injectable()
export class RemittanceIntakeService {
  /** CARC and RARC lists (@revcycle/codesets): a CAS reason or remark code outside them refuses the set. */
  private readonly codeLists = {
    adjustmentReasons: new Set(loadCarc().keys()),
    remarkCodes: new Set(loadRarc().keys()),
  };

  constructor(
    @InjectDataSource('remittance') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async receive(
    source: AsyncIterable<Buffer | string>,
    by: { id: string; role: 'finance' | 'admin' | 'biller' | 'system' },
    via = 'api',
  ): Promise<IntakeResult> {
    const fileId = randomUUID();
    // The row exists before any advice references it; its real hash lands at the end (unique).
    await this.db.query(
      `INSERT INTO remittance.remittance_file (id, sha256, byte_count, received_via, received_by)
       VALUES ($1, $2, 0, $3, $4)`,
      [fileId, `pending:${fileId}`, via, by.id],
    );
    const hash = createHash('sha256');
    let byteCount = 0;
    const results: TransactionResult[] = [];
    const envelopeErrors: PostingError[] = [];
    let current: { advice: RemittanceAdvice; poster: TransactionPoster; set: PipelineSet } | undefined;
    const pipeline = new PostingPipeline({ setsInFlight: SETS_IN_FLIGHT, readAhead: READ_AHEAD });
    // Two uploads of one remittance race: the second waits here, at its first set, until the first
    // upload is done, then finds every set posted — one 201, one 200 duplicate, whatever the timing.
    let gate: QueryRunner | undefined;
    let gated: Promise<void> | undefined;
    const enter = (adviceKey: string) =>
      (gated ??= (async () => {
        gate = this.db.createQueryRunner();
        await gate.connect();
        await gate.query(`SELECT pg_advisory_lock(hashtextextended($1, 835))`, [adviceKey]);
      })());
    const posterFor = (advice: RemittanceAdvice) => {
      if (current?.advice !== advice) {
        const poster = new TransactionPoster(this.db, this.outbox, fileId, by, advice, enter);
        const set = pipeline.open();
        set.enqueue(() => poster.begin());
        current = { advice, poster, set };
      }
      return current;
    };
    async function* paced(): AsyncGenerator<Buffer | string> {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
        hash.update(bytes);
        byteCount += bytes.length;
        yield bytes;
        // Backpressure: the reader stays at most READ_AHEAD claims ahead of posting.
        await pipeline.paced();
      }
    }
    // Issues the validator reports outside every transaction set (interchange, group) belong to the file.
    const fileErrors: X12Issue[] = [];
    const inSets = new Set<string>();
    const key = (i: X12Issue) => `${i.code}|${i.segmentOrdinal ?? ''}|${i.element ?? ''}`;
    // One streamed pass validates (835 IG X221A1: code values, loops, balancing) and reads: a set
    // with errors is refused whole, and its claims already staged roll back with it.
    const validator = new X12Validator({
      maxIssues: 1000,
      ...this.codeLists,
      onIssue: (i) => {
        if (i.severity === 'error' && fileErrors.length < 1000) fileErrors.push(i);
      },
      remittance: {
        claim: (clp: ClaimPayment, advice: RemittanceAdvice, balancing: BalancingError[]) => {
          const { poster, set } = posterFor(advice);
          set.claim(clp.claimId, () => poster.claim(clp, balancing));
        },
        transaction: (report: RemittanceSetReport) => {
          const { poster, set } = posterFor(report.advice);
          current = undefined;
          const errors = report.issues.filter((i) => i.severity === 'error');
          for (const i of report.issues) inSets.add(key(i));
          // Results keep the file's order whichever set commits first.
          const at = results.length;
          results.push(undefined as unknown as TransactionResult);
          set.end(
            async () => void (results[at] = await poster.end(report.balancing, errors, report.closed)),
            () => poster.abort(),
          );
        },
      },
    });
    try {
      for await (const chunk of paced()) {
        validator.write(chunk);
        if (pipeline.failed !== undefined) break;
      }
      if (pipeline.failed !== undefined) throw pipeline.failed;
      validator.end();
      await pipeline.drained();
      if (pipeline.failed !== undefined) throw pipeline.failed;
      for (const i of fileErrors) if (!inSets.has(key(i))) envelopeErrors.push(locate(i));
      if (results.length === 0)
        envelopeErrors.push({
          code: 'NO_835',
          message: 'not an 835 remittance: the file holds no 835 transaction set (ST*835 … SE)',
        });
      const duplicateOf = await this.seal(fileId, hash.digest('hex'), byteCount, results);
      return { fileId, duplicateOf, byteCount, results, envelopeErrors };
    } catch (err) {
      // Sets still open roll back (a set whose SE was read ends through the pipeline).
      const open = current;
      open?.set.end(
        () => open.poster.abort(),
        () => open.poster.abort(),
      );
      await pipeline.drained();
      if (!results.some((r) => r?.kind === 'posted'))
        await this.db
          .query(`DELETE FROM remittance.remittance_file WHERE id = $1`, [fileId])
          .catch(() => undefined);
      throw err;
    } finally {
      await gated?.catch(() => undefined);
      if (gate) {
        await gate.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
        await gate.release();
      }
    }
  }

  /**
   * The file row takes its real hash. The same bytes received and posted before (unique sha256)
   * make this a duplicate — answered with that file's first advice; so does a file whose every
   * transaction set was a duplicate. A file that posted and recorded nothing (garbage, a repeat)
   * leaves no row behind.
   */
  private async seal(
    fileId: string,
    sha256: string,
    byteCount: number,
    results: TransactionResult[],
  ): Promise<string | undefined> {
    const posted = results.some((r) => r.kind === 'posted');
    const rejected = results.filter(
      (r): r is Extract<TransactionResult, { kind: 'rejected' }> => r.kind === 'rejected',
    );
    const [before]: { id: string; first_advice: string | null }[] = await this.db.query(
      `SELECT f.id, COALESCE(f.first_advice_id,
                (SELECT a.id FROM remittance.remittance_advice a WHERE a.file_id = f.id
                  ORDER BY a.posted_at, a.id LIMIT 1)) AS first_advice
         FROM remittance.remittance_file f WHERE f.sha256 = $1`,
      [sha256],
    );
    const allDuplicates = results.length > 0 && results.every((r) => r.kind === 'duplicate');
    const duplicateOf =
      before?.first_advice ??
      (allDuplicates
        ? (results[0] as Extract<TransactionResult, { kind: 'duplicate' }>).adviceId
        : undefined);
    if (!posted && (duplicateOf || rejected.length === 0)) {
      await this.db.query(`DELETE FROM remittance.remittance_file WHERE id = $1`, [fileId]);
      return duplicateOf;
    }
    // A repeat of known bytes that still posted something (a set refused before now posts) keeps its row apart.
    const stored = before ? `${sha256}:repeat:${fileId}` : sha256;
    const firstAdvice = results.find((r) => r.kind === 'posted')?.adviceId ?? null;
    try {
      await this.db.query(
        `UPDATE remittance.remittance_file SET sha256 = $2, byte_count = $3, first_advice_id = $4 WHERE id = $1`,
        [fileId, stored, byteCount, firstAdvice],
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      // Raced by an upload of the same bytes that sealed first.
      await this.db.query(
        `UPDATE remittance.remittance_file SET sha256 = $2, byte_count = $3, first_advice_id = $4 WHERE id = $1`,
        [fileId, `${sha256}:repeat:${fileId}`, byteCount, firstAdvice],
      );
    }
    if (rejected.length > 0)
      await this.db.query(
        `INSERT INTO remittance.rejected_transaction (id, file_id, transaction_set_control_number, trace_number, errors, balancing)
         SELECT gen_random_uuid(), $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::jsonb[])`,
        [
          fileId,
          rejected.map((r) => r.controlNumber ?? null),
          rejected.map((r) => r.traceNumber ?? null),
          rejected.map((r) => JSON.stringify(r.errors)),
          rejected.map((r) => JSON.stringify(r.balancing.slice(0, 100))),
        ],
      );
    return undefined;
  }
}
