import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DeadLetterReplay } from '../dead-letters/dead-letter-replay';

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
 *
 * Parking: an event whose key (aggregate id) has an open dead letter of this consumer is not
 * applied; the claim statement tells which ones, and EventConsumer parks them in the batch's
 * transaction (DeadLetters). The claim takes a share lock on those dead letters, so a replay that
 * is resolving one (it holds it for update) is waited for, and its drained events come first.
 */
export class ConsumerBatch {
  private readonly transactions = new Map<DataSource, Promise<QueryRunner>>();
  /** Per `<schema>|<consumer>`: ids of this batch not consumed before and not yet applied. */
  private readonly fresh = new Map<string, Promise<Claimed>>();
  /** Event id (lower case) → the key it carries in clear (its aggregate id), or null. */
  private readonly announced = new Map<string, string | null>();
  /** Per key: what the batch's handlers collected, written together by `write` before the commit. */
  private readonly collected = new Map<
    string,
    { items: unknown[]; write: (items: unknown[]) => Promise<void> }
  >();
  private deferredEvent = false;

  constructor(
    readonly topic: string,
    /** The batch's messages as decoded (malformed ones may carry no id or key in clear). */
    values: unknown[],
  ) {
    for (const value of values) {
      const id = eventIdOf(value);
      if (id !== undefined && !this.announced.has(id)) this.announced.set(id, messageKeyOf(value) ?? null);
    }
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
  async claim(
    dataSource: DataSource,
    schema: string,
    consumer: string,
    eventId: string,
  ): Promise<'apply' | 'park' | 'duplicate'> {
    const key = `${schema}|${consumer}`;
    let claimed = this.fresh.get(key);
    if (!claimed) {
      claimed = (async () => {
        const manager = await this.manager(dataSource);
        const ids = [...this.announced.keys()];
        if (ids.length === 0) return { apply: new Set<string>(), park: new Set<string>() };
        const keys = ids.map((id) => this.announced.get(id) ?? null);
        // One statement: the keys of the batch blocked by an open dead letter of this consumer
        // (share-locked), the inbox rows of every other event, and the blocked events not seen before.
        const rows: Array<{ id: string; what: 'apply' | 'park' }> = await manager.query(
          `WITH m AS (SELECT * FROM unnest($2::uuid[], $4::text[]) AS m(id, key)),
           blocked AS (SELECT message_key FROM "${schema}".dead_letter
             WHERE consumer = $1 AND status = 'open' AND message_key = ANY($4::text[]) FOR SHARE),
           ins AS (INSERT INTO "${schema}".inbox (consumer, event_id, topic, outcome)
             SELECT $1, m.id, $3, 'processed' FROM m
             WHERE m.key IS NULL OR m.key NOT IN (SELECT message_key FROM blocked)
             ON CONFLICT DO NOTHING RETURNING event_id)
           SELECT event_id::text AS id, 'apply' AS what FROM ins
           UNION ALL
           SELECT m.id::text, 'park' FROM m WHERE m.key IN (SELECT message_key FROM blocked)
             AND NOT EXISTS (SELECT 1 FROM "${schema}".inbox i WHERE i.consumer = $1 AND i.event_id = m.id)`,
          [consumer, ids, this.topic, keys],
        );
        return {
          apply: new Set(rows.filter((r) => r.what === 'apply').map((r) => r.id)),
          park: new Set(rows.filter((r) => r.what === 'park').map((r) => r.id)),
        };
      })();
      this.fresh.set(key, claimed);
    }
    const { apply, park } = await claimed;
    const id = eventId.toLowerCase();
    if (apply.delete(id)) return 'apply';
    if (park.delete(id)) return 'park';
    return 'duplicate';
  }

  /**
   * Keeps `item` to be written with the others collected under `key` — by the `write` given first
   * — in the batch's transaction just before it commits: one set-based write for the whole batch.
   * A write that fails fails the commit, and the transport rolls the batch back and replays it.
   */
  collect<T>(key: string, item: T, write: (items: T[]) => Promise<void>): void {
    let pending = this.collected.get(key);
    if (!pending) {
      pending = { items: [], write: write as (items: unknown[]) => Promise<void> };
      this.collected.set(key, pending);
    }
    pending.items.push(item);
  }

  async commit(): Promise<void> {
    for (const { items, write } of this.collected.values()) await write(items);
    this.collected.clear();
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
export type ConsumeScope = ConsumerBatch | 'redelivering' | DeadLetterReplay;

const storage = new AsyncLocalStorage<ConsumeScope>();

/** Runs `work` inside `scope` (a batch to join, or one-by-one redelivery). */
export function inConsumeScope<T>(scope: ConsumeScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

export function currentConsumeScope(): ConsumeScope | undefined {
  return storage.getStore();
}

interface Claimed {
  apply: Set<string>;
  park: Set<string>;
}

/**
 * The key a message carries in clear: its envelope's aggregate id, which the outbox sends as the
 * Kafka message key. The key whose later events wait behind a dead letter (DeadLetters).
 */
export function messageKeyOf(value: unknown): string | undefined {
  const key =
    typeof value === 'object' && value !== null
      ? (value as { aggregateId?: unknown }).aggregateId
      : undefined;
  return typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : undefined;
}

/**
 * A handler's write that is set-based over a consumer batch: inside one, `item` is collected and
 * `write` takes every item of the batch under `key` at once, just before the batch commits (so
 * the handlers of the batch do not see each other's rows meanwhile); outside one (one event per
 * transaction), `write([item])` runs now.
 */
export async function writeWithConsumerBatch<T>(
  key: string,
  item: T,
  write: (items: T[]) => Promise<void>,
): Promise<void> {
  const scope = currentConsumeScope();
  if (scope instanceof ConsumerBatch) scope.collect(key, item, write);
  else await write([item]);
}

/** The event id a message carries in clear (a sealed envelope's `id`), when it has one. */
export function eventIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
}
