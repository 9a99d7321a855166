import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { FieldProblem, fieldErrors, isCalendarDate, singleQuery } from '@revcycle/runtime';

export interface Period {
  from: string;
  to: string;
}

/** A period is at most this long: a year of deposits and remittances is one answer, not a dump. */
export const MAX_PERIOD_DAYS = 366;

/** `?from=&to=` — both real dates YYYY-MM-DD, from ≤ to, at most MAX_PERIOD_DAYS days; else a 400 naming each. */
export function periodOf(query: Record<string, unknown>): Period {
  const problems: FieldProblem[] = [];
  const date = (field: 'from' | 'to') => {
    let raw: string | undefined;
    try {
      raw = singleQuery(field, query[field]);
    } catch {
      problems.push({ field, messages: [`${field} must be given once, as a plain value`] });
      return undefined;
    }
    if (raw === undefined) problems.push({ field, messages: [`${field} is required (YYYY-MM-DD)`] });
    else if (!isCalendarDate(raw))
      problems.push({ field, messages: [`${field} must be a real date YYYY-MM-DD`] });
    else return raw;
    return undefined;
  };
  const from = date('from');
  const to = date('to');
  if (from && to) {
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    if (days < 1) problems.push({ field: 'to', messages: ['to must not be before from'] });
    else if (days > MAX_PERIOD_DAYS)
      problems.push({ field: 'to', messages: [`the period must be at most ${MAX_PERIOD_DAYS} days`] });
  }
  if (problems.length || !from || !to) throw fieldErrors(problems);
  return { from, to };
}

export const QueryPeriod = createParamDecorator((_: unknown, context: ExecutionContext) =>
  periodOf(context.switchToHttp().getRequest<{ query: Record<string, unknown> }>().query),
);
