/**
 * Server-side sorting for the portal's tables, one way for PagedTable and VirtualTable: a column
 * with `sort` (the server's `?sort=` name, ascending; `-` + it is descending) has its header as a
 * button — a native button, so Tab reaches it and Enter or Space sorts — and `aria-sort` on its
 * `th`. The first press sorts ascending (or flips the order it is already sorted by).
 */
export interface SortableColumn {
  header: string;
  numeric?: boolean;
  /** The server's `sort` value for this column, ascending (the descending one is `-` + it). */
  sort?: string;
}

type AriaSort = 'ascending' | 'descending' | 'none';

function sortState(column: SortableColumn, current: string | undefined): AriaSort | undefined {
  if (!column.sort) return undefined;
  return current === column.sort ? 'ascending' : current === `-${column.sort}` ? 'descending' : 'none';
}

/** One header cell: `current` is the order in force (the chosen one, else the list's default). */
export function SortableHeader(props: {
  column: SortableColumn;
  current: string | undefined;
  onSort: (sort: string) => void;
}) {
  const { column, current } = props;
  const state = sortState(column, current);
  const sort = column.sort;
  return (
    <th scope="col" className={column.numeric ? 'numeric' : undefined} aria-sort={state}>
      {sort ? (
        <button
          type="button"
          className="sort"
          onClick={() => props.onSort(state === 'ascending' ? `-${sort}` : sort)}
        >
          {column.header}
          <span aria-hidden="true">{state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}</span>
        </button>
      ) : (
        column.header
      )}
    </th>
  );
}
