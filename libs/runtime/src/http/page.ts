import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import { PG_INT_MAX, intQuery } from './query';
import { OrderTerm, orderQuery } from './sort';

export interface PageRequest {
  limit: number;
  offset: number;
}

/** One page of a list endpoint: `total` rows match the filter; `items` is this page of them. */
export interface PageOf<T> {
  total: number;
  items: T[];
}

export const MAX_PAGE_LIMIT = 500;

/** The order of every list (unless it is a work queue): newest first, the id breaking ties so pages never overlap. */
export const NEWEST_FIRST = { createdAt: 'DESC', id: 'DESC' } as const;
/** Work queues: oldest first, the id breaking ties. */
export const OLDEST_FIRST = { createdAt: 'ASC', id: 'ASC' } as const;

/**
 * One page of one table's rows, LIMIT/OFFSET on those rows alone (no joins: a join under LIMIT
 * pages joined rows, not entities). The order must end in a unique column (the id) so that every
 * row lands on exactly one page: find options, or a `?sort=` order (`ListSort.order`, whose
 * columns are the table's SQL column names).
 */
export async function findPage<T extends ObjectLiteral>(
  repository: Repository<T>,
  page: PageRequest,
  options: { where?: FindOptionsWhere<T>; order: FindOptionsOrder<T> | OrderTerm[] },
): Promise<PageOf<T>> {
  if (Array.isArray(options.order)) {
    const qb = orderQuery(repository.createQueryBuilder(), options.order);
    if (options.where) qb.where(options.where);
    const [items, total] = await qb.limit(page.limit).offset(page.offset).getManyAndCount();
    return { total, items };
  }
  const [items, total] = await repository.findAndCount({
    where: options.where,
    order: options.order,
    take: page.limit,
    skip: page.offset,
  });
  return { total, items };
}

/** `?limit=&offset=` for list endpoints: limit 1–500 (default 50), offset ≥ 0; a 400 otherwise (no clamp). */
export const Page = createParamDecorator(
  (defaultLimit: number | undefined, context: ExecutionContext): PageRequest => {
    const query = context.switchToHttp().getRequest<{ query: Record<string, unknown> }>().query;
    const limit = intQuery('limit', query['limit'], { min: 1, max: MAX_PAGE_LIMIT }) ?? defaultLimit ?? 50;
    const offset = intQuery('offset', query['offset'], { min: 0, max: PG_INT_MAX }) ?? 0;
    return { limit, offset };
  },
);

/** OpenAPI for the two paging parameters. */
export const ApiPage = () =>
  applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 },
      description: `page size, 1–${MAX_PAGE_LIMIT} (default 50)`,
    }),
    ApiQuery({
      name: 'offset',
      required: false,
      schema: { type: 'integer', minimum: 0, maximum: PG_INT_MAX, default: 0 },
      description: 'rows to skip (default 0)',
    }),
  );
