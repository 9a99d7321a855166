import { withNpiCheckDigit } from '@revcycle/contracts';

/** charts' and coding's public API with a bearer token: the parsed body, or an error naming the status. */
export type ApiCall = <T>(method: string, pathname: string, body?: unknown) => Promise<T>;

export function apiCaller(baseUrl: string, token: () => string): ApiCall {
  return async <T>(method: string, pathname: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${pathname}: ${r.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export interface SeededQueue {
  /** Items the coding queue held before plus the ones seeded: what `GET /coding/queue` must total. */
  total: number;
  payerId: string;
  /** The seeded encounters' dates of service run from `firstDate` to `lastDate`. */
  firstDate: string;
  lastDate: string;
  seconds: { charted: number; finalized: number; queued: number };
}

const BATCH = 1000;
const PATIENTS = 200;
/** Finalize requests in flight at once (the platform's pool is shared with the coding intake). */
const IN_FLIGHT = 8;

/** Date `n` of 250 working days from 2026-01-05 (so a sort by date of service reorders the queue). */
function dateOf(n: number): string {
  const d = new Date(Date.UTC(2026, 0, 5));
  d.setUTCDate(d.getUTCDate() + (n % 250));
  return d.toISOString().slice(0, 10);
}

/**
 * `count` real items in the coding queue, made the way a practice-management feed makes them:
 * a payer, a clinic, a physician and `PATIENTS` patients through charts' API, `count` encounters
 * through `POST /encounters/batch` (1,000 a request) each documented with the category header E11
 * (not billable), each finalized with `POST /encounters/:id/finalize`; the platform's events
 * (charts.encounter.finalized → coding) put every one in the coding queue. Resolves once
 * `GET /coding/queue` counts them all. `call` is a biller's (chart:write, encounter:finalize). No PHI: synthetic names and numbers.
 */
export async function seedCodingQueue(
  call: ApiCall,
  /** A coder's (coding:work): the queue is counted with it. */
  coder: ApiCall,
  count: number,
  progress: (line: string) => void = () => undefined,
  timeoutMs = 1_500_000,
): Promise<SeededQueue> {
  const before = (await coder<{ total: number }>('GET', '/coding/queue?limit=1')).total;
  const run = Math.random().toString(36).slice(2, 8).toUpperCase();
  const started = Date.now();
  const payer = await call<{ id: string }>('POST', '/payers', {
    name: `Queue Health Plan ${run}`,
    payerId: `QH${run}`,
  });
  const digits = () => Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)).join('');
  const clinic = await call<{ id: string }>('POST', '/providers', {
    npi: withNpiCheckDigit(`1${digits()}`),
    kind: 'organization',
    name: 'Queue Street Clinic',
    taxId: '391234567',
    taxonomy: '261QP2300X',
    address: { line1: '9 Lake Rd', city: 'Madison', state: 'WI', postalCode: '537031234' },
  });
  const physician = await call<{ id: string }>('POST', '/providers', {
    npi: withNpiCheckDigit(`1${digits()}`),
    kind: 'individual',
    name: 'Okafor',
    firstName: 'Ada',
    taxonomy: '207Q00000X',
  });
  const patients: Array<{ patientId: string; coverageId: string }> = [];
  for (let n = 0; n < Math.min(PATIENTS, count); n++) {
    const patient = await call<{ id: string }>('POST', '/patients', {
      mrn: `Q-${run}-${n}`,
      firstName: 'Synthetic',
      lastName: `Queue${String(n).padStart(3, '0')}`,
      dateOfBirth: `1968-04-${String((n % 28) + 1).padStart(2, '0')}`,
      sex: n % 2 ? 'M' : 'F',
      address: { line1: `${n} Elm St`, city: 'Madison', state: 'WI', postalCode: '53703' },
    });
    const coverage = await call<{ id: string }>('POST', `/patients/${patient.id}/coverages`, {
      payerId: payer.id,
      memberId: `QM${run}${n}`,
      relationship: 'self',
    });
    patients.push({ patientId: patient.id, coverageId: coverage.id });
  }

  const ids: string[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const encounters = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => {
      const n = from + k;
      const p = patients[n % patients.length]!;
      return {
        patientId: p.patientId,
        coverageId: p.coverageId,
        billingProviderId: clinic.id,
        renderingProviderId: physician.id,
        dateOfService: dateOf(n),
        placeOfService: '11',
        // E11 is the category header for type 2 diabetes: the coder must code it to a billable code.
        diagnoses: [{ code: 'E11' }, { code: 'I10' }],
        procedures: [
          { code: '99213', units: 1, chargeCents: 12000 + (n % 50) * 100, diagnosisPointers: [1, 2] },
        ],
      };
    });
    const stored = await call<{ stored: number; refused: number; results: Array<{ id?: string }> }>(
      'POST',
      '/encounters/batch',
      { encounters },
    );
    if (stored.refused > 0) throw new Error(`the batch refused ${stored.refused} encounters`);
    ids.push(...stored.results.map((r) => r.id!));
    progress(`charted ${ids.length}/${count}`);
  }
  const charted = (Date.now() - started) / 1000;

  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      await call('POST', `/encounters/${ids[i]}/finalize`);
      if (++done % 1000 === 0) progress(`finalized ${done}/${ids.length}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const finalized = (Date.now() - started) / 1000;

  const total = before + count;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const queued = (await coder<{ total: number }>('GET', '/coding/queue?limit=1')).total;
    if (queued >= total) break;
    if (Date.now() > deadline)
      throw new Error(`the coding queue holds ${queued} of ${total} after ${timeoutMs / 1000} s`);
    progress(`queued ${queued - before}/${count}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    total,
    payerId: payer.id,
    firstDate: dateOf(0),
    lastDate: dateOf(Math.min(count, 250) - 1),
    seconds: { charted, finalized, queued: (Date.now() - started) / 1000 },
  };
}
