import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError, Page, api } from '../../api/client';
import { usePayerDirectory } from '../../api/payers';
import { FieldMessages, Problem, fieldProblems } from '../../components/Field';
import { ServiceLineHead } from '../../components/ServiceLineHead';
import { dotted } from '../coder/CodingWorkItem';

/** An encounter as charts answers it (GET /encounters, PATCH /encounters/:id). */
export interface Encounter {
  id: string;
  patientId: string;
  coverageId: string;
  secondaryCoverageId: string | null;
  billingProviderId: string;
  renderingProviderId: string;
  referringProviderId: string | null;
  dateOfService: string;
  placeOfService: string;
  status: string;
  diagnoses: Array<{ code: string; sequence: number }>;
  procedures: Array<{
    code: string;
    modifiers: string[];
    units: number;
    chargeCents: number;
    diagnosisSequences: number[];
    dateOfService?: string;
  }>;
  finalizedAt: string | null;
  createdAt: string;
}

interface Provider {
  id: string;
  npi: string;
  kind: 'organization' | 'individual';
  name: string;
  firstName: string | null;
}

interface Coverage {
  id: string;
  payerId: string;
  memberId: string;
  relationship: string;
}

interface Line {
  code: string;
  modifiers: string;
  units: string;
  charge: string;
  pointers: string;
}

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const centsOf = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);
const linesOf = (e: Encounter): Line[] =>
  e.procedures.map((p) => ({
    code: p.code,
    modifiers: p.modifiers.join(' '),
    units: String(p.units),
    charge: (p.chargeCents / 100).toFixed(2),
    pointers: p.diagnosisSequences.join(' '),
  }));
const diagnosesOf = (e: Encounter) => e.diagnoses.map((d) => dotted(d.code)).join(', ');
const providerName = (p: Provider) =>
  `${p.kind === 'individual' && p.firstName ? `${p.firstName} ${p.name}` : p.name} (NPI ${p.npi})`;

/** The fields of the form as the PATCH body names them (the lines' own as `procedures.<i>.<field>`). */
type Header =
  | 'dateOfService'
  | 'placeOfService'
  | 'coverageId'
  | 'secondaryCoverageId'
  | 'billingProviderId'
  | 'renderingProviderId'
  | 'referringProviderId';

/**
 * Fix an open encounter before it is finalized (PATCH /encounters/:id): only the fields changed are
 * sent. A refusal names its fields next to their inputs (and moves the focus to the first); a 409
 * (finalized meanwhile) says so — the claim built from it is corrected in the edit queue instead.
 */
export function EncounterEditForm({ encounter, onClose }: { encounter: Encounter; onClose: () => void }) {
  const client = useQueryClient();
  const directory = usePayerDirectory();
  const providers = useQuery({
    queryKey: ['/providers?limit=500'],
    queryFn: () => api<Page<Provider>>('/providers?limit=500'),
  });
  const coverages = useQuery({
    queryKey: [`/patients/${encounter.patientId}/coverages?limit=100`],
    queryFn: () => api<Page<Coverage>>(`/patients/${encounter.patientId}/coverages?limit=100`),
  });
  const initial = (e: Encounter) => ({
    dateOfService: e.dateOfService,
    placeOfService: e.placeOfService,
    coverageId: e.coverageId,
    secondaryCoverageId: e.secondaryCoverageId ?? '',
    billingProviderId: e.billingProviderId,
    renderingProviderId: e.renderingProviderId,
    referringProviderId: e.referringProviderId ?? '',
  });
  const [form, setForm] = useState(() => initial(encounter));
  const [diagnoses, setDiagnoses] = useState(() => diagnosesOf(encounter));
  const [lines, setLines] = useState(() => linesOf(encounter));
  const [base, setBase] = useState(encounter);
  const formRef = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [encounter.id]);

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {};
      const was = initial(base);
      for (const field of Object.keys(form) as Header[]) {
        if (form[field] === was[field]) continue;
        const clearable = field === 'secondaryCoverageId' || field === 'referringProviderId';
        body[field] = clearable && form[field] === '' ? null : form[field].trim();
      }
      if (diagnoses !== diagnosesOf(base)) body['diagnoses'] = words(diagnoses).map((code) => ({ code }));
      if (JSON.stringify(lines) !== JSON.stringify(linesOf(base)))
        body['procedures'] = lines.map((l) => ({
          code: l.code.trim(),
          modifiers: words(l.modifiers),
          units: Number(l.units),
          chargeCents: centsOf(l.charge),
          diagnosisPointers: words(l.pointers).map(Number),
        }));
      return api<Encounter>(`/encounters/${encounter.id}`, { method: 'PATCH', body });
    },
    onSuccess: (saved) => {
      setBase(saved);
      setForm(initial(saved));
      setDiagnoses(diagnosesOf(saved));
      setLines(linesOf(saved));
      void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/encounters') });
    },
  });
  const problems = fieldProblems(save.error);
  useEffect(() => {
    if (problems.size > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error, problems.size]);

  const id = `enc-${encounter.id.slice(0, 8)}`;
  const errorId = (field: string) => `${id}-${field.replace(/\./g, '-')}-error`;
  /** The input's ARIA wiring for the server's messages on `field`. */
  const described = (field: string) =>
    problems.has(field)
      ? { 'aria-invalid': true as const, 'aria-describedby': errorId(field) }
      : { 'aria-invalid': false as const };
  const set = (field: Header) => (v: string) => setForm((f) => ({ ...f, [field]: v }));
  const setLine = (i: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const providerOptions = (providers.data?.items ?? []).map((p) => (
    <option key={p.id} value={p.id}>
      {providerName(p)}
    </option>
  ));
  const coverageOptions = (coverages.data?.items ?? []).map((c) => (
    <option key={c.id} value={c.id}>
      {directory.label(c.payerId)} — member {c.memberId} ({c.relationship})
    </option>
  ));
  const shown = new Set<string>();
  const field = (name: string, label: string, control: (props: object) => ReactNode) => {
    shown.add(name);
    return (
      <span className="labelled">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        {control({ id: `${id}-${name}`, ...described(name) })}
        <FieldMessages id={errorId(name)} messages={problems.get(name)} />
      </span>
    );
  };
  const select = (name: Header, label: string, options: ReactNode, none?: string) =>
    field(name, label, (props) => (
      <select {...props} value={form[name]} onChange={(e) => set(name)(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {options}
      </select>
    ));
  const lineInput = (i: number, key: keyof Line, name: string, label: string, size: number) => {
    const path = `procedures.${i}.${name}`;
    shown.add(path);
    return (
      <td>
        <input
          aria-label={`Line ${i + 1} ${label}`}
          value={lines[i]?.[key] ?? ''}
          size={size}
          onChange={(e) => setLine(i, { [key]: e.target.value })}
          {...described(path)}
        />
        <FieldMessages id={errorId(path)} messages={problems.get(path)} />
      </td>
    );
  };

  const rows = lines.map((_, i) => (
    <tr key={i}>
      <td>{i + 1}</td>
      {lineInput(i, 'code', 'code', 'procedure', 7)}
      {lineInput(i, 'modifiers', 'modifiers', 'modifiers', 6)}
      {lineInput(i, 'units', 'units', 'units', 3)}
      {lineInput(i, 'charge', 'chargeCents', 'charge', 8)}
      {lineInput(i, 'pointers', 'diagnosisPointers', 'diagnosis pointers', 6)}
    </tr>
  ));
  const header = (
    <>
      <div className="filters wrap">
        {field('dateOfService', 'Date of service', (props) => (
          <input
            {...props}
            type="date"
            value={form.dateOfService}
            onChange={(e) => set('dateOfService')(e.target.value)}
          />
        ))}
        {field('placeOfService', 'Place of service (2 digits)', (props) => (
          <input
            {...props}
            value={form.placeOfService}
            size={3}
            inputMode="numeric"
            onChange={(e) => set('placeOfService')(e.target.value)}
          />
        ))}
        {field('diagnoses', 'Diagnoses (ICD-10-CM, in order)', (props) => (
          <input {...props} value={diagnoses} size={30} onChange={(e) => setDiagnoses(e.target.value)} />
        ))}
      </div>
      <div className="filters wrap">
        {select('coverageId', 'Primary coverage', coverageOptions)}
        {select('secondaryCoverageId', 'Secondary coverage', coverageOptions, 'None')}
      </div>
      <div className="filters wrap">
        {select('billingProviderId', 'Billing provider', providerOptions)}
        {select('renderingProviderId', 'Rendering provider', providerOptions)}
        {select('referringProviderId', 'Referring provider', providerOptions, 'None')}
      </div>
    </>
  );
  // Built after the inputs above: every located error no input shows (procedures as a whole, a diagnosis).
  const elsewhere = [...problems].filter(([f]) => !shown.has(f));
  const conflict = save.error instanceof ApiError && save.error.status !== 400 ? save.error : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Edit the open encounter of {encounter.dateOfService}
        {base.dateOfService !== encounter.dateOfService && ` (now ${base.dateOfService})`}
      </h2>
      <form
        ref={formRef}
        className="encounter-edit"
        aria-label={`Edit the encounter of ${encounter.dateOfService}`}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {header}
        <table className="queue lines">
          <caption>Procedures (service lines)</caption>
          <ServiceLineHead />
          <tbody>{rows}</tbody>
        </table>
        <div className="filters">
          <Button type="submit" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save the encounter'}
          </Button>
          <Button onPress={onClose}>Close</Button>
        </div>
        {problems.size > 0 && (
          <div className="problem" role="alert">
            <p>
              Not saved: {problems.size === 1 ? 'one field needs' : `${problems.size} fields need`} a fix.
            </p>
            {elsewhere.length > 0 && (
              <ul>
                {elsewhere.map(([f, messages]) => (
                  <li key={f}>
                    {f}: {messages.join('; ')}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {conflict ? (
          <Problem error={new Error(`Not saved: ${conflict.message}`)} />
        ) : (
          !(save.error instanceof ApiError) && <Problem error={save.error} />
        )}
        {save.isSuccess && (
          <p className="notice" role="status">
            Saved: the encounter of {save.data.dateOfService}, place of service {save.data.placeOfService}.
          </p>
        )}
      </form>
    </section>
  );
}
