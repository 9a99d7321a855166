import { useState } from 'react';
import { Button } from 'react-aria-components';
import { api } from '../../api/client';
import { Problem } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { Filters, Input, Select } from '../finance/common';

interface AuditEntry {
  seq: number;
  occurredAt: string;
  actorId: string;
  actorRole: string;
  service: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: string;
  operation: string | null;
  sourceIp: string | null;
}

interface ChainReport {
  ok: boolean;
  entries: number;
  /** The chain is kept in segments appended side by side, each with its own head. */
  segments: Array<{ segment: number; headSeq: number }>;
  checkpoint: { entries: number; at: string } | null;
  segment?: number;
  brokenAt?: number;
  brokenEntryId?: string | null;
  reason?: string;
  missingTail?: { segment: number; checkpointSeq: number; lastPresentSeq: number | null };
}

/** libs/contracts AUDIT_ACTIONS and AUDIT_OUTCOMES. */
const ACTIONS = [
  'read',
  'create',
  'update',
  'delete',
  'finalize',
  'code',
  'export',
  'sign-in',
  'sign-out',
  'lockout',
];
const OUTCOMES = ['attempted', 'success', 'failure', 'refused'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
const dayAfter = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Compliance: the audit log (GET /audit) by patient, actor, action, outcome and day; the chain verified. */
export function AuditLog() {
  const [patientId, setPatientId] = useState('');
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [order, setOrder] = useState('desc');
  const patientOk = patientId === '' || UUID.test(patientId);
  const params = {
    patientId: patientOk ? patientId : '',
    actorId,
    action,
    outcome,
    // the API's `to` is exclusive: the whole of the last day asked for
    from: isDate(from) ? `${from}T00:00:00Z` : '',
    to: isDate(to) ? `${dayAfter(to)}T00:00:00Z` : '',
    order,
  };
  return (
    <>
      <h1>Audit log</h1>
      <VerifyChain />
      <Filters label="Audit log filters">
        <Input label="Patient id" value={patientId} onChange={(v) => setPatientId(v.trim())} size={38} />
        <Input label="Actor" value={actorId} onChange={(v) => setActorId(v.trim())} size={14} />
        <Select
          label="Action"
          value={action}
          onChange={setAction}
          options={[['', 'Any action'], ...ACTIONS.map((a): [string, string] => [a, a])]}
        />
        <Select
          label="Outcome"
          value={outcome}
          onChange={setOutcome}
          options={[['', 'Any outcome'], ...OUTCOMES.map((a): [string, string] => [a, a])]}
        />
        <Input label="From" type="date" value={from} onChange={setFrom} />
        <Input label="To" type="date" value={to} onChange={setTo} />
        <Select
          label="Order"
          value={order}
          onChange={setOrder}
          options={[
            ['desc', 'Newest first'],
            ['asc', 'Oldest first'],
          ]}
        />
      </Filters>
      {!patientOk && <p className="problem">A patient id is a UUID (as the patient record shows it).</p>}
      <PagedTable<AuditEntry>
        key={JSON.stringify(params)}
        caption="Who did what, when"
        path="/audit"
        params={params}
        rowKey={(r) => String(r.seq)}
        columns={[
          { header: 'Seq', cell: (r) => r.seq, numeric: true },
          { header: 'When', cell: (r) => r.occurredAt.replace('T', ' ').slice(0, 19) },
          { header: 'Actor', cell: (r) => `${r.actorId} (${r.actorRole})` },
          { header: 'Service', cell: (r) => r.service },
          { header: 'Action', cell: (r) => `${r.action} ${r.resourceType}` },
          {
            header: 'Patient',
            cell: (r) => (r.patientId ? <span title={r.patientId}>{r.patientId.slice(0, 8)}</span> : ''),
          },
          { header: 'Outcome', cell: (r) => r.outcome },
          { header: 'Operation', cell: (r) => r.operation ?? '' },
        ]}
      />
    </>
  );
}

/** GET /audit/verify: every link re-computed and the head held against the latest signed checkpoint. */
function VerifyChain() {
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await api<ChainReport>('/audit/verify'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="verify-h" aria-busy={busy}>
      <h2 id="verify-h">Integrity of the audit chain</h2>
      <div className="filters">
        <Button onPress={verify} isDisabled={busy}>
          {busy ? 'Verifying…' : 'Verify chain'}
        </Button>
        <span className="sub">
          Re-computes every entry's keyed hash and link, and checks the latest signed checkpoint.
        </span>
      </div>
      <Problem error={error} />
      {report && report.ok && (
        <p className="verified" role="status">
          Chain intact: {report.entries.toLocaleString('en-US')} entries verified in {report.segments.length}{' '}
          segment{report.segments.length === 1 ? '' : 's'}
          {report.checkpoint
            ? `, matching the checkpoint of ${report.checkpoint.entries.toLocaleString('en-US')} entries (${report.checkpoint.at.replace('T', ' ').slice(0, 19)})`
            : ', no checkpoint signed yet'}
          .
        </p>
      )}
      {report && !report.ok && (
        <div className="problem" role="alert">
          <p>
            <strong>Chain broken.</strong> {report.reason ?? 'An entry does not check.'}
          </p>
          <ul>
            {report.brokenAt !== undefined && (
              <li>
                First bad entry: segment {report.segment ?? '—'}, seq {report.brokenAt}
                {report.brokenEntryId ? ` (event ${report.brokenEntryId})` : ''}
              </li>
            )}
            {report.missingTail && (
              <li>
                Entries gone from segment {report.missingTail.segment}: the checkpoint saw seq{' '}
                {report.missingTail.checkpointSeq}, the segment ends at{' '}
                {report.missingTail.lastPresentSeq ?? 'nothing'}
              </li>
            )}
            <li>{report.entries.toLocaleString('en-US')} entries read before it stopped.</li>
          </ul>
        </div>
      )}
    </section>
  );
}
