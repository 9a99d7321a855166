import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { dotted } from '../coder/CodingWorkItem';
import { ClaimCorrectionForm } from './ClaimCorrectionForm';
import { Claim, QueueEdit, categoryLabel, statusLabel } from './types';
import '../work.css';

interface History {
  status: string;
  changes: Array<{
    from: string | null;
    to: string;
    at: string;
    by: string;
    source: string | null;
    reason: string | null;
  }>;
}

const CORRECTABLE = new Set(['ready', 'rejected', 'payer_rejected']);

/** One claim (GET /claims/:id): its lines, current edits and status history timeline (GET /claims/:id/history). */
export function ClaimDetail() {
  const { id = '' } = useParams();
  const claim = useQuery({ queryKey: ['claim', id], queryFn: () => api<Claim>(`/claims/${id}`) });
  const history = useQuery({
    queryKey: [`/claims/${id}/history`],
    queryFn: () => api<History>(`/claims/${id}/history`),
  });
  const edits = useQuery({
    queryKey: [`/claims/${id}/edits`],
    queryFn: () => api<{ edits: QueueEdit[] }>(`/claims/${id}/edits`),
  });
  const [correcting, setCorrecting] = useState(false);
  if (claim.isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    );
  if (claim.error) return <Problem error={claim.error} />;
  const c = claim.data;
  return (
    <>
      <p className="crumbs">
        <Link to="/work/claims">← Claims</Link> · <Link to="/work/claim-edits">Claim edit queue</Link>
      </p>
      <h1>Claim {c.patientControlNumber}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <strong>{statusLabel(c.status)}</strong> (revision {c.revision})
        </dd>
        <dt>Date of service</dt>
        <dd>{c.dateOfService}</dd>
        <dt>Type</dt>
        <dd>
          {c.claimType}, frequency {c.frequencyCode}, place of service {c.placeOfService}
        </dd>
        <dt>Charges</dt>
        <dd>{dollars(c.totalChargeCents)}</dd>
        <dt>Diagnoses</dt>
        <dd>{c.diagnoses.map(dotted).join(', ')}</dd>
        {c.payerClaimControlNumber && (
          <>
            <dt>Payer claim number</dt>
            <dd>{c.payerClaimControlNumber}</dd>
          </>
        )}
      </dl>
      <table className="queue">
        <caption>Service lines</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Procedure</th>
            <th scope="col">Modifiers</th>
            <th scope="col" className="numeric">
              Units
            </th>
            <th scope="col" className="numeric">
              Charge
            </th>
            <th scope="col">Pointers</th>
          </tr>
        </thead>
        <tbody>
          {c.serviceLines.map((l) => (
            <tr key={l.lineNumber}>
              <td>{l.lineNumber}</td>
              <td>{l.procedureCode}</td>
              <td>{l.modifiers.join(' ')}</td>
              <td className="numeric">{l.units}</td>
              <td className="numeric">{dollars(l.chargeCents)}</td>
              <td>{l.diagnosisPointers.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(edits.data?.edits.length ?? 0) > 0 && (
        <section aria-labelledby="claim-edits-title">
          <h2 id="claim-edits-title">Edits from the latest scrub</h2>
          <ul className="edits">
            {(edits.data?.edits ?? []).map((e, i) => (
              <li key={i}>
                <strong>{e.editId}</strong> ({categoryLabel(e.category)}
                {e.line !== null && `, line ${e.line}`}): {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {CORRECTABLE.has(c.status) && (
        <p>
          <Button aria-expanded={correcting} onPress={() => setCorrecting(!correcting)}>
            {correcting ? 'Close the correction' : 'Correct this claim'}
          </Button>
        </p>
      )}
      {correcting && <ClaimCorrectionForm claimId={c.id} />}
      <section aria-labelledby="history-title" aria-busy={history.isFetching || edits.isFetching}>
        <h2 id="history-title">Status history</h2>
        <Problem error={history.error} />
        <ol className="timeline">
          {(history.data?.changes ?? []).map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{h.at.replace('T', ' ').slice(0, 19)}</time>{' '}
              <strong>{h.from ? `${statusLabel(h.from)} → ${statusLabel(h.to)}` : statusLabel(h.to)}</strong>
              <span className="by">
                {' '}
                by {h.by}
                {h.source && ` (${h.source})`}
              </span>
              {h.reason && <div className="reason">{h.reason}</div>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
