import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { migrateServiceSchema, openServiceDataSource, serviceDataSourceOptions } from './data-source';
import { TestDatabase, createTestDatabase } from './test-database';

/** Slow on purpose: a second replica that did not wait would find it pending too and run it again. */
class CreateDepositNote1700000000100 implements MigrationInterface {
  name = 'CreateDepositNote1700000000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pg_sleep(0.5)`);
    await q.query(`CREATE TABLE remittance.deposit_note (id serial PRIMARY KEY, text text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.deposit_note`);
  }
}

/** A data migration: run twice, it would leave two rows. */
class SeedDepositNote1700000000110 implements MigrationInterface {
  name = 'SeedDepositNote1700000000110';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO remittance.deposit_note (text) VALUES ('seeded')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM remittance.deposit_note`);
  }
}

const migrations = [CreateDepositNote1700000000100, SeedDepositNote1700000000110];

/** Issue 10 §6: two replicas of a service start at once against one fresh database (real PostgreSQL). */
describe('two replicas migrating one fresh database at the same time', () => {
  const databases: TestDatabase[] = [];
  const opened: DataSource[] = [];
  afterAll(async () => {
    for (const ds of opened) await ds.destroy().catch(() => undefined);
    for (const db of databases) await db.drop();
  });

  it('both start, and each migration ran once (the advisory lock made the second wait)', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const options = { url: db.url, schema: 'remittance' as const, entities: [], migrations, poolSize: 2 };
    const started = Date.now();
    const replicas = await Promise.all([openServiceDataSource(options), openServiceDataSource(options)]);
    opened.push(...replicas);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const login = new DataSource({ type: 'postgres', url: db.url });
    await login.initialize();
    try {
      const applied = await login.query(`SELECT name FROM remittance.migrations ORDER BY id`);
      expect(applied.map((r: { name: string }) => r.name)).toEqual([
        'CreateDepositNote1700000000100',
        'SeedDepositNote1700000000110',
      ]);
      expect(await login.query(`SELECT text FROM remittance.deposit_note`)).toEqual([{ text: 'seeded' }]);
    } finally {
      await login.destroy();
    }
    for (const replica of replicas)
      expect(await replica.query(`SELECT count(*)::int AS n FROM remittance.deposit_note`)).toEqual([
        { n: 1 },
      ]);
  });

  it('without the lock the same race fails (what the lock is for)', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const unlocked = () =>
      new DataSource({
        ...serviceDataSourceOptions({ url: db.url, schema: 'remittance', entities: [], migrations }),
        extra: { max: 1 },
      });
    const [a, b] = [unlocked(), unlocked()];
    await Promise.all([a.initialize(), b.initialize()]);
    opened.push(a, b);
    const outcomes = await Promise.allSettled([
      migrateServiceSchema(a, 'remittance'),
      migrateServiceSchema(b, 'remittance'),
    ]);
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
  });
});
