import { DataSource } from 'typeorm';
import { TestDatabase } from '@revcycle/persistence';
import { Outbox } from '../outbox/outbox';
import { claimCreated, messagingTestDatabase } from '../test-support';
import { MessagingRetention } from './messaging-retention';

const schema = 'prune';

/**
 * Published outbox rows past OUTBOX_RETENTION_MINUTES and inbox rows past INBOX_RETENTION_MINUTES
 * are deleted in bounded batches; unpublished and recent rows stay.
 */
describe('messaging retention (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const outbox = new Outbox(schema);

  beforeAll(async () => {
    ({ db, dataSource } = await messagingTestDatabase(schema));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    await dataSource.query(`TRUNCATE "${schema}".outbox, "${schema}".inbox, "${schema}".dead_letter`);
  });

  /** Outbox rows, in seq order, each published that many minutes ago (null: not yet published). */
  async function outboxRows(publishedMinutesAgo: Array<number | null>): Promise<string[]> {
    const events = publishedMinutesAgo.map((_, i) => claimCreated(i));
    await dataSource.transaction((m) => outbox.enqueue(m, events));
    for (const [i, ago] of publishedMinutesAgo.entries()) {
      await dataSource.query(
        `UPDATE "${schema}".outbox SET created_at = now() - interval '1 day',
           published_at = CASE WHEN $2::int IS NULL THEN NULL ELSE now() - $2::int * interval '1 minute' END
         WHERE event_id = $1`,
        [events[i].id, ago],
      );
    }
    return events.map((e) => e.id);
  }
  const remainingOutbox = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT event_id FROM "${schema}".outbox ORDER BY seq`)).map(
      (r: { event_id: string }) => r.event_id,
    );

  it('deletes published rows past retention only: unpublished and recently published stay', async () => {
    // old, old, unpublished (a day old), old, recent, old, unpublished, recent
    const ids = await outboxRows([120, 90, null, 61, 5, 300, null, 0]);
    const retention = new MessagingRetention(dataSource, schema, {
      outboxRetentionMinutes: 60,
      inboxRetentionMinutes: 10_080,
      batchSize: 2,
    });
    expect(await retention.prune()).toEqual({ outbox: 4, inbox: 0, deadLetters: 0 });
    expect(await remainingOutbox()).toEqual([ids[2], ids[4], ids[6], ids[7]]);
    expect(await retention.prune()).toEqual({ outbox: 0, inbox: 0, deadLetters: 0 });
  });

  it('retention 0 deletes every published row and still no unpublished one', async () => {
    const ids = await outboxRows([0, null, 0]);
    const retention = new MessagingRetention(dataSource, schema, {
      outboxRetentionMinutes: 0,
      inboxRetentionMinutes: 60,
    });
    expect((await retention.prune()).outbox).toBe(2);
    expect(await remainingOutbox()).toEqual([ids[1]]);
  });

  it('deletes inbox rows past their retention only, whatever the consumer', async () => {
    const rows: Array<[string, number]> = [
      ['claims.intake', 20_000],
      ['claims.intake', 10_081],
      ['claims.intake', 10_000],
      ['remittance.ledger', 30_000],
      ['remittance.ledger', 1],
    ];
    for (const [i, [consumer, ago]] of rows.entries()) {
      await dataSource.query(
        `INSERT INTO "${schema}".inbox (consumer, event_id, topic, outcome, processed_at)
         VALUES ($1, $2, 'claims.claim.created', 'processed', now() - $3::int * interval '1 minute')`,
        [consumer, claimCreated(i).id, ago],
      );
    }
    const retention = new MessagingRetention(dataSource, schema, {
      outboxRetentionMinutes: 60,
      inboxRetentionMinutes: 10_080,
      batchSize: 2,
    });
    expect(await retention.prune()).toEqual({ outbox: 0, inbox: 3, deadLetters: 0 });
    const kept = await dataSource.query(
      `SELECT consumer, round(extract(epoch FROM now() - processed_at) / 60)::int AS ago
         FROM "${schema}".inbox ORDER BY ago`,
    );
    expect(kept).toEqual([
      { consumer: 'remittance.ledger', ago: 1 },
      { consumer: 'claims.intake', ago: 10_000 },
    ]);
  });

  it('once started, prunes on its interval until stopped', async () => {
    const ids = await outboxRows([120, null]);
    const retention = new MessagingRetention(dataSource, schema, {
      outboxRetentionMinutes: 60,
      inboxRetentionMinutes: 60,
      intervalMs: 20,
    });
    retention.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await remainingOutbox()).length > 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
    } finally {
      await retention.stop();
    }
    expect(await remainingOutbox()).toEqual([ids[1]]);
  });

  it('deletes dead letters resolved past their retention; open ones stay whatever their age', async () => {
    // [status, dead-lettered minutes ago, resolved minutes ago]
    const letters: Array<[string, number, number | null]> = [
      ['replayed', 90_000, 50_000],
      ['discarded', 90_000, 43_300],
      ['replayed', 90_000, 100],
      ['open', 900_000, null],
    ];
    for (const [i, [status, ago, resolvedAgo]] of letters.entries())
      await dataSource.query(
        `INSERT INTO "${schema}".dead_letter
           (id, consumer, topic, event_type, errors, attempts, original, status, dead_lettered_at, resolved_at)
         VALUES ($1, 'claims.intake', 'coding.encounter.coded', 'coding.encounter.coded', '{boom}', 4, 'sealed',
                 $2, now() - $3::int * interval '1 minute',
                 CASE WHEN $4::int IS NULL THEN NULL ELSE now() - $4::int * interval '1 minute' END)`,
        [claimCreated(100 + i).id, status, ago, resolvedAgo],
      );
    const retention = new MessagingRetention(dataSource, schema, {
      outboxRetentionMinutes: 60,
      inboxRetentionMinutes: 10_080,
      batchSize: 1,
    });
    expect(await retention.prune()).toEqual({ outbox: 0, inbox: 0, deadLetters: 2 });
    const kept = await dataSource.query(`SELECT status FROM "${schema}".dead_letter ORDER BY status`);
    expect(kept).toEqual([{ status: 'open' }, { status: 'replayed' }]);
  });
});
