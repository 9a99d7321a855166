import { useState } from 'react';
import { dollars } from '../api/client';
import { PagedTable } from '../components/PagedTable';

interface EditQueueItem {
  claimId: string;
  patientControlNumber: string;
  payerName: string;
  dateOfService: string;
  totalChargeCents: number;
  ageDays: number;
  edits: Array<{ editId: string; category: string; severity: string; line: number | null; message: string }>;
}

/** libs/edit-engine EDIT_CATEGORIES, in the words a biller filters by. */
const CATEGORIES: Array<[string, string]> = [
  ['', 'All categories'],
  ['ncci-ptp', 'NCCI procedure pairs'],
  ['mue', 'Medically unlikely units'],
  ['add-on', 'Add-on codes'],
  ['icd-invalid', 'Invalid diagnosis'],
  ['icd-header', 'Non-billable diagnosis header'],
  ['dx-pointer', 'Diagnosis pointers'],
  ['modifier', 'Modifiers'],
  ['npi', 'Provider NPI'],
  ['required', 'Missing required data'],
  ['duplicate', 'Duplicates'],
  ['timely-filing', 'Timely filing'],
];

/** The biller's claim edit queue (GET /claims/edits): rejected claims, each edit with its fix-it message. */
export function ClaimEditQueue() {
  const [category, setCategory] = useState('');
  return (
    <>
      <h1>Claim edit queue</h1>
      <div className="filters">
        <label htmlFor="category">Edit category</label>
        <select id="category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {CATEGORIES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <PagedTable<EditQueueItem>
        caption="Claims the scrubber rejected"
        path="/claims/edits"
        params={{ category }}
        rowKey={(r) => r.claimId}
        columns={[
          { header: 'Claim', cell: (r) => r.patientControlNumber },
          { header: 'Payer', cell: (r) => r.payerName },
          { header: 'Date of service', cell: (r) => r.dateOfService },
          { header: 'Charges', cell: (r) => dollars(r.totalChargeCents), numeric: true },
          { header: 'Days in queue', cell: (r) => r.ageDays, numeric: true },
          {
            header: 'Edits and how to fix them',
            cell: (r) => (
              <ul className="edits">
                {r.edits.map((e, i) => (
                  <li key={i}>
                    <strong>{e.editId}</strong>
                    {e.line !== null && ` (line ${e.line})`}: {e.message}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

interface CodingWorkItem {
  id: string;
  payerId: string;
  dateOfService: string;
  status: string;
  createdAt: string;
  problems: Array<{ field: string; code: string; message: string }>;
}

/** The coder's queue (GET /coding/queue): encounters whose codes need a person. */
export function CodingQueue() {
  return (
    <>
      <h1>Coding queue</h1>
      <PagedTable<CodingWorkItem>
        caption="Encounters waiting for a coder"
        path="/coding/queue"
        params={{ status: 'open' }}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Date of service', cell: (r) => r.dateOfService },
          { header: 'Payer', cell: (r) => r.payerId },
          { header: 'Waiting since', cell: (r) => r.createdAt.slice(0, 10) },
          {
            header: 'What the coder must resolve',
            cell: (r) => (
              <ul className="edits">
                {r.problems.map((p, i) => (
                  <li key={i}>
                    <strong>{p.code}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

interface AdviceSummary {
  id: string;
  payerId: string;
  payerName: string | null;
  traceNumber: string;
  paidCents: number;
  paymentMethod: string;
  paymentDate: string;
  claimCount: number;
}

/** Finance: the remittance advices posted (GET /remittance/advices, remittance:read). */
export function Remittances() {
  return (
    <>
      <h1>Remittances</h1>
      <PagedTable<AdviceSummary>
        caption="Remittance advices posted, newest first"
        path="/remittance/advices"
        rowKey={(r) => r.id}
        columns={[
          { header: 'Payment date', cell: (r) => r.paymentDate },
          { header: 'Payer', cell: (r) => r.payerName ?? r.payerId },
          { header: 'Trace number', cell: (r) => r.traceNumber },
          { header: 'Method', cell: (r) => r.paymentMethod },
          { header: 'Claims', cell: (r) => r.claimCount, numeric: true },
          { header: 'Paid', cell: (r) => dollars(r.paidCents), numeric: true },
        ]}
      />
    </>
  );
}

interface AuditEntry {
  seq: number;
  occurredAt: string;
  actorId: string;
  actorRole: string;
  service: string;
  action: string;
  resourceType: string;
  outcome: string;
  operation: string | null;
}

/** Compliance: the audit log (GET /audit), sign-ins and failures included. */
export function AuditLog() {
  const [actorId, setActorId] = useState('');
  return (
    <>
      <h1>Audit log</h1>
      <div className="filters">
        <label htmlFor="actor">Actor</label>
        <input id="actor" value={actorId} onChange={(e) => setActorId(e.target.value.trim())} />
      </div>
      <PagedTable<AuditEntry>
        caption="Who did what, when"
        path="/audit"
        params={{ actorId }}
        rowKey={(r) => String(r.seq)}
        columns={[
          { header: 'When', cell: (r) => r.occurredAt.replace('T', ' ').slice(0, 19) },
          { header: 'Actor', cell: (r) => `${r.actorId} (${r.actorRole})` },
          { header: 'Service', cell: (r) => r.service },
          { header: 'Action', cell: (r) => `${r.action} ${r.resourceType}` },
          { header: 'Outcome', cell: (r) => r.outcome },
          { header: 'Operation', cell: (r) => r.operation ?? '' },
        ]}
      />
    </>
  );
}
