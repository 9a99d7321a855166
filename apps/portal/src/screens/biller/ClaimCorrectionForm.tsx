import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { ServiceLineHead } from '../../components/ServiceLineHead';
import { dotted } from '../coder/CodingWorkItem';
import { Claim, CorrectionResult, categoryLabel, statusLabel } from './types';

interface LineRow {
  procedureCode: string;
  modifiers: string;
  units: string;
  charge: string;
  pointers: string;
}

const centsOf = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);

/**
 * The correction form, inline in the edit queue or on the claim page: diagnoses, service lines and
 * place of service as the claim has them; Re-scrub posts POST /claims/:id/corrections, which
 * re-scrubs at once, and shows the new result (ready, or the edits still standing).
 */
export function ClaimCorrectionForm(props: {
  claimId: string;
  onDone?: (r: CorrectionResult) => void;
  /** Inline in the queue: the queue page is not refetched, so the fixed claim stays in view with its result. */
  keepQueue?: boolean;
}) {
  const client = useQueryClient();
  const claim = useQuery({
    queryKey: ['claim', props.claimId],
    queryFn: () => api<Claim>(`/claims/${props.claimId}`),
  });
  const [dx, setDx] = useState('');
  const [pos, setPos] = useState('');
  const [lines, setLines] = useState<LineRow[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    const c = claim.data;
    if (!c) return;
    setDx(c.diagnoses.map(dotted).join(', '));
    setPos(c.placeOfService);
    setLines(
      c.serviceLines.map((l) => ({
        procedureCode: l.procedureCode,
        modifiers: l.modifiers.join(' '),
        units: String(l.units),
        charge: (l.chargeCents / 100).toFixed(2),
        pointers: l.diagnosisPointers.join(' '),
      })),
    );
  }, [claim.data]);

  const correct = useMutation({
    mutationFn: () =>
      api<CorrectionResult>(`/claims/${props.claimId}/corrections`, {
        method: 'POST',
        body: {
          diagnoses: dx.split(/[\s,]+/).filter(Boolean),
          placeOfService: pos.trim(),
          serviceLines: lines.map((l) => ({
            procedureCode: l.procedureCode.trim(),
            modifiers: l.modifiers.split(/[\s,]+/).filter(Boolean),
            units: Number(l.units),
            chargeCents: centsOf(l.charge),
            diagnosisPointers: l.pointers
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number),
          })),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      }),
    onSuccess: (r) => {
      void client.invalidateQueries({
        predicate: (q) => {
          const k = String(q.queryKey[0]);
          if (props.keepQueue && k.startsWith('/claims/edits')) return false;
          return k.startsWith('/claims') || (k === 'claim' && q.queryKey[1] === props.claimId);
        },
      });
      props.onDone?.(r);
    },
  });

  if (claim.isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading the claim…
      </p>
    );
  if (claim.error) return <Problem error={claim.error} />;
  const id = props.claimId.slice(0, 8);
  const setLine = (i: number, patch: Partial<LineRow>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const result = correct.data;
  return (
    <form
      className="correction"
      aria-label={`Correct claim ${claim.data.patientControlNumber}`}
      aria-busy={correct.isPending}
      onSubmit={(e) => {
        e.preventDefault();
        correct.mutate();
      }}
    >
      <div className="filters">
        <label htmlFor={`dx-${id}`}>Diagnoses (ICD-10-CM, in order)</label>
        <input id={`dx-${id}`} value={dx} size={30} onChange={(e) => setDx(e.target.value)} />
        <label htmlFor={`pos-${id}`}>Place of service</label>
        <input id={`pos-${id}`} value={pos} size={3} onChange={(e) => setPos(e.target.value)} />
      </div>
      <table className="queue lines">
        <caption className="visually-hidden">
          Service lines of claim {claim.data.patientControlNumber}
        </caption>
        <ServiceLineHead action="Remove" />
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input
                  aria-label={`Line ${i + 1} procedure`}
                  value={l.procedureCode}
                  size={7}
                  onChange={(e) => setLine(i, { procedureCode: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Line ${i + 1} modifiers`}
                  value={l.modifiers}
                  size={6}
                  onChange={(e) => setLine(i, { modifiers: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Line ${i + 1} units`}
                  value={l.units}
                  size={3}
                  inputMode="numeric"
                  onChange={(e) => setLine(i, { units: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Line ${i + 1} charge`}
                  value={l.charge}
                  size={8}
                  inputMode="decimal"
                  onChange={(e) => setLine(i, { charge: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Line ${i + 1} diagnosis pointers`}
                  value={l.pointers}
                  size={6}
                  onChange={(e) => setLine(i, { pointers: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  disabled={lines.length <= 1}
                  onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                >
                  Remove line {i + 1}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="filters">
        <label htmlFor={`note-${id}`}>Note</label>
        <input id={`note-${id}`} value={note} size={40} onChange={(e) => setNote(e.target.value)} />
        <Button type="submit" isDisabled={correct.isPending}>
          {correct.isPending ? 'Re-scrubbing…' : 'Save and re-scrub'}
        </Button>
      </div>
      <Problem error={correct.error} />
      {result && (
        <div className={result.status === 'ready' ? 'notice' : 'problem'} role="status">
          <p>
            Revision {result.revision}: <strong>{statusLabel(result.status)}</strong> —{' '}
            {dollars(result.totalChargeCents)}
          </p>
          {result.scrub && result.scrub.edits.length > 0 && (
            <ul className="edits">
              {result.scrub.edits.map((e, i) => (
                <li key={i}>
                  <strong>{e.id}</strong> ({categoryLabel(e.category)}
                  {e.line !== null && `, line ${e.line}`}): {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
