/**
 * PostgreSQL array literals (`{"a","b",NULL}`, `{1,2,NULL}`) built in one pass, for batched
 * INSERT … SELECT FROM unnest($1::uuid[], $2::bigint[], …): the column travels as one text parameter
 * that the SQL cast parses. node-postgres serializes a JS array element by element (a type check, an
 * escape and a recursion per value), which cost ~40 µs per posted 835 claim; this is a few string
 * appends. One-dimensional only: an array-valued cell must travel some other way (joined, say).
 */

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** A text-like array (text, uuid, date, jsonb as JSON text …): every value quoted; null/undefined → NULL. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
  }
  return out + '}';
}

/** A numeric array (int, bigint, numeric): finite numbers as written by String(); null/undefined → NULL. */
export function numberArrayLiteral(values: readonly (number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number' && Number.isFinite(v)) out += String(v);
    else throw new TypeError(`not a finite number for a numeric array: ${String(v)}`);
  }
  return out + '}';
}
