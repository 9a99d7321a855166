import { DataSource } from 'typeorm';

export interface RetentionOptions {
  /** Published outbox rows older than this (since publication) are deleted; 0 = once published. */
  outboxRetentionMinutes: number;
  /** Inbox rows older than this (since processing) are deleted. */
  inboxRetentionMinutes: number;
  /**
   * Dead letters resolved (replayed or discarded) longer ago than this are deleted: each holds a
   * sealed copy of an event (PHI), kept no longer than the follow-up of its resolution needs. Open
   * ones stay whatever their age: someone still has to decide about them.
   */
  resolvedDeadLetterRetentionMinutes: number;
  /** Rows per DELETE statement: each commits on its own, so no lock is held for long. */
  batchSize: number;
  /** How often the service prunes. */
  intervalMs: number;
  log?: (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>) => void;
}

const DEFAULTS = { batchSize: 1000, intervalMs: 60_000, resolvedDeadLetterRetentionMinutes: 43_200 };

/**
 * Deletes what a service's outbox and inbox no longer need: published outbox rows past their
 * retention (never an unpublished one: the relay still owes it to the transport) and inbox rows past
 * theirs (after which a redelivery of that event would be applied again, so the inbox retention must
 * exceed the longest redelivery window). Bounded batches, each its own short statement.
 */
export class MessagingRetention {
  private readonly options: RetentionOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    options: Pick<RetentionOptions, 'outboxRetentionMinutes' | 'inboxRetentionMinutes'> &
      Partial<RetentionOptions>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Prunes the tables until nothing past retention is left; resolves with the rows deleted. */
  async prune(): Promise<{ outbox: number; inbox: number; deadLetters: number }> {
    return {
      outbox: await this.pruneOutbox(),
      inbox: await this.pruneInbox(),
      deadLetters: await this.pruneResolvedDeadLetters(),
    };
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.prune().catch((err: Error) =>
      this.options.log?.('warn', 'messaging retention: prune failed, will retry', {
        schema: this.schema,
        error: err.message,
      }),
    );
    await this.running;
    this.running = undefined;
  }

  /**
   * The relay publishes in seq order, so the lowest published seqs are the oldest publications: each
   * batch looks only at the `batchSize` lowest published rows (primary key order, no scan of the
   * recent ones) and deletes those past retention. Unpublished rows are never candidates, and the
   * relay locks only unpublished rows, so this waits on no one.
   */
  private async pruneOutbox(): Promise<number> {
    const { batchSize, outboxRetentionMinutes } = this.options;
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM "${this.schema}".outbox WHERE seq IN (
           SELECT seq FROM (
             SELECT seq, published_at FROM "${this.schema}".outbox
              WHERE published_at IS NOT NULL ORDER BY seq LIMIT $1) lowest
            WHERE published_at <= now() - $2 * interval '1 minute')`,
        [batchSize, outboxRetentionMinutes],
      )) as [unknown, number];
      total += deleted;
      if (deleted === 0) return total;
    }
  }

  private async pruneInbox(): Promise<number> {
    const { batchSize, inboxRetentionMinutes } = this.options;
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM "${this.schema}".inbox WHERE (consumer, event_id) IN (
           SELECT consumer, event_id FROM "${this.schema}".inbox
            WHERE processed_at < now() - $2 * interval '1 minute' ORDER BY processed_at LIMIT $1)`,
        [batchSize, inboxRetentionMinutes],
      )) as [unknown, number];
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }

  private async pruneResolvedDeadLetters(): Promise<number> {
    const { batchSize, resolvedDeadLetterRetentionMinutes } = this.options;
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM "${this.schema}".dead_letter WHERE id IN (
           SELECT id FROM "${this.schema}".dead_letter
            WHERE status <> 'open' AND resolved_at < now() - $2 * interval '1 minute' LIMIT $1)`,
        [batchSize, resolvedDeadLetterRetentionMinutes],
      )) as [unknown, number];
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
