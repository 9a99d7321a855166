import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { api, dollars, upload } from '../../api/client';
import { PagedTable } from '../../components/PagedTable';
import { Problem } from '../../components/Field';
import { Filters, Input, Select, UploadProgress, words } from './common';
import { usePayerDirectory } from '../../api/payers';

interface AdviceSummary {
  id: string;
  fileId: string;
  payerId: string;
  payerName: string | null;
  traceNumber: string;
  paidCents: number;
  paymentMethod: string;
  paymentDate: string;
  claimCount: number;
  plbCents: number;
  postedAt: string;
}

interface LocatedError {
  code: string;
  message: string;
  transactionSetControlNumber?: string;
  segment?: number;
  segmentId?: string;
  element?: string;
  claimId?: string;
}

/** POST /remittance/advices: 201 posted, or 200 already received. */
interface Intake {
  id: string;
  fileId?: string;
  duplicate: boolean;
  transactions?: number;
  claims?: number;
  matched?: number;
  unmatched?: number;
  paidCents?: number;
  claimPaidCents?: number;
  plbCents?: number;
  advices?: Array<{ id: string; traceNumber: string; paidCents: number; claims: number }>;
  duplicateTransactions?: unknown[];
  rejectedTransactions?: Array<{
    transactionSetControlNumber?: string;
    traceNumber?: string;
    errors: LocatedError[];
  }>;
  errors?: LocatedError[];
}

const where = (e: LocatedError) =>
  [
    e.transactionSetControlNumber && `set ${e.transactionSetControlNumber}`,
    e.segment && `segment ${e.segment}`,
    e.segmentId,
    e.element,
    e.claimId && `claim ${e.claimId}`,
  ]
    .filter(Boolean)
    .join(', ');

/** Finance: post an 835 (with upload progress) and see what it posted; the advices; one advice's claims. */
const SORTS = [
  ['newest', 'Newest posted first'],
  ['payment-date', 'Latest payment date first'],
  ['largest', 'Largest payment first'],
] as const;

export function Remittances() {
  const [selected, setSelected] = useState<string | null>(null);
  const [traceNumber, setTraceNumber] = useState('');
  const [payerId, setPayerId] = useState('');
  const [sort, setSort] = useState('newest');
  const traceOk = traceNumber === '' || /^[A-Za-z0-9-]{1,50}$/.test(traceNumber);
  const params = { traceNumber: traceOk ? traceNumber : '', payerId, sort };
  const directory = usePayerDirectory();
  return (
    <>
      <h1>Remittances</h1>
      <UploadAdvice onOpen={setSelected} />
      <h2>Advices posted</h2>
      <Filters label="Advice filters">
        <Input
          label="Trace number"
          value={traceNumber}
          onChange={(v) => setTraceNumber(v.trim())}
          size={18}
        />
        <Input label="Payer id" value={payerId} onChange={(v) => setPayerId(v.trim())} size={14} />
        <Select label="Sort" value={sort} onChange={setSort} options={SORTS} />
      </Filters>
      {!traceOk && <p className="problem">A trace number is letters, digits and dashes (TRN02).</p>}
      <PagedTable<AdviceSummary>
        key={JSON.stringify(params)}
        caption="Remittance advices posted"
        path="/remittance/advices"
        params={params}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Payment date', cell: (r) => r.paymentDate },
          {
            header: 'Payer',
            cell: (r) => (
              <>
                {r.payerName ?? directory.label(r.payerId)}
                <div className="sub">{r.payerId}</div>
              </>
            ),
          },
          { header: 'Trace number', cell: (r) => r.traceNumber },
          { header: 'Method', cell: (r) => r.paymentMethod },
          { header: 'Claims', cell: (r) => r.claimCount, numeric: true },
          { header: 'Paid', cell: (r) => dollars(r.paidCents), numeric: true },
          {
            header: 'Detail',
            cell: (r) => (
              <Button
                className="react-aria-Button link"
                onPress={() => setSelected(r.id)}
                aria-label={`Open advice ${r.traceNumber}`}
              >
                Open
              </Button>
            ),
          },
        ]}
      />
      {selected && <AdviceDetail id={selected} onClose={() => setSelected(null)} />}
    </>
  );
}

function UploadAdvice({ onOpen }: { onOpen: (id: string) => void }) {
  const inputId = useId();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<{ status: number; body: Intake } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const send = async () => {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const answer = await upload<Intake>('/remittance/advices', file, 'application/edi-x12', (sent, total) =>
        setProgress({ sent, total }),
      );
      setProgress(null);
      setResult(answer);
      await client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/remittance') });
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const r = result?.body;
  // a 422 (nothing postable) carries the refused sets with their located errors
  const refused = (error as { body?: Intake } | null)?.body?.rejectedTransactions;
  return (
    <section className="panel" aria-labelledby={`${inputId}-h`}>
      <h2 id={`${inputId}-h`}>Post an 835</h2>
      <div className="filters">
        <label htmlFor={inputId}>835 file</label>
        <input
          id={inputId}
          type="file"
          accept=".835,.txt,.edi,.x12,text/plain"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
            setError(null);
          }}
        />
        <Button isDisabled={!file || progress !== null} onPress={send}>
          Upload and post
        </Button>
      </div>
      {progress && <UploadProgress label="835 upload" sent={progress.sent} total={progress.total} />}
      <Problem error={error} />
      {refused && refused.length > 0 && <Rejected sets={refused} />}
      {r && r.duplicate && (
        <p className="notice" role="status">
          Already received: this remittance was posted before, nothing was posted again.{' '}
          <Button className="react-aria-Button link" onPress={() => onOpen(r.id)}>
            Open the advice it posted
          </Button>
        </p>
      )}
      {r && !r.duplicate && (
        <div role="status" className="posting-result">
          <p className="notice">
            Posted {r.advices?.length ?? 0} of {r.transactions} transaction sets: {r.matched} claims posted
            {r.unmatched ? (
              <>
                , <Link to="/finance/unmatched">{r.unmatched} sent to review</Link>
              </>
            ) : null}
            .
          </p>
          <dl className="facts">
            <div>
              <dt>Money sent (BPR02)</dt>
              <dd>{dollars(r.paidCents ?? 0)}</dd>
            </div>
            <div>
              <dt>Paid to claims (CLP04)</dt>
              <dd>{dollars(r.claimPaidCents ?? 0)}</dd>
            </div>
            <div>
              <dt>Provider adjustments (PLB)</dt>
              <dd>{dollars(r.plbCents ?? 0)}</dd>
            </div>
            <div>
              <dt>Claims in the file</dt>
              <dd>{r.claims}</dd>
            </div>
          </dl>
          <table className="queue">
            <caption>Advices this file posted</caption>
            <thead>
              <tr>
                <th scope="col">Trace number</th>
                <th scope="col" className="numeric">
                  Claims
                </th>
                <th scope="col" className="numeric">
                  Paid
                </th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {r.advices?.map((a) => (
                <tr key={a.id}>
                  <td>{a.traceNumber}</td>
                  <td className="numeric">{a.claims}</td>
                  <td className="numeric">{dollars(a.paidCents)}</td>
                  <td>
                    <Button
                      className="react-aria-Button link"
                      onPress={() => onOpen(a.id)}
                      aria-label={`Open posted advice ${a.traceNumber}`}
                    >
                      Open
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.rejectedTransactions && r.rejectedTransactions.length > 0 && (
            <Rejected sets={r.rejectedTransactions} />
          )}
        </div>
      )}
    </section>
  );
}

function Rejected({ sets }: { sets: NonNullable<Intake['rejectedTransactions']> }) {
  return (
    <div className="problem">
      <p>Refused transaction sets (nothing of them posted):</p>
      <ul>
        {sets.map((s, i) => (
          <li key={i}>
            {s.transactionSetControlNumber ? `Set ${s.transactionSetControlNumber}` : 'A set'}
            {s.traceNumber && ` (trace ${s.traceNumber})`}:
            <ul>
              {s.errors.map((e, j) => (
                <li key={j}>
                  <strong>{e.code}</strong> {where(e) && `(${where(e)})`}: {e.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface AdviceDetailBody extends AdviceSummary {
  claimsTotal: number;
  claims: Array<{
    postingId: string;
    claimId: string;
    patientControlNumber: string;
    claimStatusCode: string;
    chargeCents: number;
    paidCents: number;
    adjustmentCents: number;
    patientResponsibilityCents: number;
    outcome: string;
  }>;
  reviewTotal: number;
  review: Array<{
    id: string;
    kind: string;
    patientControlNumber: string;
    reason: string;
    paidCents: number;
    resolvedAt: string | null;
  }>;
  providerAdjustments: Array<{
    providerId: string;
    fiscalPeriodDate: string;
    reasonCode?: string;
    reference: string | null;
    amountCents: number;
  }>;
}

const PAGE = 25;

/** GET /remittance/advices/:id, its claims and review items a page at a time. */
function AdviceDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const url = `/remittance/advices/${id}?limit=${PAGE}&offset=${offset}`;
  const q = useQuery({
    queryKey: [url],
    queryFn: () => api<AdviceDetailBody>(url),
    placeholderData: keepPreviousData,
  });
  const a = q.data;
  const directory = usePayerDirectory();
  const pages = Math.max(a?.claimsTotal ?? 0, a?.reviewTotal ?? 0);
  // Opening an advice moves the focus (and the view) to it, for keyboard and screen-reader users.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = a?.id;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  return (
    <section className="panel" aria-label="Advice detail" aria-busy={q.isFetching}>
      <Problem error={q.error} />
      {a && (
        <>
          <h2 ref={heading} tabIndex={-1}>
            Advice {a.traceNumber} — {a.payerName ?? directory.label(a.payerId)}
          </h2>
          <dl className="facts">
            <div>
              <dt>Paid (BPR02)</dt>
              <dd>{dollars(a.paidCents)}</dd>
            </div>
            <div>
              <dt>Method</dt>
              <dd>{a.paymentMethod}</dd>
            </div>
            <div>
              <dt>Payment date</dt>
              <dd>{a.paymentDate}</dd>
            </div>
            <div>
              <dt>Claims</dt>
              <dd>{a.claimsTotal}</dd>
            </div>
            <div>
              <dt>In review</dt>
              <dd>{a.reviewTotal}</dd>
            </div>
          </dl>
          <table className="queue">
            <caption>
              Claims paid or denied in this advice{' '}
              <span className="count">
                —{' '}
                {a.claimsTotal === 0
                  ? 'none'
                  : `${offset + 1}–${Math.min(offset + a.claims.length, a.claimsTotal)} of ${a.claimsTotal}`}
              </span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Outcome</th>
                <th scope="col">CLP02</th>
                <th scope="col" className="numeric">
                  Charge
                </th>
                <th scope="col" className="numeric">
                  Paid
                </th>
                <th scope="col" className="numeric">
                  Adjusted
                </th>
                <th scope="col" className="numeric">
                  Patient owes
                </th>
              </tr>
            </thead>
            <tbody>
              {a.claims.map((c) => (
                <tr key={c.postingId}>
                  <td>{c.patientControlNumber}</td>
                  <td>
                    <span className={`badge ${c.outcome}`}>{words(c.outcome)}</span>
                  </td>
                  <td>{c.claimStatusCode}</td>
                  <td className="numeric">{dollars(c.chargeCents)}</td>
                  <td className="numeric">{dollars(c.paidCents)}</td>
                  <td className="numeric">{dollars(c.adjustmentCents)}</td>
                  <td className="numeric">{dollars(c.patientResponsibilityCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {a.reviewTotal > 0 && (
            <table className="queue">
              <caption>Sent to review (work them in Unmatched review)</caption>
              <thead>
                <tr>
                  <th scope="col">Claim (CLP01)</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Why</th>
                  <th scope="col" className="numeric">
                    Paid
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.review.map((v) => (
                  <tr key={v.id}>
                    <td>{v.patientControlNumber}</td>
                    <td>{words(v.kind)}</td>
                    <td>{v.reason}</td>
                    <td className="numeric">{dollars(v.paidCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {a.providerAdjustments.length > 0 && (
            <table className="queue">
              <caption>Provider adjustments (PLB)</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Reference</th>
                  <th scope="col" className="numeric">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.providerAdjustments.map((p, i) => (
                  <tr key={i}>
                    <td>{p.reasonCode ?? ''}</td>
                    <td>{p.reference ?? ''}</td>
                    <td className="numeric">{dollars(p.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <nav className="pager" aria-label="Advice detail pages">
            <Button isDisabled={offset === 0} onPress={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </Button>
            <Button isDisabled={offset + PAGE >= pages} onPress={() => setOffset(offset + PAGE)}>
              Next page
            </Button>
            <Button onPress={onClose}>Close advice</Button>
          </nav>
        </>
      )}
    </section>
  );
}
