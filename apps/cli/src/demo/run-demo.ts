import { PlatformClient } from './platform-client';
import { DemoDay, syntheticDay } from './synthetic-day';

export interface DemoOptions {
  url: string;
  token: string;
  encounters: number;
  seed: number;
  dateOfService: string;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface DemoCounts {
  encounters: number;
  finalized: number;
  coded: number;
  queued: number;
  claims: number;
  totalChargeCents: number;
  auditEntries: number;
  rejectedRequests: number;
  /** Encounters that did not end where their generated codes say they should (valid → claim, invalid → queue). */
  unexpected: number;
}

interface Created {
  id: string;
}
interface Page<T> {
  total: number;
  items: T[];
}

/**
 * Posts a synthetic day through the public API (payers, providers, patients, coverages, encounters,
 * finalize) and follows every encounter until it is a claim or a coding-queue item.
 */
export async function runDemo(o: DemoOptions): Promise<DemoCounts> {
  const api = new PlatformClient(o.url, o.token);
  const day = syntheticDay(o.seed, o.encounters);
  const counts: DemoCounts = { encounters: 0, finalized: 0, coded: 0, queued: 0, claims: 0, totalChargeCents: 0, auditEntries: 0, rejectedRequests: 0, unexpected: 0 };

  const payerIds = await Promise.all(day.payers.map((p) => api.post<Created>('/payers', p).then((x) => x.id)));
  const billingId = (await api.post<Created>('/providers', day.billing)).id;
  const renderingIds = await Promise.all(day.rendering.map((p) => api.post<Created>('/providers', p).then((x) => x.id)));
  o.log(`setup: ${payerIds.length} payers, ${renderingIds.length + 1} providers`);

  const patients = await createPatients(api, day, payerIds);
  o.log(`patients: ${patients.length} with coverage`);

  const encounterIds: string[] = [];
  for (const [i, e] of day.encounters.entries()) {
    const patient = patients[e.patientIndex];
    const encounter = await api.post<Created>('/encounters', {
      patientId: patient.patientId,
      coverageId: patient.coverageId,
      billingProviderId: billingId,
      renderingProviderId: renderingIds[e.renderingIndex],
      dateOfService: o.dateOfService,
      placeOfService: e.placeOfService,
      diagnoses: e.diagnoses,
      procedures: e.procedures,
    });
    counts.encounters++;
    await api.post(`/encounters/${encounter.id}/finalize`);
    counts.finalized++;
    encounterIds.push(encounter.id);
    if ((i + 1) % 10 === 0 || i + 1 === day.encounters.length) o.log(`encounters: ${i + 1}/${day.encounters.length} posted and finalized`);
  }
  counts.rejectedRequests = await tryBadInput(api);
  o.log(`bad input: ${counts.rejectedRequests} malformed requests rejected with 4xx as expected`);

  const outcome = await follow(api, encounterIds, counts, o);
  counts.unexpected = day.encounters.filter((e, i) => outcome.get(encounterIds[i]) !== (e.expectedValid ? 'claim' : 'queued')).length;
  return counts;
}

async function createPatients(api: PlatformClient, day: DemoDay, payerIds: string[]) {
  const out: Array<{ patientId: string; coverageId: string }> = [];
  for (const p of day.patients) {
    const { memberId, payerIndex, ...demographics } = p;
    const patient = await api.post<Created>('/patients', demographics);
    const coverage = await api.post<Created>(`/patients/${patient.id}/coverages`, { payerId: payerIds[payerIndex], memberId, relationship: 'self' });
    out.push({ patientId: patient.id, coverageId: coverage.id });
  }
  return out;
}

/** The API must refuse these with a 4xx and store nothing. */
async function tryBadInput(api: PlatformClient): Promise<number> {
  const attempts: Array<[string, unknown]> = [
    ['/patients', { firstName: 'No', lastName: 'Birthdate', sex: 'X' }],
    ['/encounters', { patientId: '00000000-0000-4000-8000-000000000000' }],
    ['/payers', { name: '', payerId: '!' }],
  ];
  let rejected = 0;
  for (const [path, body] of attempts) {
    try {
      await api.post(path, body);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 0;
      if (status >= 400 && status < 500) rejected++;
      else throw err;
    }
  }
  return rejected;
}

async function follow(api: PlatformClient, encounterIds: string[], counts: DemoCounts, o: DemoOptions): Promise<Map<string, 'claim' | 'queued'>> {
  const ours = new Set(encounterIds);
  const deadline = Date.now() + o.timeoutMs;
  const outcome = new Map<string, 'claim' | 'queued'>();
  let last = '';
  for (;;) {
    const claims = (await allPages<{ encounterId: string; totalChargeCents: number }>(api, '/claims')).filter((c) => ours.has(c.encounterId));
    const queue = (await allPages<{ encounterId: string }>(api, '/coding/queue')).filter((q) => ours.has(q.encounterId));
    counts.claims = claims.length;
    counts.coded = claims.length;
    counts.queued = queue.length;
    counts.totalChargeCents = claims.reduce((s, c) => s + c.totalChargeCents, 0);
    claims.forEach((c) => outcome.set(c.encounterId, 'claim'));
    queue.forEach((q) => outcome.set(q.encounterId, 'queued'));
    const line = `flow: ${counts.claims} claims, ${counts.queued} in the coding queue, of ${encounterIds.length}`;
    if (line !== last) o.log(line);
    last = line;
    if (counts.claims + counts.queued >= encounterIds.length) break;
    if (Date.now() > deadline) {
      o.log(`timed out after ${o.timeoutMs} ms waiting for the flow`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  counts.auditEntries = (await api.get<Page<unknown>>('/audit?limit=1')).total;
  return outcome;
}

async function allPages<T>(api: PlatformClient, path: string): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await api.get<Page<T>>(`${path}?limit=500&offset=${offset}`);
    out.push(...page.items);
    if (page.items.length < 500) return out;
  }
}
