import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { Page, api } from '../api/client';
import { Problem } from './Field';
import { SortableColumn, SortableHeader } from './SortableHeader';

export interface Column<T> extends SortableColumn {
  cell: (row: T) => ReactNode;
}

/**
 * A work queue page by page from the server (`?limit=&offset=`): the browser never holds more than
 * one page, however long the queue. The previous page stays on screen while the next one loads.
 * Sorting is the server's (`?sort=`): a column with `sort` has a sortable header (SortableHeader);
 * a new order starts again at the first page.
 */
export function PagedTable<T>(props: {
  caption: string;
  path: string;
  params?: Record<string, string | undefined>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  pageSize?: number;
  /** The default order's name (the server's default when none is chosen). */
  defaultSort?: string;
}) {
  const limit = props.pageSize ?? 25;
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const search = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  for (const [k, v] of Object.entries(props.params ?? {})) if (v) search.set(k, v);
  if (sort) search.set('sort', sort);
  const url = `${props.path}?${search}`;
  const query = useQuery({
    queryKey: [url],
    queryFn: () => api<Page<T>>(url),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total ?? 0;
  const rows = query.data?.items ?? [];
  const last = Math.min(offset + rows.length, total);
  return (
    <section aria-busy={query.isFetching}>
      <Problem error={query.error} />
      <table className="queue">
        <caption>
          {props.caption}{' '}
          <span className="count" aria-live="polite">
            {query.isPending
              ? 'loading…'
              : total === 0
                ? '— nothing waiting'
                : `— ${offset + 1}–${last} of ${total}`}
          </span>
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <SortableHeader
                key={c.header}
                column={c}
                current={sort ?? props.defaultSort}
                onSort={(next) => {
                  setSort(next);
                  setOffset(0);
                }}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'numeric' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label={`${props.caption} pages`}>
        <Button isDisabled={offset === 0} onPress={() => setOffset(Math.max(0, offset - limit))}>
          Previous page
        </Button>
        <Button isDisabled={offset + limit >= total} onPress={() => setOffset(offset + limit)}>
          Next page
        </Button>
      </nav>
    </section>
  );
}
