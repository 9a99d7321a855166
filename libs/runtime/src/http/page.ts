import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { intQuery } from './field-error';

export interface PageRequest {
  limit: number;
  offset: number;
}

const MAX_LIMIT = 500;

/** `?limit=&offset=` for list endpoints: limit 1–500 (default 50), offset ≥ 0; a 400 otherwise. */
export const Page = createParamDecorator(
  (defaultLimit: number | undefined, context: ExecutionContext): PageRequest => {
    const query = context.switchToHttp().getRequest<{ query: Record<string, string | undefined> }>().query;
    const limit = intQuery('limit', query['limit']) ?? defaultLimit ?? 50;
    const offset = intQuery('offset', query['offset']) ?? 0;
    return { limit: Math.min(Math.max(limit, 1), MAX_LIMIT), offset };
  },
);

/** OpenAPI for the two paging parameters. */
export const ApiPage = () =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: `page size, 1–${MAX_LIMIT} (default 50)` }),
    ApiQuery({ name: 'offset', required: false, description: 'rows to skip (default 0)' }),
  );
