import { DataSource, EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { inConsumeScope, eventIdOf } from '../inbox/consumer-batch';
import { isTransientFailure } from '../inbox/transient-failure';
import { Outbox } from '../outbox/outbox';
import { DeadLetterReplay } from './dead-letter-replay';
import { openOriginal, storeDeadLetter } from './dead-letter-store';

/**
 * Hands a message, as received, to the process's handler of its topic: the transport's
 * @EventPattern handlers (libs/runtime binds it to the Nest transport of the process).
 */
export type TopicHandlerInvoker = (topic: string, raw: unknown) => Promise<void>;

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** A dead letter as the admin API shows it: what failed and why, never the message's content. */
export interface DeadLetterView {
  id: string;
  service: string;
  consumer: string;
  topic: string;
  key: string | null;
  eventId: string | null;
  eventType: string;
  /** The last error; `errors` holds every attempt's. */
  error: string;
  errors: string[];
  attempts: number;
  deadLetteredAt: string;
  status: DeadLetterStatus;
  resolvedAt: string | null;
  resolvedBy: string | null;
  discardReason: string | null;
  /** Later events of its key for its consumer, stored and waiting for this one to be resolved. */
  parkedCount: number;
}

export interface DeadLetterFilter {
  consumer?: string;
  topic?: string;
  status?: DeadLetterStatus;
}

/** What a replay or a discard did. */
export interface DeadLetterResolution {
  id: string;
  /**
   * `replayed`: applied through its handler (or found applied already: `duplicate`); `failed`: the
   * handler refused it again, it stays open with one attempt more; `discarded`.
   */
  outcome: 'replayed' | 'duplicate' | 'failed' | 'discarded';
  error?: string;
  /** Parked events of its key applied after it, in order. */
  appliedParked: number;
  /** A parked event that failed when its turn came: dead-lettered in its place, the rest behind it. */
  parkedDeadLettered?: string;
  /** Events of its key still parked (behind another open dead letter of the key). */
  stillParked: number;
}

export class DeadLetterNotFound extends Error {}
/** Already replayed or discarded, or an earlier dead letter of the same key is still open. */
export class DeadLetterConflict extends Error {}

interface Row {
  id: string;
  seq: string;
  consumer: string;
  topic: string;
  message_key: string | null;
  event_id: string | null;
  event_type: string;
  errors: string[];
  attempts: number;
  original: string;
  dead_lettered_at: Date;
  status: DeadLetterStatus;
  resolved_at: Date | null;
  resolved_by: string | null;
  discard_reason: string | null;
  parked_count: number;
}

/** Work done in the resolution's own transaction (the audit entry), committed with it or not at all. */
export type InResolution = (manager: EntityManager, outcome: DeadLetterResolution) => Promise<void>;

/**
 * One service schema's dead letters (EventConsumer stores them beside their `.dlq` event): listed
 * without their content, replayed through the same handler, or discarded.
 *
 * Parking: while a dead letter of consumer C and key K is open, C parks every later event of K
 * (EventConsumer). Resolving it — a replay that applies, or a discard — applies, in the same
 * transaction and in arrival order, the parked events of (C, K) up to the next open dead letter of
 * K, if any; a parked event whose handler fails then becomes a dead letter in its place (its
 * `.dlq` event too) and the rest stay parked behind it. A transient failure (database away) rolls
 * the whole resolution back: nothing changed, try again. The dead letter row is locked for update
 * meanwhile; consumers share-lock it when they check a key, so an event of K arriving during a
 * replay waits for it and comes after the parked ones. A replay is refused while an earlier dead
 * letter of the same key is open (replay or discard that one first): order is kept.
 */
export class DeadLetters {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly invoke: TopicHandlerInvoker,
  ) {}

  get schema(): string {
    return this.outbox.schema;
  }

  async list(
    filter: DeadLetterFilter,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; items: DeadLetterView[] }> {
    const s = this.schema;
    const where = `($1::text IS NULL OR d.consumer = $1) AND ($2::text IS NULL OR d.topic = $2) AND ($3::text IS NULL OR d.status = $3)`;
    const params = [filter.consumer ?? null, filter.topic ?? null, filter.status ?? null];
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM "${s}".dead_letter d WHERE ${where}`,
      params,
    );
    const rows: Row[] = await this.dataSource.query(
      `SELECT d.*, ${PARKED_COUNT(s)} AS parked_count FROM "${s}".dead_letter d WHERE ${where}
       ORDER BY d.dead_lettered_at DESC, d.id DESC LIMIT $4 OFFSET $5`,
      [...params, page.limit, page.offset],
    );
    return { total, items: rows.map((r) => this.view(r)) };
  }

  async find(id: string): Promise<DeadLetterView | undefined> {
    const [row]: Row[] = await this.dataSource.query(
      `SELECT d.*, ${PARKED_COUNT(this.schema)} AS parked_count FROM "${this.schema}".dead_letter d WHERE d.id = $1`,
      [id],
    );
    return row ? this.view(row) : undefined;
  }

  /** Applies the dead letter through its consumer's handler, then the events parked behind it. */
  async replay(id: string, by: string, inResolution?: InResolution): Promise<DeadLetterResolution> {
    return this.dataSource.transaction(async (m) => {
      const letter = await this.lockOpen(m, id);
      if (letter.message_key !== null) {
        const [earlier] = await m.query(
          `SELECT id FROM "${this.schema}".dead_letter WHERE consumer = $1 AND message_key = $2
             AND status = 'open' AND seq < $3 ORDER BY seq LIMIT 1`,
          [letter.consumer, letter.message_key, letter.seq],
        );
        if (earlier)
          throw new DeadLetterConflict(
            `an earlier dead letter of the same key is open (${earlier.id}): replay or discard it first`,
          );
      }
      const raw = openOriginal(this.schema, letter.id, letter.original);
      const eventId = eventIdOf(raw);
      let outcome: DeadLetterResolution['outcome'] = 'replayed';
      if (eventId && (await this.applied(m, letter.consumer, eventId))) outcome = 'duplicate';
      else {
        const error = await this.apply(m, letter.consumer, letter.topic, eventId, raw);
        if (error) {
          await m.query(
            `UPDATE "${this.schema}".dead_letter SET attempts = attempts + 1,
               errors = errors || $2::text[] WHERE id = $1`,
            [letter.id, [`replay: ${error.message}`]],
          );
          const result: DeadLetterResolution = {
            id,
            outcome: 'failed',
            error: error.message,
            appliedParked: 0,
            stillParked: await this.parkedCount(m, letter),
          };
          await inResolution?.(m, result);
          return result;
        }
        if (eventId) await this.recordApplied(m, letter.consumer, eventId, letter.topic);
      }
      await m.query(
        `UPDATE "${this.schema}".dead_letter SET status = 'replayed', resolved_at = now(), resolved_by = $2 WHERE id = $1`,
        [letter.id, by],
      );
      const result = { id, outcome, ...(await this.drain(m, letter)) };
      await inResolution?.(m, result);
      return result;
    });
  }

  /** Gives the dead letter up (its event is never applied), then applies the events parked behind it. */
  async discard(
    id: string,
    reason: string,
    by: string,
    inResolution?: InResolution,
  ): Promise<DeadLetterResolution> {
    return this.dataSource.transaction(async (m) => {
      const letter = await this.lockOpen(m, id);
      await m.query(
        `UPDATE "${this.schema}".dead_letter SET status = 'discarded', resolved_at = now(), resolved_by = $2,
           discard_reason = $3 WHERE id = $1`,
        [letter.id, by, reason],
      );
      const result: DeadLetterResolution = { id, outcome: 'discarded', ...(await this.drain(m, letter)) };
      await inResolution?.(m, result);
      return result;
    });
  }

  private async lockOpen(m: EntityManager, id: string): Promise<Row> {
    const [letter]: Row[] = await m.query(
      `SELECT * FROM "${this.schema}".dead_letter WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!letter) throw new DeadLetterNotFound(`no dead letter ${id}`);
    if (letter.status !== 'open')
      throw new DeadLetterConflict(`dead letter ${id} is already ${letter.status}`);
    return letter;
  }

  /**
   * The parked events of the letter's consumer and key that came before the key's next open dead
   * letter (all of them when none is open), applied in order until one fails.
   */
  private async drain(
    m: EntityManager,
    letter: Row,
  ): Promise<Pick<DeadLetterResolution, 'appliedParked' | 'parkedDeadLettered' | 'stillParked'>> {
    if (letter.message_key === null) return { appliedParked: 0, stillParked: 0 };
    const s = this.schema;
    const parked: Array<{
      seq: string;
      event_id: string;
      topic: string;
      event_type: string;
      envelope: unknown;
    }> = await m.query(
      `SELECT seq, event_id, topic, event_type, envelope FROM "${s}".parked_event p
         WHERE p.consumer = $1 AND p.message_key = $2
           AND NOT EXISTS (SELECT 1 FROM "${s}".dead_letter d WHERE d.consumer = $1 AND d.message_key = $2
                             AND d.status = 'open' AND d.seq < p.seq)
         ORDER BY p.seq FOR UPDATE`,
      [letter.consumer, letter.message_key],
    );
    let appliedParked = 0;
    let parkedDeadLettered: string | undefined;
    for (const p of parked) {
      if (!(await this.applied(m, letter.consumer, p.event_id))) {
        const error = await this.apply(m, letter.consumer, p.topic, p.event_id, p.envelope);
        if (error) {
          parkedDeadLettered = randomUUID();
          await m.query(`DELETE FROM "${s}".parked_event WHERE consumer = $1 AND event_id = $2`, [
            letter.consumer,
            p.event_id,
          ]);
          await storeDeadLetter(m, this.outbox, {
            id: parkedDeadLettered,
            seq: p.seq,
            consumer: letter.consumer,
            topic: p.topic,
            failedAt: new Date().toISOString(),
            attempts: 1,
            errors: [`applied after dead letter ${letter.id}: ${error.message}`],
            original: p.envelope,
            key: letter.message_key,
            eventId: p.event_id,
            opened: true,
            eventType: p.event_type,
          });
          break;
        }
        await this.recordApplied(m, letter.consumer, p.event_id, p.topic);
        appliedParked++;
      }
      await m.query(`DELETE FROM "${s}".parked_event WHERE consumer = $1 AND event_id = $2`, [
        letter.consumer,
        p.event_id,
      ]);
    }
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM "${s}".parked_event WHERE consumer = $1 AND message_key = $2`,
      [letter.consumer, letter.message_key],
    );
    return { appliedParked, ...(parkedDeadLettered ? { parkedDeadLettered } : {}), stillParked: n };
  }

  /**
   * One message through the process's handler of its topic, applied by `consumer` only, on `m`.
   * Undefined when it applied; the error when its handler refused it. A transient failure is thrown.
   */
  private async apply(
    m: EntityManager,
    consumer: string,
    topic: string,
    eventId: string | undefined,
    raw: unknown,
  ): Promise<Error | undefined> {
    const replay = new DeadLetterReplay(this.schema, consumer, eventId, m);
    try {
      await inConsumeScope(replay, () => this.invoke(topic, raw));
    } catch (err) {
      if (!replay.reached) {
        if (isTransientFailure(err)) throw err;
        return err instanceof Error ? err : new Error(String(err));
      }
    }
    if (replay.error && isTransientFailure(replay.error)) throw replay.error;
    if (!replay.reached)
      return new Error(`no handler of ${consumer} in this process took the ${topic} event`);
    return replay.error;
  }

  private async applied(m: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT 1 FROM "${this.schema}".inbox WHERE consumer = $1 AND event_id = $2 AND outcome = 'processed'`,
      [consumer, eventId],
    );
    return row !== undefined;
  }

  private async recordApplied(
    m: EntityManager,
    consumer: string,
    eventId: string,
    topic: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "${this.schema}".inbox (consumer, event_id, topic, outcome) VALUES ($1, $2, $3, 'processed')
       ON CONFLICT (consumer, event_id) DO UPDATE SET outcome = 'processed', processed_at = now()`,
      [consumer, eventId, topic],
    );
  }

  private async parkedCount(m: EntityManager, letter: Row): Promise<number> {
    if (letter.message_key === null) return 0;
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM "${this.schema}".parked_event WHERE consumer = $1 AND message_key = $2`,
      [letter.consumer, letter.message_key],
    );
    return n;
  }

  private view(r: Row): DeadLetterView {
    return {
      id: r.id,
      service: this.schema,
      consumer: r.consumer,
      topic: r.topic,
      key: r.message_key,
      eventId: r.event_id,
      eventType: r.event_type,
      error: r.errors[r.errors.length - 1] ?? '',
      errors: r.errors,
      attempts: r.attempts,
      deadLetteredAt: new Date(r.dead_lettered_at).toISOString(),
      status: r.status,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
      resolvedBy: r.resolved_by,
      discardReason: r.discard_reason,
      parkedCount: r.parked_count,
    };
  }
}

/** Later events of an open dead letter's key parked for its consumer. */
const PARKED_COUNT = (s: string) => `CASE WHEN d.status = 'open' AND d.message_key IS NOT NULL THEN
  (SELECT count(*) FROM "${s}".parked_event p WHERE p.consumer = d.consumer AND p.message_key = d.message_key
     AND p.seq > d.seq) ELSE 0 END::int`;
