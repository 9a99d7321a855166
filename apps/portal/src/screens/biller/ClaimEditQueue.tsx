import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { Page, api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { ClaimCorrectionForm } from './ClaimCorrectionForm';
import { CATEGORY_LABELS, EditQueueItem, categoryLabel, statusLabel } from './types';
import '../work.css';

const SORTS: Array<[string, string]> = [
  ['created-at', 'Longest in the queue first'],
  ['-created-at', 'Newest first'],
  ['-charge', 'Highest charges first'],
  ['charge', 'Lowest charges first'],
  ['date-of-service', 'Oldest date of service first'],
  ['-date-of-service', 'Newest date of service first'],
];

/**
 * A page of the edit work queue (GET /claims/edits, paged, filtered and sorted by the server),
 * grouped by edit category, each claim with its edits' fix-it messages and an inline correction
 * form that re-scrubs and shows the new result.
 */
export function EditQueueList(props: {
  caption: string;
  params: Record<string, string | undefined>;
  sort: string;
  idPrefix: string;
}) {
  const limit = 25;
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [fixed, setFixed] = useState<Record<string, string>>({});
  const search = new URLSearchParams({ limit: String(limit), offset: String(offset), sort: props.sort });
  for (const [k, v] of Object.entries(props.params)) if (v) search.set(k, v);
  const filterKey = JSON.stringify([props.params, props.sort]);
  useEffect(() => setOffset(0), [filterKey]);
  const url = `/claims/edits?${search}`;
  const query = useQuery({
    queryKey: [url],
    queryFn: () => api<Page<EditQueueItem>>(url),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total ?? 0;
  const items = query.data?.items ?? [];
  // Grouped by the category of each claim's first edit, in the order the server sorted them.
  const groups = new Map<string, EditQueueItem[]>();
  for (const item of items) {
    const c = item.edits[0]?.category ?? 'other';
    groups.set(c, [...(groups.get(c) ?? []), item]);
  }
  return (
    <section aria-busy={query.isFetching} aria-labelledby={`${props.idPrefix}-caption`}>
      <p id={`${props.idPrefix}-caption`} className="count-line" aria-live="polite">
        <strong>{props.caption}</strong>{' '}
        {query.isPending
          ? '— loading…'
          : total === 0
            ? '— nothing waiting'
            : `— ${offset + 1}–${Math.min(offset + items.length, total)} of ${total}`}
      </p>
      <Problem error={query.error} />
      {[...groups.entries()].map(([category, claims]) => (
        <table className="queue grouped" key={category}>
          <caption>
            {categoryLabel(category)} <span className="count">({claims.length} on this page)</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Payer</th>
              <th scope="col">Date of service</th>
              <th scope="col" className="numeric">
                Charges
              </th>
              <th scope="col" className="numeric">
                Days in queue
              </th>
              <th scope="col">Edits and how to fix them</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {claims.map((r) => (
              <Fragment key={r.claimId}>
                <tr>
                  <td>
                    <Link to={`/work/claims/${r.claimId}`}>{r.patientControlNumber}</Link>
                  </td>
                  <td>{r.payerName}</td>
                  <td>{r.dateOfService}</td>
                  <td className="numeric">{dollars(r.totalChargeCents)}</td>
                  <td className="numeric">{r.ageDays}</td>
                  <td>
                    <ul className="edits">
                      {r.edits.map((e, i) => (
                        <li key={i}>
                          <strong>{e.editId}</strong>
                          {e.line !== null && ` (line ${e.line})`}: {e.message}
                        </li>
                      ))}
                    </ul>
                    {fixed[r.claimId] && (
                      <p className="notice" role="status">
                        Now {statusLabel(fixed[r.claimId] ?? '')}
                      </p>
                    )}
                  </td>
                  <td>
                    <Button
                      aria-expanded={open === r.claimId}
                      onPress={() => setOpen(open === r.claimId ? null : r.claimId)}
                    >
                      {open === r.claimId ? 'Close' : 'Correct'}
                      <span className="visually-hidden"> claim {r.patientControlNumber}</span>
                    </Button>
                  </td>
                </tr>
                {open === r.claimId && (
                  <tr className="inline-form">
                    <td colSpan={7}>
                      <ClaimCorrectionForm
                        claimId={r.claimId}
                        keepQueue
                        onDone={(res) => setFixed((f) => ({ ...f, [r.claimId]: res.status }))}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      ))}
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

function SortSelect(props: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <>
      <label htmlFor={props.id}>Order</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {SORTS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </>
  );
}

/** The biller's claim edit queue: scrubber rejections by category, each fixed inline. */
export function ClaimEditQueue() {
  const [category, setCategory] = useState('');
  const [sort, setSort] = useState('created-at');
  return (
    <>
      <h1>Claim edit queue</h1>
      <div className="filters">
        <label htmlFor="category">Edit category</label>
        <select id="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">All categories</option>
          {Object.entries(CATEGORY_LABELS)
            .filter(([value]) => value !== 'payer')
            .map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
        </select>
        <SortSelect id="edit-sort" value={sort} onChange={setSort} />
      </div>
      <EditQueueList caption="Claims waiting for a fix" params={{ category }} sort={sort} idPrefix="edits" />
    </>
  );
}

/**
 * Acknowledgment rejections: claims a payer's 999 or 277CA turned back (status payer_rejected), with
 * the payer's reasons; a correction re-scrubs them and they go out in the next batch.
 */
export function AcknowledgmentRejections() {
  const [sort, setSort] = useState('created-at');
  return (
    <>
      <h1>Acknowledgment rejections</h1>
      <div className="filters">
        <SortSelect id="rejection-sort" value={sort} onChange={setSort} />
      </div>
      <EditQueueList
        caption="Rejected by the payer's 277CA"
        params={{ editId: 'PAYER_277CA_REJECTED' }}
        sort={sort}
        idPrefix="r277"
      />
      <EditQueueList
        caption="Rejected by the payer's 999"
        params={{ editId: 'PAYER_999_REJECTED' }}
        sort={sort}
        idPrefix="r999"
      />
    </>
  );
}
