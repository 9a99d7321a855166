import { fieldErrors } from '@revcycle/runtime';
import { QueryFailedError } from 'typeorm';

/**
 * PATCH semantics, one way for every chart resource: an absent field stays as it is, `null` clears
 * only a field that may be empty (anything else is a 400 naming it), nested objects (address,
 * subscriber) are replaced whole, and a patch that changes nothing (`{}` included) is a no-op.
 */
export function refuseNulls(patch: object, clearable: readonly string[] = []): void {
  const errors = Object.entries(patch)
    .filter(([field, value]) => value === null && !clearable.includes(field))
    .map(([field]) => ({ field, messages: [`${field} cannot be null (leave it out to keep it)`] }));
  if (errors.length > 0) throw fieldErrors(errors);
}

/** The fields of `patch` whose value differs from `current` (JSON equality for nested values). */
export function changedFields<T extends object>(current: T, patch: Partial<T>): Array<keyof T & string> {
  return (Object.keys(patch) as Array<keyof T & string>).filter(
    (field) => patch[field] !== undefined && !sameValue(current[field], patch[field]),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with keys sorted and empty values dropped, so `{city, line1}` equals `{line1, city}`. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([x], [y]) => (x < y ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** True when `err` is PostgreSQL's unique violation (23505) on the named constraint or index. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const driver = (err as QueryFailedError & { driverError?: { code?: string; constraint?: string } })
    .driverError;
  return err instanceof QueryFailedError && driver?.code === '23505' && driver.constraint === constraint;
}
