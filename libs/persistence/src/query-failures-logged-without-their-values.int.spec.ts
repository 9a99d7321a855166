import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from './data-source';
import { QueryFailureLogger } from './query-failure-logger';
import { TestDatabase, createTestDatabase } from './test-database';

/**
 * A statement PostgreSQL refuses is logged as one JSON line saying where and which rule, never with
 * the values it carried: TypeORM's stock logger printed `query failed: … -- PARAMETERS: [...]` and
 * PostgreSQL's message (`invalid input syntax for type bigint: "…"`) in clear — a bank file's
 * remitter, a user name typed at sign-in.
 */
describe('query failures are logged without their values', () => {
  let database: TestDatabase;
  let db: DataSource;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(process.env['DATABASE_URL']!);
    db = new DataSource({
      type: 'postgres',
      url: database.url,
      logging: ['error'],
      logger: new QueryFailureLogger('remittance', (line) => lines.push(line)),
    });
    await db.initialize();
    await db.query(`CREATE TABLE deposit (id int PRIMARY KEY, amount bigint NOT NULL, text text UNIQUE)`);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('every service data source logs through it', () => {
    const options = serviceDataSourceOptions({
      url: database.url,
      schema: 'charts',
      entities: [],
      migrations: [],
    });
    expect(options.logger).toBeInstanceOf(QueryFailureLogger);
  });

  it('names the schema, SQLSTATE, table, column and constraint — not the parameters nor the message quoting them', async () => {
    const secret = 'QUIXOTE ZEBULON';
    await db.query(`INSERT INTO deposit VALUES (1, 100, $1)`, [secret]);
    const refused: Array<[string, unknown[]]> = [
      [`INSERT INTO deposit VALUES (2, $1, 'x')`, [`${secret} 1e+32`]], // 22P02, the value quoted
      [`INSERT INTO deposit VALUES (3, 1, $1)`, [secret]], // 23505, Key (text)=(…)
      [`INSERT INTO deposit VALUES (4, NULL, $1)`, [`${secret}!`]], // 23502
    ];
    for (const [sql, parameters] of refused) await expect(db.query(sql, parameters)).rejects.toThrow();
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.code)).toEqual(['22P02', '23505', '23502']);
    expect(entries[1]).toMatchObject({
      level: 40,
      context: 'TypeORM',
      msg: 'query failed',
      schema: 'remittance',
      table: 'deposit',
      constraint: 'deposit_text_key',
      query: 'INSERT INTO deposit VALUES (3, 1, $1)',
    });
    expect(entries[2]).toMatchObject({ column: 'amount' });
    for (const l of lines) expect(l).not.toMatch(/QUIXOTE|ZEBULON|1e\+32/);
  });
});
