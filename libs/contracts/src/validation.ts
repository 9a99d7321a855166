/**
 * A tiny runtime schema for event payloads: each check returns located problems
 * ("payload.serviceLines[2].chargeCents: must be a positive integer") instead of throwing.
 */
export type Problems = string[];
export type Check = (value: unknown, path: string, problems: Problems) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str =
  (opts: { min?: number; max?: number; pattern?: RegExp; what?: string } = {}): Check =>
  (v, path, problems) => {
    if (typeof v !== 'string') return void problems.push(`${path}: must be a string`);
    if (opts.min !== undefined && v.length < opts.min)
      problems.push(`${path}: must have at least ${opts.min} characters`);
    if (opts.max !== undefined && v.length > opts.max)
      problems.push(`${path}: must have at most ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(v))
      problems.push(`${path}: must be ${opts.what ?? `like ${opts.pattern}`}`);
  };

export const int =
  (opts: { min?: number; max?: number } = {}): Check =>
  (v, path, problems) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      return void problems.push(`${path}: must be an integer`);
    if (opts.min !== undefined && v < opts.min) problems.push(`${path}: must be ≥ ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) problems.push(`${path}: must be ≤ ${opts.max}`);
  };

export const bool: Check = (v, path, problems) => {
  if (typeof v !== 'boolean') problems.push(`${path}: must be true or false`);
};

export const oneOf =
  (...allowed: string[]): Check =>
  (v, path, problems) => {
    if (typeof v !== 'string' || !allowed.includes(v))
      problems.push(`${path}: must be one of ${allowed.join(', ')}`);
  };

export const optional =
  (check: Check): Check =>
  (v, path, problems) => {
    if (v !== undefined && v !== null) check(v, path, problems);
  };

export const array =
  (item: Check, opts: { min?: number; max?: number } = {}): Check =>
  (v, path, problems) => {
    if (!Array.isArray(v)) return void problems.push(`${path}: must be an array`);
    if (opts.min !== undefined && v.length < opts.min)
      problems.push(`${path}: must have at least ${opts.min} item(s)`);
    if (opts.max !== undefined && v.length > opts.max)
      problems.push(`${path}: must have at most ${opts.max} items`);
    v.forEach((x, i) => item(x, `${path}[${i}]`, problems));
  };

export const object =
  (shape: Record<string, Check>): Check =>
  (v, path, problems) => {
    if (!isObject(v)) return void problems.push(`${path}: must be an object`);
    for (const [key, check] of Object.entries(shape)) check(v[key], `${path}.${key}`, problems);
  };

export const isoDate = str({
  pattern: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  what: 'a date YYYY-MM-DD',
});
export const isoDateTime = str({
  pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  what: 'an ISO-8601 timestamp',
});
export const uuid = str({
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  what: 'a UUID',
});
export const npi = str({ pattern: /^\d{10}$/, what: 'a 10-digit NPI' });
export const cents = int({ min: 0 });
