import { Outbox } from '@revcycle/messaging';
import { withoutDataValues } from '@revcycle/x12';
import type { BalancingError, ClaimPayment, RemittanceAdvice, X12Issue } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AdviceContext, LedgerClaim, loadLedger, stageClaimBatch } from '../posting/claim-batch-poster';
import { PostingError } from '../posting/posting-error';
import { advicePayerId, paymentDate, signedPaidCents } from './advice-key';

export type TransactionResult =
  | {
      kind: 'posted';
      adviceId: string;
      controlNumber?: string;
      traceNumber: string;
      paidCents: number;
      claimPaidCents: number;
      plbCents: number;
      claims: number;
      matched: number;
      unmatched: number;
    }
  | { kind: 'duplicate'; controlNumber?: string; adviceId: string; fileId: string }
  | {
      kind: 'rejected';
      controlNumber?: string;
      traceNumber?: string;
      errors: PostingError[];
      balancing: BalancingError[];
    };

/** Claims per batch: one round trip per table per batch, and memory bounded by it. */
export const POSTING_BATCH = 500;
const MAX_ERRORS = 100;

/** An 835 issue as a posting error: located, its message without the file's data values (PHI). */
export const locate = (i: X12Issue, controlNumber?: string): PostingError => ({
  code: i.code,
  message: withoutDataValues(i.message),
  transactionSetControlNumber: controlNumber,
  segmentOrdinal: i.segmentOrdinal,
  segmentId: i.segmentId,
  element: i.element,
  loop: i.loop,
  offset: i.offset,
});

/**
 * One 835 transaction set (ST/SE) posted atomically in one database transaction, opened at its first
 * claim (or its end) and committed at SE — only if it balanced, read without error and every CLP
 * posted; otherwise rolled back whole and reported. Its advice row is inserted first, ON CONFLICT
 * DO NOTHING on (payer, TRN02, amount): a second upload of the same remittance waits on the first's
 * uncommitted row and then finds it — a duplicate, posting nothing — even when both race.
 *
 * Batches are pipelined on the set's one connection: when a batch is full its ledger read is sent,
 * then the batch before it is staged (matched, sealed, events built — CPU, in this process) while
 * the database reads, and its rows are sent behind. So the database works on batch n+1 and n−1
 * while batch n is staged. A batch's ledger read does not see the rows of the batch staged just
 * before it (sent after it); those claims' state comes from memory (`recent`), which is exact: the
 * transaction holds their rows FOR UPDATE.
 */
export class TransactionPoster {
  private runner: QueryRunner | undefined;
  private ctx: AdviceContext | undefined;
  private duplicate: { adviceId: string; fileId: string } | undefined;
  private readonly errors: PostingError[] = [];
  /** A CLP of the set did not balance: nothing more is written (the validator reports where). */
  private unbalanced = false;
  private pending: ClaimPayment[] = [];
  /** The batch whose ledger is being read; staged when the next batch is full (or at SE). */
  private loading: { batch: ClaimPayment[]; ledger: Promise<Map<string, LedgerClaim>> } | undefined;
  /** The claims of the batch staged last, as they stand after it (its rows may still be on the way). */
  private recent = new Map<string, LedgerClaim>();
  /** The transaction's statements, in order: one connection runs one at a time. */
  private tail: Promise<unknown> = Promise.resolve();
  private posted = 0;
  private review = 0;
  private claimPaidCents = 0;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly fileId: string,
    private readonly by: { id: string; role: AdviceContext['actor']['role'] },
    private readonly advice: RemittanceAdvice,
    /** Awaited with the advice key before the set's transaction opens (the upload's race gate). */
    private readonly gate: (adviceKey: string) => Promise<void> = async () => undefined,
  ) {}

  private fail(e: PostingError) {
    if (this.errors.length < MAX_ERRORS) this.errors.push(e);
  }

  /** The open transaction and its advice; only called once begin() succeeded. */
  private opened(): { m: EntityManager; runner: QueryRunner; ctx: AdviceContext } {
    if (!this.runner || !this.ctx) throw new Error('the transaction set was not begun');
    return { m: this.runner.manager, runner: this.runner, ctx: this.ctx };
  }

  private get open() {
    return this.ctx !== undefined && this.errors.length === 0 && !this.unbalanced && !this.duplicate;
  }

  /** BEGIN and claim the advice key; header problems refuse the set before any claim is read. */
  async begin(): Promise<void> {
    try {
      await this.beginOnce();
    } catch (err) {
      this.databaseRefused(err);
    }
  }

  private databaseRefused(err: unknown) {
    const code = (err as { code?: string }).code;
    this.fail({
      code: 'NOT_POSTED',
      message: `the database refused the posting${code ? ` (${code})` : ''}: nothing of this transaction set was posted; send the file again`,
      transactionSetControlNumber: this.advice.controlNumber,
    });
  }

  private async beginOnce(): Promise<void> {
    const a = this.advice;
    const cn = a.controlNumber;
    const at = (segmentId: string, element: string, message: string) =>
      this.fail({
        code: `${segmentId}_INVALID`,
        message,
        transactionSetControlNumber: cn,
        segmentId,
        element,
      });
    if (!a.trace.traceNumber) at('TRN', 'TRN02', 'the reassociation trace number (TRN02) is missing');
    if (!a.payment.method) at('BPR', 'BPR04', 'the payment (BPR) is missing or has no method (BPR04)');
    const date = paymentDate(a);
    if (!date) at('BPR', 'BPR16', 'the payment date (BPR16) is missing');
    if (this.errors.length > 0 || !date) return;
    const key = [advicePayerId(a), a.trace.traceNumber, signedPaidCents(a)] as const;
    await this.gate(key.join('|'));
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    this.runner = runner;
    // The ledger reads are planned against claim_posting as this upload grows it, before autovacuum
    // has analyzed it: estimated rows (hence costs) run far past the real ones, and past
    // jit_above_cost, so each batch would spend ~100 ms compiling a plan that runs in ~3 ms.
    await runner.query(`SET LOCAL jit = off`);
    const adviceId = randomUUID();
    const inserted: { id: string }[] = await runner.manager.query(
      `INSERT INTO remittance.remittance_advice
         (id, file_id, payer_id, payer_name, trace_number, trace_originator, paid_cents, payment_method,
          payment_date, transaction_set_control_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (payer_id, trace_number, paid_cents) DO NOTHING RETURNING id`,
      [
        adviceId,
        this.fileId,
        key[0],
        a.payer.name ?? null,
        key[1],
        a.trace.originatorId ?? null,
        key[2],
        a.payment.method,
        date,
        cn ?? '',
      ],
    );
    if (inserted.length === 0) {
      const [first] = await runner.manager.query(
        `SELECT id, file_id FROM remittance.remittance_advice
          WHERE payer_id = $1 AND trace_number = $2 AND paid_cents = $3`,
        [...key],
      );
      this.duplicate = { adviceId: first.id, fileId: first.file_id };
    }
    this.ctx = {
      adviceId,
      transactionSetControlNumber: cn,
      paymentDate: date,
      actor: { id: this.by.id, role: this.by.role },
      correlationId: adviceId,
    };
  }

  /** A CLP read; balancing errors of it refuse the set (its CLP still counts for the report). */
  async claim(clp: ClaimPayment, balancing: BalancingError[]): Promise<void> {
    if (balancing.length > 0) this.unbalanced = true;
    if (!clp.claimId)
      this.fail({
        code: 'CLP01_MISSING',
        message: 'CLP01 (patient control number) is empty',
        transactionSetControlNumber: this.advice.controlNumber,
        segmentOrdinal: clp.segmentOrdinal,
        segmentId: 'CLP',
        element: 'CLP01',
      });
    if (!this.open) return;
    this.pending.push(clp);
    if (this.pending.length >= POSTING_BATCH) await this.advance().catch((err) => this.databaseRefused(err));
  }

  /** Statement `run` after the transaction's others (their failure is reported where awaited). */
  private onConnection<T>(run: () => Promise<T>): Promise<T> {
    const p = this.tail.then(run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** The full batch starts loading; the one loaded before it is staged and its rows sent. */
  private async advance(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const ready = this.loading;
    this.loading = undefined;
    if (this.open && batch.length > 0) {
      const { m } = this.opened();
      const ledger = this.onConnection(() => loadLedger(m, batch));
      ledger.catch(() => undefined); // awaited when staged; a set refused before never stages it
      this.loading = { batch, ledger };
    }
    if (ready) await this.stage(ready);
  }

  private async stage(ready: { batch: ClaimPayment[]; ledger: Promise<Map<string, LedgerClaim>> }) {
    const ledger = await ready.ledger;
    // Staging holds the thread for tens of ms: let the statement queued behind the read (the next
    // batch's read, the previous batch's rows) go out first, so the database works meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.open) return;
    for (const [pcn, claim] of this.recent) if (ledger.has(pcn)) ledger.set(pcn, claim);
    const { m, ctx } = this.opened();
    const staged = stageClaimBatch(m, this.outbox, ctx, ready.batch, ledger);
    const r = staged.outcome;
    r.errors.forEach((e) => this.fail(e));
    if (r.errors.length > 0) return;
    this.posted += r.posted;
    this.review += r.review;
    this.claimPaidCents += r.claimPaidCents;
    this.recent = staged.claims;
    void this.onConnection(staged.write).catch((err) => this.databaseRefused(err));
  }

  /** Every claim read staged and its rows written (or the set refused). */
  private async flush(): Promise<void> {
    if (this.open) {
      await this.advance();
      await this.advance();
    }
    await this.tail;
  }

  /**
   * SE read (or the file ended): commit when the set read without error (`errors`: its own, from the
   * validator, balancing included), had its SE and every CLP posted; else roll back and report.
   */
  async end(balancing: BalancingError[], errors: X12Issue[], closed = true): Promise<TransactionResult> {
    const a = this.advice;
    const cn = a.controlNumber;
    for (const i of errors) this.fail(locate(i, cn));
    // Balancing the validator did not report as an issue still refuses the set, located.
    if (!errors.some((i) => i.code.startsWith('UNBALANCED_')))
      for (const b of balancing)
        this.fail({
          code: `UNBALANCED_${b.level.toUpperCase()}`,
          message: b.message,
          transactionSetControlNumber: cn,
          segmentOrdinal: b.segmentOrdinal,
          segmentId: b.level === 'transaction' ? 'BPR' : b.level === 'claim' ? 'CLP' : 'SVC',
          claimId: b.claimId,
        });
    if (!closed && !errors.some((i) => i.code === 'SE_MISSING'))
      this.fail({
        code: 'SE_MISSING',
        message: 'the transaction set has no SE trailer (the file was truncated): not posted',
        transactionSetControlNumber: cn,
        segmentId: 'ST',
      });
    try {
      if (!this.ctx && !this.runner && this.errors.length === 0) await this.beginOnce();
      await this.flush();
      if (this.duplicate) {
        await this.rollback();
        return { kind: 'duplicate', controlNumber: cn, ...this.duplicate };
      }
      if (this.errors.length > 0) {
        await this.rollback();
        return {
          kind: 'rejected',
          controlNumber: cn,
          traceNumber: a.trace.traceNumber,
          errors: this.errors,
          balancing,
        };
      }
      const { m, runner, ctx } = this.opened();
      const plb = a.providerAdjustments.flatMap((p) => p.adjustments.map((x) => ({ p, x })));
      if (plb.length > 0)
        await m.query(
          `INSERT INTO remittance.provider_adjustment
             (advice_id, position, provider_id, fiscal_period_date, reason_code, reference, amount_cents)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])`,
          [
            ctx.adviceId,
            plb.map((_, i) => i + 1),
            plb.map(({ p }) => p.providerId),
            plb.map(({ p }) => p.fiscalPeriodDate),
            plb.map(({ x }) => x.reasonCode),
            plb.map(({ x }) => x.reference ?? null),
            plb.map(({ x }) => x.amountCents),
          ],
        );
      const plbCents = plb.reduce((s, { x }) => s + x.amountCents, 0);
      await m.query(
        `UPDATE remittance.remittance_advice SET claim_count = $2, plb_cents = $3 WHERE id = $1`,
        [ctx.adviceId, this.posted + this.review, plbCents],
      );
      await runner.commitTransaction();
      return {
        kind: 'posted',
        adviceId: ctx.adviceId,
        controlNumber: cn,
        traceNumber: a.trace.traceNumber,
        paidCents: signedPaidCents(a),
        claimPaidCents: this.claimPaidCents,
        plbCents,
        claims: this.posted + this.review,
        matched: this.posted,
        unmatched: this.review,
      };
    } catch (err) {
      await this.rollback().catch(() => undefined);
      this.databaseRefused(err);
      return {
        kind: 'rejected',
        controlNumber: cn,
        traceNumber: a.trace.traceNumber,
        errors: this.errors,
        balancing,
      };
    } finally {
      await this.runner?.release();
    }
  }

  /** The upload broke off (client gone, stream error): nothing of this set stays. */
  async abort(): Promise<void> {
    await this.tail;
    await this.rollback().catch(() => undefined);
    await this.runner?.release();
  }

  private async rollback(): Promise<void> {
    if (this.runner?.isTransactionActive) await this.runner.rollbackTransaction();
  }
}
