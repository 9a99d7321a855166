import { DataSource } from 'typeorm';
import {
  ConsumerUnavailable,
  EarlierSendFailed,
  EventPublisher,
  OutgoingMessage,
} from '../transport/event-publisher';
import { Outbox } from './outbox';
import { RelaySession } from './relay-session';

export interface OutboxRelayOptions {
  /** Look for rows this often even without a notification (a missed NOTIFY, a standby taking over). */
  pollMs: number;
  batchSize: number;
  /**
   * Envelope bytes per send at most (a row larger than this goes alone): the broker refuses a
   * record batch over its message.max.bytes (1 MB by default), and a send of one key is one batch.
   */
  maxBatchBytes: number;
  /** Batches handed to the transport and not yet acknowledged, at most. */
  inFlight: number;
  /** A row whose send failed this many times is quarantined: left unpublished and skipped. */
  quarantineAfter: number;
  /** Upper bound of the backoff after a failed publish. */
  maxBackoffMs: number;
  log?: (level: 'warn' | 'error' | 'info', message: string, fields?: Record<string, unknown>) => void;
}

const DEFAULTS: OutboxRelayOptions = {
  pollMs: 200,
  batchSize: 200,
  maxBatchBytes: 512 * 1024,
  inFlight: 4,
  quarantineAfter: 5,
  maxBackoffMs: 10_000,
};

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  /** The sealed envelope's JSON text, sent as stored (no parse and re-serialise per message). */
  envelope: string;
  attempts: number;
}

/**
 * Moves outbox rows to the transport in commit order (seq), one relay per schema at a time: the
 * one holding the schema's session advisory lock (RelaySession), so two instances of a service do
 * not interleave a key's events. It wakes on the NOTIFY the outbox insert sends at commit, and
 * polls besides.
 *
 * A round reads unpublished rows in seq order without locking them (plain reads, no transaction
 * across a send), hands up to `inFlight` batches to the publisher at once — the publisher keeps a
 * key's messages in call order — and marks each batch published, stamped with the time the broker
 * acknowledged it, once it is. A relay killed mid-round leaves its unacknowledged rows unpublished
 * and the next leader sends them again (the consumers' inbox makes the repeat harmless).
 *
 * When a batch fails the round stops, the other batches settle and the next round starts again
 * from the first unpublished row, after a backoff. While the broker answers, a failed send counts
 * an attempt on its rows, and a row with attempts is then sent on its own: a row the broker refuses
 * (too large, say) fails alone until `quarantineAfter` attempts, and is then skipped — left
 * unpublished with its last_error, logged by seq and event id — instead of holding up its schema.
 * Setting its attempts back to 0 releases it.
 */
export class OutboxRelay {
  private readonly options: OutboxRelayOptions;
  private readonly session: RelaySession;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): the round in flight hands over no further batch. */
  private halting = false;
  private failures = 0;
  private wakeAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly publisher: EventPublisher,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.session = new RelaySession(dataSource, outbox.schema, () => this.kick());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batches in flight to be acknowledged and marked (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.session.close();
  }

  /** Publishes everything pending now; resolves with the number of messages sent (0 when another relay leads). */
  async drain(): Promise<number> {
    this.halting = false;
    try {
      let total = 0;
      for (;;) {
        const sent = await this.round();
        total += sent;
        if (sent === 0) return total;
      }
    } finally {
      if (this.stopped) await this.session.close();
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
        await this.round();
        this.failures = 0;
        if (this.wakeAgain) next = 0;
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

  /** One pass over the unpublished rows; resolves with the number sent, rejects when a send failed. */
  private async round(): Promise<number> {
    if (!(await this.session.lead())) return 0;
    const { batchSize, inFlight } = this.options;
    const pending = new Set<Promise<void>>();
    const failed: Array<{ rows: OutboxRow[]; error: Error }> = [];
    let firstError: Error | undefined;
    let sent = 0;
    let after = '0';
    while (!firstError && !this.halting && this.session.leader) {
      const rows = await this.unpublishedAfter(after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].seq;
      for (const batch of sendingBatches(rows, batchSize, this.options.maxBatchBytes)) {
        if (firstError || this.halting) break;
        const delivery = this.publisher.publish(batch.map(toMessage)).then(
          () =>
            this.markPublished(batch, new Date()).then(
              () => void (sent += batch.length),
              (error: Error) => void (firstError ??= error),
            ),
          (error: Error) => {
            firstError ??= error;
            failed.push({ rows: batch, error });
          },
        );
        pending.add(delivery);
        void delivery.finally(() => pending.delete(delivery));
        while (pending.size >= inFlight) await Promise.race(pending);
      }
      if (rows.length < batchSize) break;
    }
    await Promise.all(pending);
    if (firstError) {
      await this.countAttempts(failed);
      throw firstError;
    }
    return sent;
  }

  private unpublishedAfter(after: string): Promise<OutboxRow[]> {
    return this.dataSource.query(
      `SELECT seq, topic, message_key, envelope::text AS envelope, attempts FROM "${this.outbox.schema}".outbox
        WHERE published_at IS NULL AND seq > $1 AND attempts < $2 ORDER BY seq LIMIT $3`,
      [after, this.options.quarantineAfter, this.options.batchSize],
    );
  }

  private async markPublished(rows: OutboxRow[], ackedAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE "${this.outbox.schema}".outbox SET published_at = $2 WHERE seq = ANY($1::bigint[])`,
      [rows.map((r) => r.seq), ackedAt],
    );
  }

  /**
   * Counts an attempt on the rows of each send that failed on its own account, when the transport
   * answers (a broker outage, a consumer of this process that cannot take them now, a send held
   * back behind another: nobody's row), and reports the rows that reached quarantine.
   */
  private async countAttempts(failed: Array<{ rows: OutboxRow[]; error: Error }>): Promise<void> {
    const own = failed.filter(
      (f) => !(f.error instanceof EarlierSendFailed) && !(f.error instanceof ConsumerUnavailable),
    );
    if (own.length === 0 || !(await this.publisher.isReady().catch(() => false))) return;
    for (const { rows, error } of own) {
      const counted: Array<{ seq: string; event_id: string; topic: string; attempts: number }> =
        await this.dataSource.query(
          // Through a CTE: TypeORM hands an UPDATE's RETURNING back as [rows, count], a SELECT's as rows.
          `WITH counted AS (
             UPDATE "${this.outbox.schema}".outbox SET attempts = attempts + 1, last_error = $2
              WHERE seq = ANY($1::bigint[]) AND published_at IS NULL RETURNING seq, event_id, topic, attempts)
           SELECT * FROM counted`,
          [rows.map((r) => r.seq), error.message.slice(0, 1000)],
        );
      for (const row of counted.filter((r) => r.attempts >= this.options.quarantineAfter)) {
        this.options.log?.('error', 'outbox relay: row quarantined after repeated send failures', {
          schema: this.outbox.schema,
          seq: row.seq,
          eventId: row.event_id,
          topic: row.topic,
          attempts: row.attempts,
          error: error.message,
        });
      }
    }
  }
}

/**
 * Rows in seq order cut into sends: runs of rows never tried (at most `batchSize` rows and
 * `maxBytes` of envelopes each), and each row already tried alone.
 */
function sendingBatches(rows: OutboxRow[], batchSize: number, maxBytes: number): OutboxRow[][] {
  const batches: OutboxRow[][] = [];
  let run: OutboxRow[] = [];
  let bytes = 0;
  const cut = () => {
    if (run.length > 0) batches.push(run);
    run = [];
    bytes = 0;
  };
  for (const row of rows) {
    if (row.attempts > 0) {
      cut();
      batches.push([row]);
    } else {
      // envelopes are sealed JSON text: ASCII, one byte per character
      if (run.length > 0 && bytes + row.envelope.length > maxBytes) cut();
      run.push(row);
      bytes += row.envelope.length;
      if (run.length === batchSize) cut();
    }
  }
  cut();
  return batches;
}

const toMessage = (r: OutboxRow): OutgoingMessage => ({
  topic: r.topic,
  key: r.message_key,
  value: r.envelope,
});
