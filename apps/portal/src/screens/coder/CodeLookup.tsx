import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../../api/client';
import { Problem } from '../../components/Field';

export type CodeSystem = 'icd10cm' | 'cpt' | 'hcpcs';

export interface CodeEntry {
  system: CodeSystem;
  code: string;
  description: string | null;
  billable: boolean | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

const SYSTEMS: Array<[CodeSystem, string]> = [
  ['icd10cm', 'ICD-10-CM diagnoses'],
  ['cpt', 'CPT (code numbers only)'],
  ['hcpcs', 'HCPCS Level II'],
];

/** Debounced: the server is asked once the person stops typing for a moment (60 ms: the answer stays within the 200 ms budget on a loaded VM). */
function useDebounced<T>(value: T, ms = 60): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Code look-up in the packaged code sets (GET /coding/codes): by code prefix or description words,
 * paged by the server, each code with its description, billable flag and effective dates. `onUse`
 * hands the chosen code to the form that asked (a diagnosis or a service line).
 */
export function CodeLookup(props: {
  system: CodeSystem;
  query: string;
  onSystem: (s: CodeSystem) => void;
  onQuery: (q: string) => void;
  onUse?: (entry: CodeEntry) => void;
  useLabel?: string;
  id?: string;
}) {
  const limit = 10;
  const [offset, setOffset] = useState(0);
  const q = useDebounced(props.query.trim());
  useEffect(() => setOffset(0), [q, props.system]);
  const search = new URLSearchParams({ system: props.system, limit: String(limit), offset: String(offset) });
  if (q) search.set('q', q);
  const url = `/coding/codes?${search}`;
  const result = useQuery({
    queryKey: [url],
    queryFn: () => api<{ total: number; items: CodeEntry[]; release: string }>(url),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const total = result.data?.total ?? 0;
  const id = props.id ?? 'code-lookup';
  return (
    <section className="code-lookup" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Code look-up</h2>
      <div className="filters">
        <label htmlFor={`${id}-system`}>Code set</label>
        <select
          id={`${id}-system`}
          value={props.system}
          onChange={(e) => props.onSystem(e.target.value as CodeSystem)}
        >
          {SYSTEMS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-q`}>Code or words</label>
        <input
          id={`${id}-q`}
          type="search"
          value={props.query}
          placeholder="E11.6, hypertension…"
          onChange={(e) => props.onQuery(e.target.value)}
        />
      </div>
      <Problem error={result.error} />
      {/* Busy from the keystroke: the debounce's wait is part of the answer the person waits for. */}
      <table className="queue codes" aria-busy={result.isFetching || q !== props.query.trim()}>
        <caption>
          {result.data?.release ?? 'Codes'}{' '}
          <span className="count" aria-live="polite">
            {result.isPending
              ? 'loading…'
              : total === 0
                ? '— no code matches'
                : `— ${offset + 1}–${Math.min(offset + limit, total)} of ${total}`}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Description</th>
            <th scope="col">Billable</th>
            <th scope="col">Effective</th>
            {props.onUse && (
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {(result.data?.items ?? []).map((c) => (
            <tr key={c.code}>
              <td>
                <code>{c.code}</code>
              </td>
              <td>{c.description ?? <em>no descriptor packaged (CPT is the AMA's)</em>}</td>
              <td>{c.billable === null ? 'unknown' : c.billable ? 'yes' : 'no (header)'}</td>
              <td className="nowrap">
                {c.effectiveFrom ?? '…'} – {c.effectiveTo ?? 'open'}
              </td>
              {props.onUse && (
                <td>
                  <Button
                    className="react-aria-Button small-button"
                    isDisabled={c.billable === false}
                    aria-label={`${props.useLabel ?? 'Use'} ${c.code}`}
                    onPress={() => props.onUse?.(c)}
                  >
                    {props.useLabel ?? 'Use'}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Code look-up pages">
        <Button isDisabled={offset === 0} onPress={() => setOffset(Math.max(0, offset - limit))}>
          Previous codes
        </Button>
        <Button isDisabled={offset + limit >= total} onPress={() => setOffset(offset + limit)}>
          Next codes
        </Button>
      </nav>
    </section>
  );
}
