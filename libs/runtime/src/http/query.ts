import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { ApiQuery, ApiQueryOptions } from '@nestjs/swagger';
import { isCalendarDate } from './code-shapes';
import { fieldError } from './field-error';

/**
 * Query parameters, parsed one way everywhere: each is optional, given at most once, and either
 * valid or a 400 naming it — never silently clamped or ignored. Each decorator also documents the
 * parameter in OpenAPI with the same rule it enforces.
 */

/** PostgreSQL `integer`: the largest count or offset a query may carry. */
export const PG_INT_MAX = 2_147_483_647;

type Parse<T> = (field: string, raw: string) => T;

/** A plain value (or undefined when absent or empty); `?a=1&a=2` or `?a[b]=1` is a 400. */
export function singleQuery(field: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw fieldError(field, `${field} must be given once, as a plain value`);
  return value;
}

const parsed =
  <T>(parse: Parse<T>) =>
  (field: string, value: unknown): T | undefined => {
    const raw = singleQuery(field, value);
    return raw === undefined ? undefined : parse(field, raw);
  };

export const oneOfQuery = <T extends string>(field: string, value: unknown, allowed: readonly T[]) =>
  parsed((f, raw) => {
    if (!(allowed as readonly string[]).includes(raw))
      throw fieldError(f, `${f} must be one of ${allowed.join(', ')}`);
    return raw as T;
  })(field, value);

export interface IntRange {
  min: number;
  max: number;
}

/** Decimal digits only (no `1e3`, `0x10`, `1.0` or blanks), within the range. */
export const intQuery = (field: string, value: unknown, range: IntRange = { min: 0, max: PG_INT_MAX }) =>
  parsed((f, raw) => {
    const n = /^-?\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < range.min || n > range.max)
      throw fieldError(f, `${f} must be an integer from ${range.min} to ${range.max}`);
    return n;
  })(field, value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuidQuery = parsed((f, raw) => {
  if (!UUID.test(raw)) throw fieldError(f, `${f} must be a UUID`);
  return raw.toLowerCase();
});

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

/** ISO 8601: a real calendar date, optionally with a time and an offset (Z or ±hh:mm); as UTC ISO. */
export const timestampQuery = parsed((f, raw) => {
  const m = TIMESTAMP.exec(raw);
  if (!m || !isCalendarDate(m[1]) || (m[2] !== undefined && m[3] === undefined))
    throw fieldError(
      f,
      `${f} must be a real ISO 8601 date or timestamp with offset (2026-09-14, 2026-09-14T08:00:00Z)`,
    );
  return new Date(m[2] === undefined ? `${raw}T00:00:00Z` : raw).toISOString();
});

export interface TextRule {
  maxLength: number;
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  shape?: string;
}

export const textQuery = (field: string, value: unknown, rule: TextRule) =>
  parsed((f, raw) => {
    if (raw.length > rule.maxLength || (rule.pattern && !rule.pattern.test(raw)))
      throw fieldError(f, `${f} must be ${rule.shape ?? 'text'} of at most ${rule.maxLength} characters`);
    return raw;
  })(field, value);

type QueryRequest = { query: Record<string, unknown> };

/** A parameter decorator that parses `?name=` with `parse` and documents it with `schema`. */
function queryParameter<T>(
  name: string,
  parse: (field: string, value: unknown) => T | undefined,
  doc: { description?: string; enum?: string[]; schema?: Record<string, unknown> },
): ParameterDecorator {
  const read = createParamDecorator((_: unknown, context: ExecutionContext) =>
    parse(name, context.switchToHttp().getRequest<QueryRequest>().query[name]),
  );
  return (target, key, index) => {
    read()(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (descriptor) ApiQuery({ name, required: false, ...doc } as ApiQueryOptions)(target, key, descriptor);
    }
  };
}

export const QueryUuid = (name: string, description?: string) =>
  queryParameter(name, uuidQuery, { schema: { type: 'string', format: 'uuid' }, description });

export const QueryOneOf = <T extends string>(name: string, allowed: readonly T[], description?: string) =>
  queryParameter(name, (f, v) => oneOfQuery(f, v, allowed), { enum: [...allowed], description });

export const QueryInt = (name: string, range: IntRange, description?: string) =>
  queryParameter(name, (f, v) => intQuery(f, v, range), {
    schema: { type: 'integer', minimum: range.min, maximum: range.max },
    description,
  });

export const QueryTimestamp = (name: string, description?: string) =>
  queryParameter(name, timestampQuery, {
    schema: { type: 'string', format: 'date-time' },
    description: `${description ?? ''} (ISO 8601 date or timestamp with offset)`.trim(),
  });

export const QueryText = (name: string, rule: TextRule, description?: string) =>
  queryParameter(name, (f, v) => textQuery(f, v, rule), {
    schema: {
      type: 'string',
      maxLength: rule.maxLength,
      ...(rule.pattern ? { pattern: rule.pattern.source } : {}),
    },
    description,
  });
