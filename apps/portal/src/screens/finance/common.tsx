import { useQuery } from '@tanstack/react-query';
import { ReactNode, useId } from 'react';
import { api } from '../../api/client';
import { usePayerDirectory } from '../../api/payers';

/** A fraction 0–1 as a percentage with one decimal, or a dash when there is nothing to divide. */
export const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/** YYYY-MM-DD of today plus `days` (UTC, as the API counts days). */
export const isoDay = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The words for the API's snake_case codes (next actions, categories, review kinds). */
export const words = (code: string) => code.replace(/_/g, ' ');

/** A labelled native select (keyboard and screen readers as the platform has them). */
export function Select(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: ReadonlyArray<readonly [string, string]>;
}) {
  const id = useId();
  return (
    <span className="filter">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** A labelled native input (text, date, number). */
export function Input(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'date' | 'number';
  placeholder?: string;
  size?: number;
  min?: number;
}) {
  const id = useId();
  return (
    <span className="filter">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        size={props.size}
        min={props.min}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </span>
  );
}

export function Filters({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="filters" role="group" aria-label={label}>
      {children}
    </div>
  );
}

/**
 * The payers finance filters by: those with receivables (GET /remittance/ar-aging), named from the
 * payer directory (payer:read), by their short id where it lacks one.
 */
export function usePayerOptions(): Array<[string, string]> {
  const directory = usePayerDirectory();
  const aging = useQuery({
    queryKey: ['/remittance/ar-aging', 'payers'],
    queryFn: () => api<{ payers: Array<{ payerId: string }> }>('/remittance/ar-aging'),
  });
  return [
    ['', 'All payers'],
    ...(aging.data?.payers ?? []).map((p): [string, string] => [p.payerId, directory.label(p.payerId)]),
  ];
}

/** A progress bar for an upload: bytes sent, then the server's posting. */
export function UploadProgress({ sent, total, label }: { sent: number; total: number; label: string }) {
  const done = total > 0 && sent >= total;
  return (
    <div className="upload-progress">
      <progress aria-label={label} max={Math.max(total, 1)} value={sent} />
      <span aria-live="polite">
        {done
          ? 'Sent; the server is posting it…'
          : `${Math.round(sent / 1024).toLocaleString('en-US')} of ${Math.round(total / 1024).toLocaleString('en-US')} KB sent`}
      </span>
    </div>
  );
}
