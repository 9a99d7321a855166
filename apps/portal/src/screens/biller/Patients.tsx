import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { PagedTable } from '../../components/PagedTable';
import { Encounter, EncounterEditForm } from './EncounterEditForm';
import { statusLabel } from './types';
import '../work.css';

interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

interface Patient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M' | 'U';
  address: Address;
  createdAt: string;
}

function Text(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  size?: number;
  type?: string;
}) {
  return (
    <span className="labelled">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        size={props.size}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </span>
  );
}

/** Fix a patient's demographics (PATCH /patients/:id: validated as on create, audited). */
function PatientEditor({ patient, onSaved }: { patient: Patient; onSaved: () => void }) {
  const client = useQueryClient();
  const [p, setP] = useState(patient);
  useEffect(() => setP(patient), [patient]);
  const save = useMutation({
    mutationFn: () =>
      api<Patient>(`/patients/${patient.id}`, {
        method: 'PATCH',
        body: {
          mrn: p.mrn,
          firstName: p.firstName,
          lastName: p.lastName,
          dateOfBirth: p.dateOfBirth,
          sex: p.sex,
          address: { ...p.address, ...(p.address.line2 ? {} : { line2: undefined }) },
        },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/patients') });
      onSaved();
    },
  });
  const claims = useQuery({
    queryKey: [`/claims?patientId=${patient.id}&limit=20`],
    queryFn: () =>
      api<{
        total: number;
        items: Array<{
          id: string;
          patientControlNumber: string;
          status: string;
          dateOfService: string;
          totalChargeCents: number;
        }>;
      }>(`/claims?patientId=${patient.id}&limit=20`),
  });
  const set = (patch: Partial<Patient>) => setP((x) => ({ ...x, ...patch }));
  const setAddress = (patch: Partial<Address>) =>
    setP((x) => ({ ...x, address: { ...x.address, ...patch } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="patient-title">
      <h2 id="patient-title">
        {patient.lastName}, {patient.firstName} (MRN {patient.mrn})
      </h2>
      <form onSubmit={submit}>
        <div className="filters wrap">
          <Text id="p-mrn" label="MRN" value={p.mrn} onChange={(v) => set({ mrn: v })} size={12} />
          <Text id="p-first" label="First name" value={p.firstName} onChange={(v) => set({ firstName: v })} />
          <Text id="p-last" label="Last name" value={p.lastName} onChange={(v) => set({ lastName: v })} />
          <Text
            id="p-dob"
            label="Date of birth"
            type="date"
            value={p.dateOfBirth}
            onChange={(v) => set({ dateOfBirth: v })}
          />
          <span className="labelled">
            <label htmlFor="p-sex">Sex</label>
            <select id="p-sex" value={p.sex} onChange={(e) => set({ sex: e.target.value as Patient['sex'] })}>
              <option value="F">F</option>
              <option value="M">M</option>
              <option value="U">U</option>
            </select>
          </span>
        </div>
        <div className="filters wrap">
          <Text
            id="p-line1"
            label="Street"
            value={p.address.line1}
            onChange={(v) => setAddress({ line1: v })}
            size={24}
          />
          <Text id="p-city" label="City" value={p.address.city} onChange={(v) => setAddress({ city: v })} />
          <Text
            id="p-state"
            label="State"
            value={p.address.state}
            onChange={(v) => setAddress({ state: v })}
            size={3}
          />
          <Text
            id="p-zip"
            label="ZIP"
            value={p.address.postalCode}
            onChange={(v) => setAddress({ postalCode: v })}
            size={10}
          />
          <Button type="submit" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save the patient'}
          </Button>
        </div>
        <Problem error={save.error} />
        {save.isSuccess && (
          <p className="notice" role="status">
            Saved. Claims built from now on carry the change; a claim already built takes it with a correction
            that refreshes its parties.
          </p>
        )}
      </form>
      <table className="queue">
        <caption>The patient's claims {claims.data && `— ${claims.data.total}`}</caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Date of service</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Charges
            </th>
          </tr>
        </thead>
        <tbody>
          {(claims.data?.items ?? []).map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/work/claims/${c.id}`}>{c.patientControlNumber}</Link>
              </td>
              <td>{c.dateOfService}</td>
              <td>{statusLabel(c.status)}</td>
              <td className="numeric">{dollars(c.totalChargeCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Patients: find them by MRN, name and date of birth (GET /patients: exact matches after
 * normalization, through blind indexes — the server never decrypts to search) and fix their chart.
 */
export function Patients() {
  const [form, setForm] = useState({ mrn: '', lastName: '', firstName: '', dateOfBirth: '' });
  const [params, setParams] = useState(form);
  const [selected, setSelected] = useState<Patient | null>(null);
  return (
    <>
      <h1>Patients</h1>
      <form
        className="filters wrap"
        role="search"
        aria-label="Find patients"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ ...form });
        }}
      >
        <Text
          id="s-mrn"
          label="MRN"
          value={form.mrn}
          onChange={(v) => setForm({ ...form, mrn: v })}
          size={12}
        />
        <Text
          id="s-last"
          label="Last name"
          value={form.lastName}
          onChange={(v) => setForm({ ...form, lastName: v })}
        />
        <Text
          id="s-first"
          label="First name"
          value={form.firstName}
          onChange={(v) => setForm({ ...form, firstName: v })}
        />
        <Text
          id="s-dob"
          label="Date of birth"
          type="date"
          value={form.dateOfBirth}
          onChange={(v) => setForm({ ...form, dateOfBirth: v })}
        />
        <Button type="submit">Search</Button>
      </form>
      <PagedTable<Patient>
        caption="Patients"
        path="/patients"
        params={params}
        defaultSort="-created-at"
        rowKey={(r) => r.id}
        columns={[
          { header: 'MRN', cell: (r) => r.mrn },
          { header: 'Name', cell: (r) => `${r.lastName}, ${r.firstName}` },
          { header: 'Date of birth', cell: (r) => r.dateOfBirth },
          { header: 'City', cell: (r) => `${r.address.city}, ${r.address.state}` },
          // Only registration sorts: MRN, names and birth dates are sealed at rest (see GET /patients).
          { header: 'Registered', sort: 'created-at', cell: (r) => r.createdAt.slice(0, 10) },
          {
            header: 'Chart',
            cell: (r) => (
              <Button onPress={() => setSelected(r)}>
                Open
                <span className="visually-hidden">
                  {' '}
                  {r.lastName}, {r.firstName}
                </span>
              </Button>
            ),
          },
        ]}
      />
      {selected && <PatientEditor patient={selected} onSaved={() => undefined} />}
    </>
  );
}

/** The orders GET /encounters takes (`?sort=`), in the words of the caption. */
const ENCOUNTER_SORTS = [
  ['-created-at', 'newest first'],
  ['-date-of-service', 'latest date of service first'],
  ['date-of-service', 'earliest date of service first'],
  ['-status', 'open ones first'],
] as const;

/**
 * Encounters (GET /encounters, sorted by the server): an open one can be fixed inline
 * (PATCH /encounters/:id) and signed off (POST /encounters/:id/finalize).
 */
export function Encounters() {
  const client = useQueryClient();
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState<string>(ENCOUNTER_SORTS[0][0]);
  const [editing, setEditing] = useState<Encounter | null>(null);
  const finalize = useMutation({
    mutationFn: (id: string) => api(`/encounters/${id}/finalize`, { method: 'POST' }),
    onSuccess: () =>
      void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/encounters') }),
  });
  const order = ENCOUNTER_SORTS.find(([value]) => value === sort)?.[1] ?? '';
  return (
    <>
      <h1>Encounters</h1>
      <div className="filters">
        <label htmlFor="enc-status">Status</label>
        <select id="enc-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Every status</option>
          <option value="open">Open (not signed off)</option>
          <option value="finalized">Finalized</option>
        </select>
        <label htmlFor="enc-sort">Sort</label>
        <select id="enc-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
          {ENCOUNTER_SORTS.map(([value, words]) => (
            <option key={value} value={value}>
              {words.charAt(0).toUpperCase() + words.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <Problem error={finalize.error} />
      <PagedTable<Encounter>
        key={`${status}/${sort}`}
        caption={`Encounters, ${order}`}
        path="/encounters"
        params={{ status, sort: sort === ENCOUNTER_SORTS[0][0] ? undefined : sort }}
        rowKey={(r) => r.id}
        columns={[
          { header: 'Date of service', cell: (r) => r.dateOfService },
          { header: 'Place of service', cell: (r) => r.placeOfService },
          { header: 'Diagnoses', cell: (r) => r.diagnoses.map((d) => d.code).join(', ') },
          { header: 'Procedures', cell: (r) => r.procedures.map((p) => p.code).join(', ') },
          {
            header: 'Charges',
            numeric: true,
            cell: (r) => dollars(r.procedures.reduce((n, p) => n + p.chargeCents, 0)),
          },
          {
            header: 'Status',
            cell: (r) =>
              r.status === 'finalized' ? `finalized ${r.finalizedAt?.slice(0, 10) ?? ''}` : 'open',
          },
          {
            header: 'Action',
            cell: (r) =>
              r.status === 'open' ? (
                <span className="nowrap">
                  <Button onPress={() => setEditing(r)} isDisabled={editing?.id === r.id}>
                    Edit<span className="visually-hidden"> encounter of {r.dateOfService}</span>
                  </Button>{' '}
                  <Button onPress={() => finalize.mutate(r.id)} isDisabled={finalize.isPending}>
                    Finalize<span className="visually-hidden"> encounter of {r.dateOfService}</span>
                  </Button>
                </span>
              ) : (
                ''
              ),
          },
        ]}
      />
      {editing && <EncounterEditForm key={editing.id} encounter={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
