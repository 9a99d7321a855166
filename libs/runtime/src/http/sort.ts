import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { QueryOneOf } from './query';

/**
 * `?sort=` on list endpoints, one way everywhere: a list names the columns a client may sort on
 * (kebab-case names, each mapped to its SQL — written in code, never taken from the request); the
 * name sorts ascending, `-` + the name descending; anything else is a 400 naming `sort`. The id (or
 * the list's own unique key) follows in the same direction, so that equal values still have one
 * order and every row lands on exactly one page.
 */

export type SortDirection = 'ASC' | 'DESC';

/** A value of `?sort=`: a column's name (ascending) or `-` and the name (descending). */
export type SortValue<K extends string> = K | `-${K}`;

/** The `?sort=` values of a list: `SortOf<typeof CLAIM_SORTS>`. */
export type SortOf<S> = S extends ListSort<infer K> ? SortValue<K> : never;

/** One ORDER BY term: SQL from the list's definition, never from the request. */
export interface OrderTerm {
  readonly sql: string;
  readonly direction: SortDirection;
}

export class ListSort<K extends string> {
  /** Every value `?sort=` accepts (the whitelist), each column ascending then descending. */
  readonly values: readonly SortValue<K>[];

  constructor(
    private readonly columns: Readonly<Record<K, string>>,
    /** The order when none is asked for (each list keeps the one it always had). */
    readonly fallback: SortValue<K>,
    /** A unique column (or columns) that ends every order. */
    private readonly tieBreaker: readonly string[],
  ) {
    this.values = (Object.keys(columns) as K[]).flatMap((k): SortValue<K>[] => [k, `-${k}`]);
  }

  /** The ORDER BY terms of `sort` (the list's default when absent): its column, then the tie-breaker. */
  order(sort?: SortValue<K>): OrderTerm[] {
    const value = sort ?? this.fallback;
    const descending = value.startsWith('-');
    const key = (descending ? value.slice(1) : value) as K;
    if (!Object.prototype.hasOwnProperty.call(this.columns, key))
      throw new Error(`no such sort ${value} (the parameter decorator lets none through)`);
    const direction: SortDirection = descending ? 'DESC' : 'ASC';
    return [this.columns[key], ...this.tieBreaker].map((sql) => ({ sql, direction }));
  }

  /** The ORDER BY list for hand-written SQL: `c.total_charge_cents DESC, c.id DESC`. */
  sql(sort?: SortValue<K>): string {
    return this.order(sort)
      .map((t) => `${t.sql} ${t.direction}`)
      .join(', ');
  }

  /** The same order on a TypeORM query builder. */
  apply<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, sort?: SortValue<K>): SelectQueryBuilder<T> {
    return orderQuery(qb, this.order(sort));
  }
}

/** ORDER BY the terms on a query builder (replacing any order it had). */
export function orderQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  terms: readonly OrderTerm[],
): SelectQueryBuilder<T> {
  terms.forEach((t, i) => (i === 0 ? qb.orderBy(t.sql, t.direction) : qb.addOrderBy(t.sql, t.direction)));
  return qb;
}

/**
 * A list's sorts: `columns` maps each `?sort=` name to its SQL column (qualified as the list's
 * query needs it), `default` is the order without `?sort=`, `tieBreaker` the unique column(s),
 * `id` unless told.
 */
export function listSort<K extends string>(
  columns: Readonly<Record<K, string>>,
  options: { default: SortValue<NoInfer<K>>; tieBreaker?: string | readonly string[] },
): ListSort<K> {
  const tie = options.tieBreaker ?? 'id';
  return new ListSort(columns, options.default, typeof tie === 'string' ? [tie] : tie);
}

/**
 * `?sort=` parsed against the list's whitelist (a 400 naming `sort` otherwise) and documented in
 * OpenAPI as an enum, with the default and what `-` means.
 */
export const QuerySort = <K extends string>(sorts: ListSort<K>, description?: string) =>
  QueryOneOf(
    'sort',
    sorts.values,
    `${description ? `${description}; ` : ''}default ${sorts.fallback}; a leading - is descending, equal values in id order`,
  );
