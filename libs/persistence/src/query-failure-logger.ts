import type { Logger as TypeOrmLogger } from 'typeorm';

/** What PostgreSQL says about a failed statement that names no data: where, and which rule. */
interface DatabaseError {
  code?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

const ignore = (): void => undefined;

/** Longest SQL text kept in a log line (statements are parameterized: no values in them). */
const MAX_QUERY_CHARS = 300;

/**
 * TypeORM's logger for the services' data sources: a failed statement is one JSON line on stderr
 * (pino's shape, level 40 — the request's own answer says what the client did wrong) with the
 * schema, the SQLSTATE, the table, column or constraint PostgreSQL names, and the parameterized SQL
 * — never the parameters, nor PostgreSQL's message or detail, which quote the values
 * (`invalid input syntax for type bigint: "…"`, `Key (mrn)=(…)`): a value may be PHI (DESIGN.md
 * "Structured JSON logs without PHI"). TypeORM's stock logger printed the statement with every
 * parameter in clear. Nothing else is logged (`logging: ['error']`).
 */
export class QueryFailureLogger implements TypeOrmLogger {
  constructor(
    private readonly schema: string,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  logQueryError(error: string | Error, query: string): void {
    const e = (typeof error === 'object' && error !== null ? error : {}) as DatabaseError;
    const entry: Record<string, unknown> = {
      level: 40,
      time: Date.now(),
      pid: process.pid,
      context: 'TypeORM',
      msg: 'query failed',
      schema: this.schema,
    };
    for (const key of ['code', 'table', 'column', 'constraint', 'routine'] as const)
      if (typeof e[key] === 'string' && e[key]) entry[key] = e[key];
    entry['query'] = query.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_CHARS);
    this.write(`${JSON.stringify(entry)}\n`);
  }

  // Successful, slow and schema statements, migrations and TypeORM's notices are not logged.
  logQuery = ignore;
  logQuerySlow = ignore;
  logSchemaBuild = ignore;
  logMigration = ignore;
  log = ignore;
}
