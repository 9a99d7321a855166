import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { fieldError, isCalendarDate, singleQuery } from '@revcycle/runtime';

/** `?asOf=YYYY-MM-DD` (a date of service: no time, no zone), today (UTC) when absent; a 400 otherwise. */
export function asOfDate(value: unknown, today = new Date().toISOString().slice(0, 10)): string {
  const raw = singleQuery('asOf', value);
  if (raw === undefined) return today;
  if (!isCalendarDate(raw)) throw fieldError('asOf', 'asOf must be a real date YYYY-MM-DD');
  return raw;
}

export const QueryAsOf = createParamDecorator((_: unknown, context: ExecutionContext) =>
  asOfDate(context.switchToHttp().getRequest<{ query: Record<string, unknown> }>().query['asOf']),
);
