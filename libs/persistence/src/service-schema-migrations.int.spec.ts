import { DataSource, EntitySchema, MigrationInterface, QueryRunner } from 'typeorm';
import { migrateService, openServiceDataSource, serviceDataSourceOptions } from './data-source';
import { TestDatabase, createTestDatabase } from './test-database';

class CreateLedgerNote1700000000000 implements MigrationInterface {
  name = 'CreateLedgerNote1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE remittance.ledger_note (id serial PRIMARY KEY, text text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE remittance.ledger_note`);
  }
}

const LedgerNote = new EntitySchema<{ id: number; text: string; memo?: string }>({
  name: 'LedgerNote',
  tableName: 'ledger_note',
  columns: {
    id: { type: Number, primary: true, generated: true },
    text: { type: String },
    // In the entity but in no migration: with synchronize on it would become a column.
    memo: { type: String, nullable: true, select: false, insert: false, update: false },
  },
});

/** The data-source factory against a real PostgreSQL: one schema per service, migrations only. */
describe('service data sources', () => {
  let database: TestDatabase;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  it('configures the schema, migrations-only tables and a named pool', () => {
    const options = serviceDataSourceOptions({
      url: 'postgres://x@db/revcycle',
      schema: 'claims',
      entities: [],
      migrations: [],
    });
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'claims',
      synchronize: false,
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      extra: { max: 10, application_name: 'revcycle-claims', options: '-c role=revcycle_claims' },
    });
  });

  it('creates the schema, runs its migrations once, and keeps the migrations table inside the schema', async () => {
    const options = {
      url: database.url,
      schema: 'remittance' as const,
      entities: [LedgerNote],
      migrations: [CreateLedgerNote1700000000000],
      poolSize: 2,
    };
    dataSource = await openServiceDataSource(options);
    await dataSource.getRepository(LedgerNote).save({ text: 'posted' });
    expect((await migrateService(options)).appliedNow).toEqual([]);

    // As the service's role, which sees only its tables (not the owner's migrations table): as the login.
    const login = new DataSource({ type: 'postgres', url: database.url });
    await login.initialize();
    const tables = await login.query(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_name IN ('migrations', 'ledger_note') ORDER BY table_name`,
    );
    expect(tables).toEqual([
      { table_schema: 'remittance', table_name: 'ledger_note' },
      { table_schema: 'remittance', table_name: 'migrations' },
    ]);
    await login.destroy();
    const [{ application_name }] = await dataSource.query(
      `SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
    );
    expect(application_name).toBe('revcycle-remittance');
    // synchronize is off: an entity column without a migration does not become a column.
    const columns = await dataSource.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'remittance' AND table_name = 'ledger_note' ORDER BY column_name`,
    );
    expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual(['id', 'text']);
    expect(await dataSource.getRepository(LedgerNote).count()).toBe(1);
  });
});
