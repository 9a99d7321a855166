import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { usePayerDirectory } from '../../api/payers';
import { Filters, Input, Select, usePayerOptions, words } from './common';

interface Code {
  code: string;
  description: string;
  known: boolean;
}

interface Denial {
  id: string;
  level: 'claim' | 'line';
  patientControlNumber: string;
  payerId: string;
  paymentDate: string;
  ageDays: number;
  lineNumber: number | null;
  procedureCode: string | null;
  chargeCents: number;
  deniedCents: number;
  carc: Code;
  group: Code;
  rarcs: Code[];
  category: string;
  nextAction: string;
  status: 'open' | 'resolved';
  resolution: { action: string; note: string | null; by: string; at: string } | null;
}

/** libs/remittance denial-categories NEXT_ACTIONS. */
const ACTIONS = [
  ['correct_and_resubmit', 'Correct and resubmit'],
  ['appeal', 'Appeal'],
  ['bill_patient', 'Bill the patient'],
  ['write_off', 'Write off'],
] as const;
const actionWords = (a: string) => ACTIONS.find(([v]) => v === a)?.[1] ?? words(a);

const STATES = [
  ['open', 'Open'],
  ['resolved', 'Resolved'],
  ['all', 'All'],
] as const;
const SORTS = [
  ['oldest', 'Oldest payment first'],
  ['newest', 'Newest payment first'],
  ['largest', 'Largest denied amount first'],
] as const;

/** Finance: the denials work queue (GET /remittance/denials), CARC/RARC in words, each worked inline. */
export function Denials() {
  const [carc, setCarc] = useState('');
  const [payerId, setPayerId] = useState('');
  const [minAgeDays, setMinAgeDays] = useState('');
  const [state, setState] = useState('open');
  const [sort, setSort] = useState('oldest');
  const payers = usePayerOptions();
  const directory = usePayerDirectory();
  const carcOk = carc === '' || /^[A-Z]?\d{1,4}$/i.test(carc);
  const ageOk = minAgeDays === '' || /^\d{1,5}$/.test(minAgeDays);
  const params = {
    carc: carcOk ? carc.toUpperCase() : '',
    payerId,
    minAgeDays: ageOk ? minAgeDays : '',
    state,
    sort,
  };
  return (
    <>
      <h1>Denials</h1>
      <Filters label="Denial filters">
        <Input label="CARC" value={carc} onChange={(v) => setCarc(v.trim())} placeholder="e.g. 16" size={6} />
        <Select label="Payer" value={payerId} onChange={setPayerId} options={payers} />
        <Input
          label="At least days old"
          type="number"
          min={0}
          value={minAgeDays}
          onChange={setMinAgeDays}
          size={5}
        />
        <Select label="State" value={state} onChange={setState} options={STATES} />
        <Select label="Sort" value={sort} onChange={setSort} options={SORTS} />
      </Filters>
      {!carcOk && <p className="problem">A CARC is a code such as 16, 50 or B7.</p>}
      {!ageOk && <p className="problem">Age is a whole number of days.</p>}
      <PagedTable<Denial>
        key={JSON.stringify(params)}
        caption="Denied claims and lines"
        path="/remittance/denials"
        params={params}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Paid on', cell: (r) => r.paymentDate },
          { header: 'Age (days)', cell: (r) => r.ageDays, numeric: true },
          {
            header: 'Claim',
            cell: (r) => (
              <>
                {r.patientControlNumber}
                <div className="sub">
                  {r.level === 'claim'
                    ? 'whole claim'
                    : `line ${r.lineNumber ?? '?'} ${r.procedureCode ?? ''}`}
                </div>
              </>
            ),
          },
          { header: 'Payer', cell: (r) => <span title={r.payerId}>{directory.label(r.payerId)}</span> },
          { header: 'Denied', cell: (r) => dollars(r.deniedCents), numeric: true },
          {
            header: 'Reason (CARC / RARC)',
            cell: (r) => (
              <ul className="codes">
                <li>
                  <strong>
                    {r.group.code}-{r.carc.code}
                  </strong>{' '}
                  {r.carc.description}
                  <div className="sub">{r.group.description}</div>
                </li>
                {r.rarcs.map((x) => (
                  <li key={x.code}>
                    <strong>{x.code}</strong> {x.description}
                  </li>
                ))}
              </ul>
            ),
          },
          { header: 'Category', cell: (r) => words(r.category) },
          { header: 'Work it', cell: (r) => <WorkDenial denial={r} /> },
        ]}
      />
    </>
  );
}

function WorkDenial({ denial }: { denial: Denial }) {
  const client = useQueryClient();
  const [action, setAction] = useState(denial.nextAction);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (denial.resolution)
    return (
      <span className="resolved">
        {actionWords(denial.resolution.action)} — {denial.resolution.by}, {denial.resolution.at.slice(0, 10)}
        {denial.resolution.note && <div className="sub">{denial.resolution.note}</div>}
      </span>
    );
  const who = `${denial.patientControlNumber}${denial.level === 'line' ? ` line ${denial.lineNumber ?? ''}` : ''}`;
  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/remittance/denials/${denial.id}/resolve`, {
        method: 'POST',
        body: note.trim() ? { action, note: note.trim() } : { action },
      });
      await client.invalidateQueries({
        predicate: (q) => String(q.queryKey[0]).startsWith('/remittance/denials'),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-form stacked"
      onSubmit={(e) => {
        e.preventDefault();
        void resolve();
      }}
    >
      <select aria-label={`Action for ${who}`} value={action} onChange={(e) => setAction(e.target.value)}>
        {ACTIONS.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
            {v === denial.nextAction ? ' (suggested)' : ''}
          </option>
        ))}
      </select>
      <input
        aria-label={`Note for ${who}`}
        placeholder="note (optional)"
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button type="submit" isDisabled={busy} aria-label={`Resolve ${who}`}>
        Resolve
      </Button>
      <Problem error={error} />
    </form>
  );
}
