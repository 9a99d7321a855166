import { DataSource } from 'typeorm';
import { EventPublisher, OutgoingMessage } from '../transport/event-publisher';
import { Outbox } from './outbox';

export interface OutboxRelayOptions {
  pollMs: number;
  batchSize: number;
  /** Upper bound of the backoff after a failed publish. */
  maxBackoffMs: number;
  log?: (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>) => void;
}

const DEFAULTS: OutboxRelayOptions = { pollMs: 200, batchSize: 200, maxBackoffMs: 10_000 };

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  /** The sealed envelope's JSON text, sent as stored (no parse and re-serialise per message). */
  envelope: string;
}

/**
 * Moves outbox rows to the transport in commit order. A batch is marked published only after the
 * transport acknowledged it, in the same transaction that locked the rows: a relay stopped mid-batch
 * leaves its rows unpublished and the next run sends them again (the consumers' inbox makes the
 * repeat harmless). One relay per schema at a time (advisory lock) keeps per-key order.
 */
export class OutboxRelay {
  private readonly options: OutboxRelayOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;
  private wakeAgain = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly publisher: EventPublisher,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.outbox.onEnqueued(() => this.kick());
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight to finish (graceful shutdown drains). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Publishes everything pending now; resolves with the number of messages sent. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.publishBatch();
      total += sent;
      if (sent < this.options.batchSize) return total;
    }
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.stopped) return;
    let next = this.options.pollMs;
    this.running = (async () => {
      try {
        const sent = await this.publishBatch();
        this.failures = 0;
        if (sent === this.options.batchSize || this.wakeAgain) next = 0;
      } catch (err) {
        this.failures++;
        next = Math.min(this.options.maxBackoffMs, this.options.pollMs * 2 ** this.failures);
        this.options.log?.('warn', 'outbox relay: publish failed, will retry', {
          schema: this.outbox.schema,
          attempt: this.failures,
          retryInMs: next,
          error: (err as Error).message,
        });
      }
    })();
    await this.running;
    this.running = undefined;
    this.wakeAgain = false;
    this.schedule(next);
  }

  private async publishBatch(): Promise<number> {
    const result = await this.lockAndPublish();
    if (result instanceof PublishFailed) throw result.cause;
    return result;
  }

  private async lockAndPublish(): Promise<number | PublishFailed> {
    const schema = this.outbox.schema;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
        `outbox:${schema}`,
      ]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT seq, topic, message_key, envelope::text AS envelope FROM "${schema}".outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const messages: OutgoingMessage[] = rows.map((r) => ({
        topic: r.topic,
        key: r.message_key,
        value: r.envelope,
      }));
      const seqs = rows.map((r) => r.seq);
      try {
        await this.publisher.publish(messages);
      } catch (err) {
        // Commit the attempt count (rows stay unpublished), then let tick() back off.
        await manager.query(
          `UPDATE "${schema}".outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`,
          [seqs, (err as Error).message.slice(0, 1000)],
        );
        return new PublishFailed(err as Error);
      }
      await manager.query(
        `UPDATE "${schema}".outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`,
        [seqs],
      );
      return rows.length;
    });
  }
}

class PublishFailed {
  constructor(readonly cause: Error) {}
}
