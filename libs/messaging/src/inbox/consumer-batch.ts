import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One batch of messages from one topic partition, consumed in one database transaction per
 * DataSource (a service process has one; the platform several). EventConsumer.consume joins it
 * when one is running (AsyncLocalStorage), so the @EventPattern handlers stay as they are: the
 * first event of a consumer in the batch inserts the inbox rows of every event id of the batch in
 * one statement, and what it returns — the ids not consumed before — are the events to apply; the
 * rest are duplicates. Nothing is visible until commit(); rollback() leaves no trace, and the
 * transport then replays the batch one event per transaction — as it does when an event was
 * `deferred` (malformed, or with no id in clear to claim with the batch).
 */
export class ConsumerBatch {
  private readonly transactions = new Map<DataSource, Promise<QueryRunner>>();
  /** Per `<schema>|<consumer>`: ids of this batch not consumed before and not yet applied. */
  private readonly fresh = new Map<string, Promise<Set<string>>>();
  private readonly announced: Set<string>;
  private deferredEvent = false;

  constructor(
    readonly topic: string,
    /** The event ids the batch's messages carry in clear, lower case (malformed ones may carry none). */
    eventIds: string[],
  ) {
    this.announced = new Set(eventIds);
  }

  /** True when the batch carries this event id in clear, so that its inbox row is claimed with the batch's. */
  announces(eventId: string): boolean {
    return this.announced.has(eventId.toLowerCase());
  }

  /** An event of the batch must be handled on its own: the batch is to be rolled back and replayed one by one. */
  defer(): void {
    this.deferredEvent = true;
  }

  get deferred(): boolean {
    return this.deferredEvent;
  }

  /** The batch's transaction on this DataSource, begun on first use. */
  manager(dataSource: DataSource): Promise<EntityManager> {
    let runner = this.transactions.get(dataSource);
    if (!runner) {
      runner = (async () => {
        const qr = dataSource.createQueryRunner();
        await qr.connect();
        try {
          await qr.startTransaction();
        } catch (err) {
          await qr.release();
          throw err;
        }
        return qr;
      })();
      this.transactions.set(dataSource, runner);
    }
    return runner.then((qr) => qr.manager);
  }

  /**
   * True when this consumer has not consumed `eventId` before (in an earlier transaction or earlier
   * in this batch): the caller applies it now. The first call per consumer claims every id of the
   * batch in the inbox at once.
   */
  async claim(dataSource: DataSource, schema: string, consumer: string, eventId: string): Promise<boolean> {
    const key = `${schema}|${consumer}`;
    let ids = this.fresh.get(key);
    if (!ids) {
      ids = (async () => {
        const manager = await this.manager(dataSource);
        const candidates = [...this.announced].filter((id) => UUID.test(id));
        if (candidates.length === 0) return new Set<string>();
        const rows: Array<{ event_id: string }> = await manager.query(
          `INSERT INTO "${schema}".inbox (consumer, event_id, topic, outcome)
           SELECT $1, id, $3, 'processed' FROM unnest($2::uuid[]) AS id
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumer, candidates, this.topic],
        );
        return new Set(rows.map((r) => r.event_id));
      })();
      this.fresh.set(key, ids);
    }
    return (await ids).delete(eventId.toLowerCase());
  }

  async commit(): Promise<void> {
    const runners = await Promise.all(this.transactions.values());
    try {
      for (const qr of runners) await qr.commitTransaction();
    } finally {
      await Promise.all(runners.map((qr) => qr.release()));
    }
  }

  async rollback(): Promise<void> {
    const runners = await Promise.allSettled(this.transactions.values());
    for (const r of runners) {
      if (r.status !== 'fulfilled') continue;
      await r.value.rollbackTransaction().catch(() => undefined);
      await r.value.release().catch(() => undefined);
    }
  }
}

/**
 * What EventConsumer.consume runs inside: a batch to join, or `redelivering` — one event per
 * transaction, under a transport that retries a message whose handling threw (it commits no offset
 * past it), so a transient failure is given back to it instead of being dead-lettered.
 */
export type ConsumeScope = ConsumerBatch | 'redelivering';

const storage = new AsyncLocalStorage<ConsumeScope>();

/** Runs `work` inside `scope` (a batch to join, or one-by-one redelivery). */
export function inConsumeScope<T>(scope: ConsumeScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

export function currentConsumeScope(): ConsumeScope | undefined {
  return storage.getStore();
}

/** The event id a message carries in clear (a sealed envelope's `id`), when it has one. */
export function eventIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}
