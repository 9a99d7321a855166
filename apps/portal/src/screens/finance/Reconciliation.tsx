import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, dollars, upload } from '../../api/client';
import { Problem } from '../../components/Field';
import { Filters, Input, UploadProgress, isoDay } from './common';
import { usePayerDirectory } from '../../api/payers';

interface DepositSide {
  id: string;
  depositDate: string;
  amountCents: number;
  traceNumber: string | null;
  originator: string | null;
}
interface RemittanceSide {
  id: string;
  payerId: string;
  payerName: string | null;
  traceNumber: string;
  paidCents: number;
  paymentMethod: string;
  paymentDate: string;
}
interface Reconciled {
  traceNumber: string;
  originator: string | null;
  deposits: DepositSide[];
  remittances: RemittanceSide[];
  depositCents: number;
  remittanceCents: number;
  differenceCents: number;
}
interface Reconciliation {
  matched: Reconciled[];
  amountMismatch: Reconciled[];
  remittanceWithoutDeposit: RemittanceSide[];
  depositWithoutRemittance: DepositSide[];
  totals: {
    depositCents: number;
    remittanceCents: number;
    matched: { count: number; cents: number };
    amountMismatch: { count: number; depositCents: number; remittanceCents: number; differenceCents: number };
    remittanceWithoutDeposit: { count: number; cents: number };
    depositWithoutRemittance: { count: number; cents: number };
  };
}
interface BankIntake {
  id: string;
  duplicate: boolean;
  format: string;
  deposits: number;
  totalCents: number;
  alreadyReported: number;
  matched: number;
  unmatched: number;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * Finance: bank deposits against remittances (POST /remittance/deposits, GET /remittance/reconciliation).
 * The default window reaches 30 days ahead: an 835's EFT is often dated after it arrives.
 */
export function Reconciliation() {
  const [from, setFrom] = useState(isoDay(-90));
  const [to, setTo] = useState(isoDay(30));
  const ok = isDate(from) && isDate(to);
  const url = `/remittance/reconciliation?from=${from}&to=${to}`;
  const q = useQuery({ queryKey: [url], queryFn: () => api<Reconciliation>(url), enabled: ok });
  const r = q.data;
  const directory = usePayerDirectory();
  return (
    <>
      <h1>Deposit reconciliation</h1>
      <UploadBankFile />
      <h2>Deposits against remittances</h2>
      <Filters label="Reconciliation period">
        <Input label="From" type="date" value={from} onChange={setFrom} />
        <Input label="To" type="date" value={to} onChange={setTo} />
      </Filters>
      <Problem error={q.error} />
      <section aria-busy={q.isFetching}>
        {r && (
          <>
            <dl className="facts">
              <div>
                <dt>Deposited</dt>
                <dd>{dollars(r.totals.depositCents)}</dd>
              </div>
              <div>
                <dt>Remitted</dt>
                <dd>{dollars(r.totals.remittanceCents)}</dd>
              </div>
              <div>
                <dt>Matched</dt>
                <dd>
                  {r.totals.matched.count} · {dollars(r.totals.matched.cents)}
                </dd>
              </div>
              <div>
                <dt>Amount mismatches</dt>
                <dd>
                  {r.totals.amountMismatch.count} · {dollars(r.totals.amountMismatch.differenceCents)}
                </dd>
              </div>
              <div>
                <dt>Remittances without a deposit</dt>
                <dd>
                  {r.totals.remittanceWithoutDeposit.count} ·{' '}
                  {dollars(r.totals.remittanceWithoutDeposit.cents)}
                </dd>
              </div>
              <div>
                <dt>Deposits without a remittance</dt>
                <dd>
                  {r.totals.depositWithoutRemittance.count} ·{' '}
                  {dollars(r.totals.depositWithoutRemittance.cents)}
                </dd>
              </div>
            </dl>
            <PairTable caption="Amount mismatches (deposit − remittance)" rows={r.amountMismatch} />
            <SideTable
              caption="Remittances no deposit has yet"
              rows={r.remittanceWithoutDeposit.map((x) => [
                x.paymentDate,
                x.payerName ?? directory.label(x.payerId),
                x.traceNumber,
                x.paymentMethod,
                x.paidCents,
              ])}
            />
            <SideTable
              caption="Deposits no remittance explains"
              rows={r.depositWithoutRemittance.map((x) => [
                x.depositDate,
                x.originator ?? '',
                x.traceNumber ?? '(no trace)',
                'deposit',
                x.amountCents,
              ])}
            />
            <PairTable caption="Matched" rows={r.matched} />
          </>
        )}
      </section>
    </>
  );
}

function PairTable({ caption, rows }: { caption: string; rows: Reconciled[] }) {
  const directory = usePayerDirectory();
  return (
    <table className="queue">
      <caption>
        {caption} <span className="count">— {rows.length === 0 ? 'none' : rows.length}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Trace number</th>
          <th scope="col">Deposit dates</th>
          <th scope="col">Payers</th>
          <th scope="col" className="numeric">
            Deposited
          </th>
          <th scope="col" className="numeric">
            Remitted
          </th>
          <th scope="col" className="numeric">
            Difference
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={`${p.traceNumber}/${p.originator ?? ''}`}>
            <td>{p.traceNumber}</td>
            <td>{p.deposits.map((d) => d.depositDate).join(', ')}</td>
            <td>
              {[...new Set(p.remittances.map((x) => x.payerName ?? directory.label(x.payerId)))].join(', ')}
            </td>
            <td className="numeric">{dollars(p.depositCents)}</td>
            <td className="numeric">{dollars(p.remittanceCents)}</td>
            <td className="numeric">{dollars(p.differenceCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SideTable({
  caption,
  rows,
}: {
  caption: string;
  rows: Array<[string, string, string, string, number]>;
}) {
  return (
    <table className="queue">
      <caption>
        {caption} <span className="count">— {rows.length === 0 ? 'none' : rows.length}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">From</th>
          <th scope="col">Trace number</th>
          <th scope="col">Method</th>
          <th scope="col" className="numeric">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r[0]}</td>
            <td>{r[1]}</td>
            <td>{r[2]}</td>
            <td>{r[3]}</td>
            <td className="numeric">{dollars(r[4])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UploadBankFile() {
  const inputId = useId();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [result, setResult] = useState<BankIntake | null>(null);
  const [error, setError] = useState<unknown>(null);
  const send = async () => {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'text/plain';
      const answer = await upload<BankIntake>('/remittance/deposits', file, type, (sent, total) =>
        setProgress({ sent, total }),
      );
      setProgress(null);
      setResult(answer.body);
      await client.invalidateQueries({
        predicate: (q) => String(q.queryKey[0]).startsWith('/remittance/reconciliation'),
      });
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <section className="panel" aria-labelledby={`${inputId}-h`}>
      <h2 id={`${inputId}-h`}>Take in a bank file</h2>
      <div className="filters">
        <label htmlFor={inputId}>BAI2 or CSV bank file</label>
        <input
          id={inputId}
          type="file"
          accept=".bai,.bai2,.txt,.csv,text/plain,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <Button isDisabled={!file || progress !== null} onPress={send}>
          Upload deposits
        </Button>
      </div>
      {progress && <UploadProgress label="Bank file upload" sent={progress.sent} total={progress.total} />}
      <Problem error={error} />
      {result && (
        <p className="notice" role="status">
          {result.duplicate
            ? 'This bank file was taken in before: nothing stored again.'
            : `${result.format.toUpperCase()}: ${result.deposits} deposits, ${dollars(result.totalCents)}; ${result.matched} matched to a remittance, ${result.unmatched} not yet${result.alreadyReported ? `, ${result.alreadyReported} already reported by another file` : ''}.`}
        </p>
      )}
    </section>
  );
}
