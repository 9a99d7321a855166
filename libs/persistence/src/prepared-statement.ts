import { EntityManager } from 'typeorm';

/** What `pg` answers a query with (the part the hot paths read). */
interface PgResult<T> {
  rows: T[];
  rowCount: number | null;
}

interface PgConnection {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<PgResult<T>>;
}

/**
 * Runs `text` as the named prepared statement `name` on the connection of the manager's
 * transaction: PostgreSQL parses and plans it once per connection, and the statement skips
 * TypeORM's query path (no logging, no result shaping: always the rows). For the hot paths only,
 * with fixed statement texts (one name, one text: `pg` refuses a name reused for another text).
 * A manager outside a transaction runs it on a pooled connection of its own.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  m: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const connection = (await runner.connect()) as PgConnection;
    return (await connection.query<T>({ name, text, values })).rows;
  } finally {
    if (runner !== m.queryRunner) await runner.release();
  }
}
