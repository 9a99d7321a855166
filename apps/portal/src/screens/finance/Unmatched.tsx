import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { Filters, Select, words } from './common';

interface ReviewItem {
  id: string;
  adviceId: string;
  kind: string;
  patientControlNumber: string;
  payerClaimControlNumber: string | null;
  claimStatusCode: string;
  chargeCents: number;
  paidCents: number;
  reason: string;
  postingId: string | null;
  linePosition: number | null;
  payerId: string;
  payerName: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolvedClaimId: string | null;
  resolvedLineNumber: number | null;
}

const STATES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
] as const;

/** A CLP for no claim of ours / a reversal of nothing: assigned to a claim. A line: given our line number. */
const isLine = (kind: string) => kind.endsWith('_line');

/** Finance: the review queue (GET /remittance/unmatched), each item resolved by assigning it. */
export function Unmatched() {
  const [state, setState] = useState('open');
  return (
    <>
      <h1>Unmatched review</h1>
      <p>
        Payments the posting could not place without a guess: a claim number (CLP01) that is none of ours, a
        reversal of nothing posted, a service line matching no billed line or more than one. Assign each to
        the claim or line it belongs to; it posts then, once.
      </p>
      <Filters label="Review filters">
        <Select label="State" value={state} onChange={setState} options={STATES} />
      </Filters>
      <PagedTable<ReviewItem>
        key={state}
        caption="Remittance items waiting for a person"
        path="/remittance/unmatched"
        params={{ state }}
        defaultSort="created-at"
        rowKey={(r) => r.id}
        columns={[
          { header: 'Received', sort: 'created-at', cell: (r) => r.createdAt.slice(0, 10) },
          { header: 'Payer', sort: 'payer', cell: (r) => r.payerName ?? r.payerId },
          { header: 'Kind', cell: (r) => words(r.kind) },
          { header: 'Claim (CLP01)', cell: (r) => r.patientControlNumber },
          { header: 'CLP02', cell: (r) => r.claimStatusCode },
          { header: 'Charge', sort: 'charge', cell: (r) => dollars(r.chargeCents), numeric: true },
          { header: 'Paid', sort: 'paid', cell: (r) => dollars(r.paidCents), numeric: true },
          { header: 'Why', cell: (r) => r.reason },
          { header: 'Resolve', cell: (r) => <ResolveItem item={r} /> },
        ]}
      />
    </>
  );
}

function ResolveItem({ item }: { item: ReviewItem }) {
  const client = useQueryClient();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (item.resolvedAt)
    return (
      <span>
        Resolved {item.resolvedAt.slice(0, 10)} by {item.resolvedBy}
        {item.resolvedLineNumber !== null && ` (line ${item.resolvedLineNumber})`}
      </span>
    );
  const line = isLine(item.kind);
  const label = line
    ? `Our line number for ${item.patientControlNumber}`
    : `Our claim's patient control number for ${item.patientControlNumber}`;
  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      let body: { claimId: string } | { lineNumber: number };
      if (line) body = { lineNumber: Number(value) };
      else {
        const claim = await api<{ claimId: string }>(
          `/remittance/ledger/${encodeURIComponent(value.trim())}`,
        );
        body = { claimId: claim.claimId };
      }
      await api(`/remittance/unmatched/${item.id}/resolve`, { method: 'POST', body });
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/remittance') });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void resolve();
      }}
    >
      <input
        aria-label={label}
        placeholder={line ? 'line number' : 'patient control number'}
        inputMode={line ? 'numeric' : undefined}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        required
      />
      <Button type="submit" isDisabled={busy || value.trim() === ''}>
        Assign
      </Button>
      <Problem error={error} />
    </form>
  );
}
