import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';
import { ApiError, api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { ServiceLineHead } from '../../components/ServiceLineHead';
import { CodeEntry, CodeLookup, CodeSystem } from './CodeLookup';
import type { CodingWorkItem as Item } from './CodingQueue';
import '../work.css';

interface ProcedureRow {
  code: string;
  modifiers: string;
  units: string;
  charge: string;
  pointers: string;
}

/** `E1165` → `E11.65`: ICD-10-CM is stored without the dot and shown with it (DESIGN.md). */
export const dotted = (code: string) =>
  code.length > 3 && !code.includes('.') ? `${code.slice(0, 3)}.${code.slice(3)}` : code;

const centsOf = (dollarsText: string) => Math.round(Number(dollarsText.replace(/[$,]/g, '')) * 100);

/** Where the look-up's "Use" puts its code. */
type Target = { kind: 'dx' | 'proc'; index: number };

/**
 * One coding work item (GET /coding/queue/:id): the documented codes, what did not validate, a
 * code look-up, and completion (POST /coding/:id/complete) — the codes validated again by the server.
 */
export function CodingWorkItemScreen() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const item = useQuery({ queryKey: ['coding-item', id], queryFn: () => api<Item>(`/coding/queue/${id}`) });
  const [dx, setDx] = useState<string[]>([]);
  const [procs, setProcs] = useState<ProcedureRow[]>([]);
  const [target, setTarget] = useState<Target>({ kind: 'dx', index: 0 });
  const [system, setSystem] = useState<CodeSystem>('icd10cm');
  const [query, setQuery] = useState('');

  useEffect(() => {
    const e = item.data?.encounter;
    if (!e) return;
    setDx(e.diagnoses.map((d) => dotted(d.code)));
    setProcs(
      e.procedures.map((p) => ({
        code: p.code,
        modifiers: p.modifiers.join(' '),
        units: String(p.units),
        charge: (p.chargeCents / 100).toFixed(2),
        pointers: p.diagnosisSequences.join(' '),
      })),
    );
    const firstBad = item.data?.problems.find((p) => p.field.startsWith('diagnoses'));
    const index = firstBad ? Number(/\d+/.exec(firstBad.field)?.[0] ?? 0) : 0;
    setTarget({ kind: 'dx', index });
    setQuery(firstBad ? firstBad.code.slice(0, 3) : '');
  }, [item.data]);

  const complete = useMutation({
    mutationFn: () =>
      api<Item & { warnings: Array<{ field: string; message: string }> }>(`/coding/${id}/complete`, {
        method: 'POST',
        body: {
          diagnoses: dx.filter((c) => c.trim()).map((code) => ({ code: code.trim() })),
          procedures: procs.map((p) => ({
            code: p.code.trim(),
            modifiers: p.modifiers.split(/[\s,]+/).filter(Boolean),
            units: Number(p.units),
            chargeCents: centsOf(p.charge),
            diagnosisPointers: p.pointers
              .split(/[\s,]+/)
              .filter(Boolean)
              .map(Number),
          })),
        },
      }),
    onSuccess: (done) => {
      client.setQueryData(['coding-item', id], done);
      void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/coding/queue') });
    },
  });

  const lookUp = (t: Target) => {
    setTarget(t);
    if (t.kind === 'dx') {
      setSystem('icd10cm');
      setQuery((dx[t.index] ?? '').slice(0, 3));
    } else {
      const code = procs[t.index]?.code ?? '';
      setSystem(/^[A-V]/i.test(code) ? 'hcpcs' : 'cpt');
      setQuery(code.slice(0, 3));
    }
    setTimeout(() => document.getElementById('work-lookup-q')?.focus(), 0);
  };
  const use = (c: CodeEntry) => {
    if (target.kind === 'dx') setDx((d) => d.map((x, i) => (i === target.index ? c.code : x)));
    else setProcs((p) => p.map((x, i) => (i === target.index ? { ...x, code: c.code } : x)));
  };

  if (item.isPending)
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    );
  if (item.error) return <Problem error={item.error} />;
  const w = item.data;
  const e = w.encounter;
  const done = w.status === 'completed';
  const errors = complete.error instanceof ApiError ? complete.error : undefined;
  const setDxAt = (i: number, v: string) => setDx((d) => d.map((x, j) => (j === i ? v : x)));
  const setProcAt = (i: number, patch: Partial<ProcedureRow>) =>
    setProcs((p) => p.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <>
      <p className="crumbs">
        <Link to="/work/coding">← Coding queue</Link>
      </p>
      <h1>Coding work item</h1>
      <dl className="facts">
        <dt>Patient</dt>
        <dd>
          {e.patient.lastName}, {e.patient.firstName} (MRN {e.patient.mrn}, born {e.patient.dateOfBirth})
        </dd>
        <dt>Date of service</dt>
        <dd>{w.dateOfService}</dd>
        <dt>Place of service</dt>
        <dd>{e.placeOfService}</dd>
        <dt>Payer</dt>
        <dd>{e.coverage?.payer?.name ?? w.payerId}</dd>
        <dt>Status</dt>
        <dd>{done ? `completed by ${w.completedBy ?? '?'} at ${w.completedAt?.slice(0, 19)}` : 'open'}</dd>
      </dl>
      {w.problems.length > 0 && !done && (
        <section aria-labelledby="problems-title">
          <h2 id="problems-title">What did not validate</h2>
          <ul className="edits">
            {w.problems.map((p, i) => (
              <li key={i}>
                <strong>{p.field}</strong>{' '}
                <code>{p.field.startsWith('diagnoses') ? dotted(p.code) : p.code}</code>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="work-columns">
        <form
          className="coding-form"
          aria-labelledby="codes-title"
          aria-busy={complete.isPending}
          onSubmit={(ev) => {
            ev.preventDefault();
            complete.mutate();
          }}
        >
          <h2 id="codes-title">Documented codes</h2>
          <fieldset disabled={done}>
            <legend>Diagnoses (ICD-10-CM, in order)</legend>
            {dx.map((code, i) => (
              <div className="row" key={i}>
                <label htmlFor={`dx-${i}`}>Diagnosis {i + 1}</label>
                <input id={`dx-${i}`} value={code} onChange={(ev) => setDxAt(i, ev.target.value)} />
                <button type="button" onClick={() => lookUp({ kind: 'dx', index: i })}>
                  Look up diagnosis {i + 1}
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setDx((d) => [...d, ''])} disabled={dx.length >= 12}>
              Add a diagnosis
            </button>
          </fieldset>
          <fieldset disabled={done}>
            <legend>Service lines (CPT / HCPCS)</legend>
            <table className="queue lines">
              <ServiceLineHead code="Code" action="Look-up" />
              <tbody>
                {procs.map((p, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>
                      <input
                        aria-label={`Line ${i + 1} code`}
                        value={p.code}
                        size={7}
                        onChange={(ev) => setProcAt(i, { code: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Line ${i + 1} modifiers`}
                        value={p.modifiers}
                        size={6}
                        onChange={(ev) => setProcAt(i, { modifiers: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Line ${i + 1} units`}
                        value={p.units}
                        size={3}
                        inputMode="numeric"
                        onChange={(ev) => setProcAt(i, { units: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Line ${i + 1} charge in dollars`}
                        value={p.charge}
                        size={8}
                        inputMode="decimal"
                        onChange={(ev) => setProcAt(i, { charge: ev.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Line ${i + 1} diagnosis pointers`}
                        value={p.pointers}
                        size={6}
                        onChange={(ev) => setProcAt(i, { pointers: ev.target.value })}
                      />
                    </td>
                    <td>
                      <button type="button" onClick={() => lookUp({ kind: 'proc', index: i })}>
                        Look up line {i + 1}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small">
              Charges:{' '}
              {dollars(
                procs.reduce((n, p) => n + (Number.isFinite(centsOf(p.charge)) ? centsOf(p.charge) : 0), 0),
              )}
            </p>
          </fieldset>
          {errors && (
            <div className="problem" role="alert">
              <p>The codes were not accepted: {errors.message}</p>
            </div>
          )}
          {done ? (
            <p className="notice" role="status">
              Completed: the encounter is coded and goes on to claims.
              {complete.data &&
                complete.data.warnings.length > 0 &&
                ` Warnings: ${complete.data.warnings.map((x) => `${x.field} ${x.message}`).join('; ')}`}
            </p>
          ) : (
            <Button type="submit" isDisabled={complete.isPending}>
              {complete.isPending ? 'Completing…' : 'Complete coding'}
            </Button>
          )}
        </form>
        {!done && (
          <CodeLookup
            id="work-lookup"
            system={system}
            query={query}
            onSystem={setSystem}
            onQuery={setQuery}
            onUse={use}
            useLabel={
              target.kind === 'dx'
                ? `Use for diagnosis ${target.index + 1}`
                : `Use for line ${target.index + 1}`
            }
          />
        )}
      </div>
    </>
  );
}
