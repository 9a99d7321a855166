import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Link } from 'react-router';
import { VirtualTable } from '../../components/VirtualTable';
import '../work.css';

export interface CodingProblem {
  field: string;
  code: string;
  problem: string;
  message: string;
}

export interface CodingWorkItem {
  id: string;
  encounterId: string;
  patientId: string;
  payerId: string;
  dateOfService: string;
  status: 'open' | 'completed';
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  problems: CodingProblem[];
  encounter: {
    placeOfService: string;
    patient: { firstName: string; lastName: string; dateOfBirth: string; mrn: string };
    coverage?: { payer?: { name?: string } };
    diagnoses: Array<{ code: string; sequence: number }>;
    procedures: Array<{
      code: string;
      modifiers: string[];
      units: number;
      chargeCents: number;
      diagnosisSequences: number[];
    }>;
  };
}

/**
 * The coder's queue (GET /coding/queue): every open item in one virtualized list, fetched 100 at a
 * time by the server, sorted by the server; Enter or a click opens the work item.
 */
export function CodingQueue() {
  const [status, setStatus] = useState<'open' | 'completed'>('open');
  const navigate = useNavigate();
  return (
    <>
      <h1>Coding queue</h1>
      <div className="filters">
        <label htmlFor="coding-status">Status</label>
        <select
          id="coding-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as 'open' | 'completed')}
        >
          <option value="open">Waiting for a coder</option>
          <option value="completed">Completed</option>
        </select>
      </div>
      <VirtualTable<CodingWorkItem>
        caption="Encounters waiting for a coder"
        path="/coding/queue"
        params={{ status }}
        defaultSort="created-at"
        rowKey={(r) => r.id}
        onOpen={(r) => navigate(`/work/coding/${r.id}`)}
        columns={[
          {
            header: 'Date of service',
            sort: 'date-of-service',
            width: '10rem',
            cell: (r) => (
              <Link to={`/work/coding/${r.id}`} tabIndex={-1}>
                {r.dateOfService}
              </Link>
            ),
          },
          {
            header: 'Patient',
            width: '12rem',
            cell: (r) =>
              r.encounter.patient ? `${r.encounter.patient.lastName}, ${r.encounter.patient.firstName}` : '',
          },
          { header: 'Payer', width: '13rem', cell: (r) => r.encounter.coverage?.payer?.name ?? r.payerId },
          {
            header: 'Waiting since',
            sort: 'created-at',
            width: '9rem',
            cell: (r) => r.createdAt.slice(0, 10),
          },
          {
            header: 'What the coder must resolve',
            cell: (r) => r.problems.map((p) => p.message).join(' · '),
          },
        ]}
      />
    </>
  );
}
