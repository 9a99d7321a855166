import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@revcycle/messaging';
import type { BalancingError, ClaimPayment, RemittanceAdvice, X12Issue } from '@revcycle/x12';
import { RemittanceSetReport, X12Validator } from '@revcycle/x12';
import { loadCarc, loadRarc } from '@revcycle/codesets';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { PostingError } from '../posting/posting-error';
import { POSTING_BATCH, TransactionPoster, TransactionResult, locate } from './transaction-poster';

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
 * posting runs on a serial queue the stream waits on, so at most a few batches of claims and one
 * chunk are in memory whatever the file size.
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
    let current: { advice: RemittanceAdvice; poster: TransactionPoster } | undefined;
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    let failure: unknown;
    const enqueue = (task: () => Promise<void>) => {
      queued++;
      queue = queue
        .then(task)
        .catch((err) => void (failure ??= err))
        .finally(() => void queued--);
    };
    // Two uploads of one remittance race: the second waits here, at its first set, until the first
    // upload is done, then finds every set posted — one 201, one 200 duplicate, whatever the timing.
    let gate: QueryRunner | undefined;
    const enter = async (adviceKey: string) => {
      if (gate) return;
      gate = this.db.createQueryRunner();
      await gate.connect();
      await gate.query(`SELECT pg_advisory_lock(hashtextextended($1, 835))`, [adviceKey]);
    };
    const posterFor = (advice: RemittanceAdvice) => {
      if (current?.advice !== advice) {
        const poster = new TransactionPoster(this.db, this.outbox, fileId, by, advice, enter);
        current = { advice, poster };
        enqueue(() => poster.begin());
      }
      return current.poster;
    };
    async function* paced(): AsyncGenerator<Buffer | string> {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
        hash.update(bytes);
        byteCount += bytes.length;
        yield bytes;
        // Backpressure: the parser reads ahead of posting by at most two batches of claims, so the
        // next chunks parse while a batch is in the database, and memory stays bounded.
        if (queued > 2 * POSTING_BATCH) await queue;
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
          const poster = posterFor(advice);
          enqueue(() => poster.claim(clp, balancing));
        },
        transaction: (report: RemittanceSetReport) => {
          const poster = posterFor(report.advice);
          current = undefined;
          const errors = report.issues.filter((i) => i.severity === 'error');
          for (const i of report.issues) inSets.add(key(i));
          enqueue(async () => void results.push(await poster.end(report.balancing, errors, report.closed)));
        },
      },
    });
    try {
      for await (const chunk of paced()) validator.write(chunk);
      validator.end();
      await queue;
      if (failure) throw failure;
      for (const i of fileErrors) if (!inSets.has(key(i))) envelopeErrors.push(locate(i));
      if (results.length === 0)
        envelopeErrors.push({
          code: 'NO_835',
          message: 'not an 835 remittance: the file holds no 835 transaction set (ST*835 … SE)',
        });
      const duplicateOf = await this.seal(fileId, hash.digest('hex'), byteCount, results);
      return { fileId, duplicateOf, byteCount, results, envelopeErrors };
    } catch (err) {
      await queue;
      await current?.poster.abort();
      if (!results.some((r) => r.kind === 'posted'))
        await this.db
          .query(`DELETE FROM remittance.remittance_file WHERE id = $1`, [fileId])
          .catch(() => undefined);
      throw err;
    } finally {
      await queue;
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
      `SELECT f.id, (SELECT a.id FROM remittance.remittance_advice a WHERE a.file_id = f.id
                       ORDER BY a.posted_at, a.id LIMIT 1) AS first_advice
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
    try {
      await this.db.query(
        `UPDATE remittance.remittance_file SET sha256 = $2, byte_count = $3 WHERE id = $1`,
        [fileId, stored, byteCount],
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      // Raced by an upload of the same bytes that sealed first.
      await this.db.query(
        `UPDATE remittance.remittance_file SET sha256 = $2, byte_count = $3 WHERE id = $1`,
        [fileId, `${sha256}:repeat:${fileId}`, byteCount],
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
