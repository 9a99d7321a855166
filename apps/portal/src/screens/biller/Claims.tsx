import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { dollars } from '../../api/client';
import { VirtualTable } from '../../components/VirtualTable';
import { Claim, STATUS_LABELS, statusLabel } from './types';
import '../work.css';

/**
 * Every claim (GET /claims), newest first, in one virtualized list of any length; filter by status;
 * sort by a column header (the server sorts: `?sort=`).
 */
export function Claims() {
  const [status, setStatus] = useState('');
  const navigate = useNavigate();
  return (
    <>
      <h1>Claims</h1>
      <div className="filters">
        <label htmlFor="claim-status">Status</label>
        <select id="claim-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Every status</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <VirtualTable<Claim>
        caption="Claims"
        path="/claims"
        params={{ status }}
        defaultSort="-created-at"
        rowKey={(r) => r.id}
        onOpen={(r) => navigate(`/work/claims/${r.id}`)}
        columns={[
          {
            header: 'Claim',
            sort: 'patient-control-number',
            width: '12rem',
            cell: (r) => (
              <Link to={`/work/claims/${r.id}`} tabIndex={-1}>
                {r.patientControlNumber}
              </Link>
            ),
          },
          { header: 'Status', sort: 'status', width: '12rem', cell: (r) => statusLabel(r.status) },
          { header: 'Date of service', sort: 'date-of-service', width: '9rem', cell: (r) => r.dateOfService },
          { header: 'Type', width: '8rem', cell: (r) => r.claimType },
          { header: 'Lines', width: '5rem', numeric: true, cell: (r) => r.serviceLines.length },
          {
            header: 'Charges',
            sort: 'charge',
            width: '9rem',
            numeric: true,
            cell: (r) => dollars(r.totalChargeCents),
          },
          { header: 'Created', sort: 'created-at', cell: (r) => r.createdAt.slice(0, 10) },
        ]}
      />
    </>
  );
}
