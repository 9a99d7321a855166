import { useQueries } from '@tanstack/react-query';
import { KeyboardEvent, ReactNode, useEffect, useRef, useState } from 'react';
import { Page, api } from '../api/client';
import { Problem } from './Field';
import { SortableColumn, SortableHeader } from './SortableHeader';

export interface VirtualColumn<T> extends SortableColumn {
  cell: (row: T) => ReactNode;
  width?: string;
}

/** Rows fetched from the server per request (`?limit=&offset=`). */
const BLOCK = 100;

/**
 * A work queue of any length in one scrolling table: only the rows in view (and a few around them)
 * are in the DOM, and only the blocks of 100 rows they fall in are fetched from the server, so a
 * queue of 10,000 claims scrolls as lightly as one of 20. Sorting is the server's (`?sort=`).
 * Keyboard: the table body is one tab stop; ↑ ↓ PgUp PgDn Home End move the current row, Enter
 * opens it (`onOpen`); the current row's number is announced.
 */
export function VirtualTable<T>(props: {
  caption: string;
  path: string;
  params?: Record<string, string | undefined>;
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  rowHeight?: number;
  height?: number;
  /** The default order's name (the server's default when none is chosen). */
  defaultSort?: string;
}) {
  const rowHeight = props.rowHeight ?? 40;
  const height = props.height ?? 480;
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const body = useRef<HTMLDivElement>(null);
  // The queue's length as the last answer gave it: no block past the end is asked for.
  const known = useRef<number | undefined>(undefined);

  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(props.params ?? {})) if (v) search.set(k, v);
  if (sort) search.set('sort', sort);
  const filterKey = search.toString();
  // A new filter or order starts at the top.
  useEffect(() => {
    known.current = undefined;
    setActive(0);
    setScrollTop(0);
    if (body.current) body.current.scrollTop = 0;
  }, [filterKey]);

  const overscan = 5;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.ceil((scrollTop + height) / rowHeight) + overscan;
  const lastWanted = known.current === undefined ? last : Math.max(first, Math.min(last, known.current - 1));
  const blocks: number[] = [];
  for (let b = Math.floor(first / BLOCK); b <= Math.floor(lastWanted / BLOCK); b++) blocks.push(b);
  const queries = useQueries({
    queries: blocks.map((b) => {
      const q = new URLSearchParams(search);
      q.set('limit', String(BLOCK));
      q.set('offset', String(b * BLOCK));
      const url = `${props.path}?${q}`;
      return { queryKey: [url], queryFn: () => api<Page<T>>(url) };
    }),
  });
  // While the blocks now in view load, the length the last answer gave holds the scroll height.
  const total = queries.find((q) => q.data)?.data?.total ?? known.current;
  known.current = total;
  const count = total ?? 0;
  const end = Math.min(last, count);
  const rowAt = (i: number): T | undefined => {
    const q = queries[blocks.indexOf(Math.floor(i / BLOCK))];
    return q?.data?.items[i % BLOCK];
  };
  const error = queries.find((q) => q.error)?.error;
  const fetching = queries.some((q) => q.isFetching);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(count - 1, to));
    setActive(i);
    const el = body.current;
    if (!el) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + height - rowHeight) el.scrollTop = top - height + 2 * rowHeight;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // A sortable header's own keys (Enter, Space) sort; they neither move nor open a row.
    if (e.target instanceof Element && e.target.closest('thead')) return;
    const page = Math.floor(height / rowHeight) - 1;
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: count - 1,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      move(to);
    } else if (e.key === 'Enter' && props.onOpen) {
      const row = rowAt(active);
      if (row) {
        e.preventDefault();
        props.onOpen(row);
      }
    }
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < end; i++) {
    const row = rowAt(i);
    rows.push(
      <tr
        key={row ? props.rowKey(row) : `pending-${i}`}
        aria-rowindex={i + 2}
        className={i === active ? 'current' : undefined}
        style={{ height: rowHeight }}
        data-index={i}
        onClick={() => {
          setActive(i);
          if (row && props.onOpen) props.onOpen(row);
        }}
      >
        {props.columns.map((c) => (
          <td key={c.header} className={c.numeric ? 'numeric' : undefined} style={{ width: c.width }}>
            {row ? c.cell(row) : i === first ? 'loading…' : ''}
          </td>
        ))}
      </tr>,
    );
  }
  const spacer = (rowsTall: number, key: string) =>
    rowsTall > 0 ? (
      <tr key={key} aria-hidden="true" className="spacer" style={{ height: rowsTall * rowHeight }}>
        <td colSpan={props.columns.length} />
      </tr>
    ) : null;

  return (
    <section className="virtual-table" aria-busy={fetching}>
      <Problem error={error} />
      <div
        ref={body}
        className="virtual-body"
        style={{ height, overflowY: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label={`${props.caption}: arrow keys move, Enter opens`}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <table className="queue" aria-rowcount={count + 1}>
          <caption>
            {props.caption}{' '}
            <span className="count" aria-live="polite">
              {total === undefined
                ? '— loading…'
                : count === 0
                  ? '— nothing waiting'
                  : `— ${count.toLocaleString('en-US')} in all, row ${active + 1}`}
            </span>
          </caption>
          <colgroup>
            {props.columns.map((c) => (
              <col key={c.header} style={{ width: c.width }} />
            ))}
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {props.columns.map((c) => (
                <SortableHeader
                  key={c.header}
                  column={c}
                  current={sort ?? props.defaultSort}
                  onSort={setSort}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {spacer(first, 'before')}
            {rows}
            {spacer(count - end, 'after')}
          </tbody>
        </table>
      </div>
    </section>
  );
}
