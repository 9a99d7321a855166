import { BadRequestException } from '@nestjs/common';
import { FieldProblem } from './validation';

/** A 400 in the validation pipe's shape, naming the field(s) at fault. */
export function fieldError(field: string, message: string): BadRequestException {
  return fieldErrors([{ field, messages: [message] }]);
}

export function fieldErrors(errors: FieldProblem[], message = 'validation failed'): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}

/** A query parameter that must be one of a fixed set (or absent). */
export function oneOfQuery<T extends string>(
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw fieldError(field, `${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** A non-negative integer query parameter (or absent). */
export function intQuery(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw fieldError(field, `${field} must be a non-negative integer`);
  return n;
}
