import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Page, api, dollars } from '../../api/client';
import { usePayerDirectory } from '../../api/payers';
import { Problem } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { statusLabel } from './types';
import '../work.css';

interface Batch {
  id: string;
  payerId: string;
  claimType: string;
  claimCount: number;
  totalChargeCents: number;
  interchangeControlNumber: string;
  status: string;
  groupControlNumber?: string;
  deliveryMethod?: string;
  fileBytes?: number;
  createdAt?: string;
  submittedAt?: string | null;
  nextDeliveryAt?: string | null;
}

interface BatchDetail extends Batch {
  claims: Array<{
    claimId: string;
    patientControlNumber: string;
    transactionSetControlNumber: string;
    status: string;
  }>;
  deliveryAttempts: Array<{
    attempt: number;
    method: string;
    startedAt: string;
    finishedAt: string;
    ok: boolean;
    detail: string | null;
  }>;
}

const BATCH_STATUSES = [
  'created',
  'submitted',
  'delivery_failed',
  'acknowledged',
  'partially_acknowledged',
  'rejected',
];

/** One batch: its claims, its delivery attempts and its 837 to download (GET /claims/batches/:id/837). */
function BatchPanel({ id }: { id: string }) {
  const batch = useQuery({
    queryKey: [`/claims/batches/${id}`],
    queryFn: () => api<BatchDetail>(`/claims/batches/${id}`),
  });
  if (batch.isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading the batch…
      </p>
    );
  if (batch.error) return <Problem error={batch.error} />;
  const b = batch.data;
  return (
    <section className="panel" aria-labelledby="batch-title">
      <h2 id="batch-title">Batch ISA13 {b.interchangeControlNumber}</h2>
      <p>
        {b.claimCount} {b.claimType} claims, {dollars(b.totalChargeCents)}, {b.status.replace('_', ' ')},
        delivery by {b.deliveryMethod}, {b.fileBytes?.toLocaleString('en-US')} bytes.{' '}
        <a href={`/claims/batches/${b.id}/837`} download>
          Download the 837 (ISA13 {b.interchangeControlNumber})
        </a>
      </p>
      <table className="queue">
        <caption>Claims in the batch</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">ST02</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {b.claims.map((c) => (
            <tr key={c.claimId}>
              <td>
                <a href={`/work/claims/${c.claimId}`}>{c.patientControlNumber}</a>
              </td>
              <td>{c.transactionSetControlNumber}</td>
              <td>{statusLabel(c.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="queue">
        <caption>Delivery attempts {b.deliveryAttempts.length === 0 && '— none yet'}</caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Method</th>
            <th scope="col">Started</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {b.deliveryAttempts.map((a) => (
            <tr key={a.attempt}>
              <td>{a.attempt}</td>
              <td>{a.method}</td>
              <td>{a.startedAt.replace('T', ' ').slice(0, 19)}</td>
              <td>
                {a.ok ? 'delivered' : 'failed'}
                {a.detail && `: ${a.detail}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Batches: create (POST /claims/batches) from every ready claim, list, open one, download its 837. */
export function Batches() {
  const client = useQueryClient();
  const [payerId, setPayerId] = useState('');
  const [claimType, setClaimType] = useState('');
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const directory = usePayerDirectory();
  const ready = useQuery({
    queryKey: ['/claims?status=ready&limit=1'],
    queryFn: () => api<Page<unknown>>('/claims?status=ready&limit=1'),
  });
  const create = useMutation({
    mutationFn: () =>
      api<Batch[]>('/claims/batches', {
        method: 'POST',
        body: { ...(payerId ? { payerId } : {}), ...(claimType ? { claimType } : {}) },
      }),
    onSuccess: (made) => {
      void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/claims') });
      if (made[0]) setOpen(made[0].id);
    },
  });
  const payerName = directory.label;
  return (
    <>
      <h1>Batches</h1>
      <form
        className="panel"
        aria-labelledby="create-batch-title"
        aria-busy={create.isPending}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 id="create-batch-title">Create batches</h2>
        <p>
          {ready.data ? `${ready.data.total} claims are ready to batch.` : 'Counting the ready claims…'} One
          837 is written per payer and claim type.
        </p>
        <div className="filters">
          <label htmlFor="batch-payer">Payer</label>
          <select id="batch-payer" value={payerId} onChange={(e) => setPayerId(e.target.value)}>
            <option value="">Every payer</option>
            {directory.payers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.payerId})
              </option>
            ))}
          </select>
          <label htmlFor="batch-type">Claim type</label>
          <select id="batch-type" value={claimType} onChange={(e) => setClaimType(e.target.value)}>
            <option value="">Both</option>
            <option value="professional">Professional (837P)</option>
            <option value="institutional">Institutional (837I)</option>
          </select>
          <Button type="submit" isDisabled={create.isPending}>
            {create.isPending ? 'Writing the 837…' : 'Create batches'}
          </Button>
        </div>
        <Problem error={create.error} />
        {create.data && (
          <p className="notice" role="status">
            {create.data.length === 0
              ? 'Nothing was ready: no batch created.'
              : `Created ${create.data.length} batch${create.data.length > 1 ? 'es' : ''}: ${create.data
                  .map(
                    (b) =>
                      `${b.claimCount} claims to ${payerName(b.payerId)} (ISA13 ${b.interchangeControlNumber})`,
                  )
                  .join('; ')}.`}
          </p>
        )}
      </form>
      <div className="filters">
        <label htmlFor="batch-status">Status</label>
        <select id="batch-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Every status</option>
          {BATCH_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <PagedTable<Batch>
        caption="Batches"
        path="/claims/batches"
        params={{ status }}
        defaultSort="-created-at"
        rowKey={(r) => r.id}
        columns={[
          {
            header: 'Created',
            sort: 'created-at',
            cell: (r) => r.createdAt?.replace('T', ' ').slice(0, 16) ?? '',
          },
          { header: 'Payer', cell: (r) => payerName(r.payerId) },
          { header: 'Type', cell: (r) => r.claimType },
          { header: 'ISA13', cell: (r) => r.interchangeControlNumber },
          { header: 'Claims', sort: 'claim-count', numeric: true, cell: (r) => r.claimCount },
          { header: 'Charges', sort: 'charge', numeric: true, cell: (r) => dollars(r.totalChargeCents) },
          { header: 'Status', sort: 'status', cell: (r) => r.status.replace('_', ' ') },
          {
            header: 'Details',
            cell: (r) => (
              <Button aria-expanded={open === r.id} onPress={() => setOpen(open === r.id ? null : r.id)}>
                {open === r.id ? 'Hide' : 'Open'}
                <span className="visually-hidden"> batch {r.interchangeControlNumber}</span>
              </Button>
            ),
          },
        ]}
      />
      {open && <BatchPanel id={open} />}
    </>
  );
}
