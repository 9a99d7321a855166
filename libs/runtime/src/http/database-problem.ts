import { Problem, problem } from './problem-shape';

/** What node-postgres reports for a failed statement (the fields PostgreSQL fills in). */
interface PostgresError {
  code?: string;
  column?: string;
  table?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `Key (payer_id, kind)=(…) already exists.` → ['payerId', 'kind']; the values (maybe PHI) are dropped. */
function keyFields(detail: string | undefined): string[] {
  const key = /^Key \(([^)]+)\)=/.exec(detail ?? '');
  return key ? key[1].split(',').map((c) => camel(c.trim())) : [];
}

/** `invalid input syntax for type uuid: "x"` → `uuid`; the value itself is dropped. */
function typeOf(message: string | undefined): string | undefined {
  return /\btype ([a-z ]+?)(?::|$| out of range)/.exec(message ?? '')?.[1];
}

const withField = (status: number, field: string | undefined, message: string): Problem =>
  problem(status, message, field ? [{ field, messages: [message] }] : undefined);

/**
 * PostgreSQL constraint and data failures (SQLSTATE, PostgreSQL appendix A) as client errors: the
 * request, not the server, was wrong. Messages name the field, never the rejected value.
 */
export function databaseProblem(error: unknown): Problem | undefined {
  const e = (error ?? {}) as PostgresError;
  const column = e.column ? camel(e.column) : undefined;
  switch (e.code) {
    case '23505': {
      const fields = keyFields(e.detail);
      const what = fields.length ? fields.join(', ') : (e.constraint ?? 'key');
      const message = `a ${e.table ?? 'record'} with this ${what} already exists`;
      return problem(
        409,
        message,
        fields.map((field) => ({ field, messages: [message] })),
      );
    }
    case '23502':
      return withField(400, column, `${column ?? 'a required field'} is required`);
    case '23503': {
      const [field] = keyFields(e.detail);
      if (/still referenced/.test(e.detail ?? ''))
        return problem(409, `the ${e.table ?? 'record'} is still referenced and cannot change`);
      return withField(400, field, `${field ?? 'a reference'} refers to a record that does not exist`);
    }
    case '23514':
      return withField(400, column, `${column ?? 'a value'} breaks the rule ${e.constraint ?? '(check)'}`);
    case '22001':
      return withField(400, column, `${column ?? 'a text value'} is too long`);
    case '22003':
      return withField(
        400,
        column,
        `${column ?? 'a number'} is out of range for ${typeOf(e.message) ?? 'its column'}`,
      );
    case '22P02':
      return withField(400, column, `${column ?? 'a value'} is not a valid ${typeOf(e.message) ?? 'value'}`);
    case '22021':
    case '22P05':
      return withField(
        400,
        column,
        `${column ?? 'a text value'} holds a character PostgreSQL cannot store (such as NUL)`,
      );
    case '22007':
    case '22008':
      return withField(400, column, `${column ?? 'a date or time'} is not a valid date or time`);
    case '40001':
    case '40P01':
      return problem(409, 'the change conflicted with a concurrent one; retry');
    default:
      return undefined;
  }
}
