import { billSecondaries, waitForAdjudications } from './bill-secondaries';
import { PlatformClient } from './platform-client';
import { RemittanceCounts, closeTheBooks, postAdvices } from './post-remittances';
import { PayerToken, SubmissionCounts, submitClaims } from './submit-claims';
import { DemoDay, correctedLines, syntheticDay } from './synthetic-day';

export interface DemoOptions {
  url: string;
  token: string;
  /** The payers' own tokens, for the payer download API (see submitClaims). */
  payerToken: PayerToken;
  encounters: number;
  seed: number;
  dateOfService: string;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface DemoCounts extends SubmissionCounts, RemittanceCounts {
  encounters: number;
  finalized: number;
  coded: number;
  queued: number;
  claims: number;
  /** Claims the scrubber passed (no reject edit). */
  clean: number;
  /** Claims the scrubber stopped: they entered the edit work queue. */
  rejected: number;
  /** Rejected claims the demo corrected through the API and the scrubber then passed. */
  corrected: number;
  totalChargeCents: number;
  auditEntries: number;
  rejectedRequests: number;
  /** Secondary claims billed to the patients' secondary payers after the primaries' 835s (COB). */
  secondaryClaims: number;
  /**
   * Encounters that did not end where their generated codes say they should (valid → claim,
   * invalid → queue), plus 1 when the claims' money does not add up to the cent (each claim, and
   * each primary with its secondary), plus the secondary claims held in the edit queue.
   */
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
  const counts: DemoCounts = {
    encounters: 0,
    finalized: 0,
    coded: 0,
    queued: 0,
    claims: 0,
    clean: 0,
    rejected: 0,
    corrected: 0,
    totalChargeCents: 0,
    auditEntries: 0,
    rejectedRequests: 0,
    unexpected: 0,
    batches: 0,
    submitted: 0,
    acknowledged: 0,
    accepted: 0,
    payerRejected: 0,
    remittances: 0,
    paid: 0,
    partiallyPaid: 0,
    denied: 0,
    postedCents: 0,
    patientResponsibilityCents: 0,
    deposits: 0,
    reconciled: 0,
    arCents: 0,
    secondaryClaims: 0,
  };

  // Payers and providers are reference data: a second run with the same seed finds them.
  const payers = await api.all<{ id: string; payerId: string }>('/payers');
  const providers = await api.all<{ id: string; npi: string }>('/providers');
  const payerIds: string[] = [];
  for (const p of day.payers)
    payerIds.push(
      payers.find((x) => x.payerId === p.payerId)?.id ?? (await api.post<Created>('/payers', p)).id,
    );
  const providerId = async (p: DemoDay['billing']) =>
    providers.find((x) => x.npi === p.npi)?.id ?? (await api.post<Created>('/providers', p)).id;
  const billingId = await providerId(day.billing);
  const renderingIds: string[] = [];
  for (const p of day.rendering) renderingIds.push(await providerId(p));
  o.log(`setup: ${payerIds.length} payers, ${renderingIds.length + 1} providers`);

  const patients = await createPatients(api, day, payerIds);
  o.log(
    `patients: ${patients.length} with coverage, ${patients.filter((p) => p.secondaryCoverageId).length} of them with a secondary coverage`,
  );

  const encounterIds: string[] = [];
  for (const [i, e] of day.encounters.entries()) {
    const patient = patients[e.patientIndex];
    const encounter = await api.post<Created>('/encounters', {
      patientId: patient.patientId,
      coverageId: patient.coverageId,
      ...(patient.secondaryCoverageId ? { secondaryCoverageId: patient.secondaryCoverageId } : {}),
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
    if ((i + 1) % 10 === 0 || i + 1 === day.encounters.length)
      o.log(`encounters: ${i + 1}/${day.encounters.length} posted and finalized`);
  }
  counts.rejectedRequests = await tryBadInput(api);
  o.log(`bad input: ${counts.rejectedRequests} malformed requests rejected with 4xx as expected`);

  const outcome = await follow(api, encounterIds, counts, o);
  const expected = (e: DemoDay['encounters'][number]) =>
    !e.expectedValid ? 'queued' : e.scrubMistake ? 'rejected' : 'clean';
  counts.unexpected = day.encounters.filter(
    (e, i) => outcome.get(encounterIds[i])?.state !== expected(e),
  ).length;
  await workEditQueue(api, day, encounterIds, outcome, counts, o);
  const submitted = await submitClaims(api, o.payerToken, o.seed, o.log);
  Object.assign(counts, submitted.counts);
  const deadline = Date.now() + o.timeoutMs;
  const primaries = await postAdvices(api, submitted.remittances, deadline, o.log);
  // Coordination of benefits: the primaries' 835s posted, claims bills the secondaries, they go out
  // to their payers and come back adjudicated as secondary.
  const cob = await billSecondaries(
    api,
    o.payerToken,
    o.seed,
    submitted.remittances,
    encounterIds,
    deadline,
    o.log,
  );
  counts.secondaryClaims = cob.secondaryClaims;
  counts.unexpected += cob.held;
  for (const k of Object.keys(cob.counts) as Array<keyof SubmissionCounts>) counts[k] += cob.counts[k];
  const secondaries = await postAdvices(api, cob.remittances, deadline, o.log);
  if (!(await waitForAdjudications(api, cob.remittances, deadline)))
    o.log("COB: timed out waiting for claims to apply the secondaries' 835s");
  const money = await closeTheBooks(
    api,
    primaries.remittances + secondaries.remittances,
    [...primaries.credits, ...secondaries.credits],
    cob.pairs,
    o.log,
  );
  Object.assign(counts, money.counts);
  if (!money.balanced) counts.unexpected++;
  return counts;
}

async function createPatients(api: PlatformClient, day: DemoDay, payerIds: string[]) {
  const out: Array<{ patientId: string; coverageId: string; secondaryCoverageId?: string }> = [];
  for (const p of day.patients) {
    const { memberId, payerIndex, secondary, ...demographics } = p;
    const coverage = { payerId: payerIds[payerIndex], memberId, relationship: 'self' };
    const created = await api.post<Created>('/patients', demographics).catch((err: { status?: number }) => {
      if (err.status === 409) return undefined;
      throw err;
    });
    // One patient per MRN (409): a second run with the same seed finds its patients and coverages.
    const patientId = created?.id ?? (await existingPatient(api, p.mrn));
    const existing = created ? undefined : await existingCoverage(api, patientId, coverage);
    const coverageId = existing ?? (await api.post<Created>(`/patients/${patientId}/coverages`, coverage)).id;
    if (!secondary) {
      out.push({ patientId, coverageId });
      continue;
    }
    // A second plan with another payer (a spouse's employer plan, a Medigap policy), also the patient's own.
    const second = {
      payerId: payerIds[secondary.payerIndex],
      memberId: secondary.memberId,
      relationship: 'self',
    };
    const secondaryCoverageId =
      (created ? undefined : await existingCoverage(api, patientId, second)) ??
      (await api.post<Created>(`/patients/${patientId}/coverages`, second)).id;
    out.push({ patientId, coverageId, secondaryCoverageId });
  }
  return out;
}

async function existingPatient(api: PlatformClient, mrn: string): Promise<string> {
  return (await api.get<Page<Created>>(`/patients?mrn=${encodeURIComponent(mrn)}`)).items[0].id;
}

async function existingCoverage(
  api: PlatformClient,
  patientId: string,
  wanted: Omit<Coverage, 'id'>,
): Promise<string | undefined> {
  const listed = await api.all<Coverage>(`/patients/${patientId}/coverages`);
  return listed.find((c) => c.payerId === wanted.payerId && c.memberId === wanted.memberId)?.id;
}

interface Coverage {
  id: string;
  payerId: string;
  memberId: string;
  relationship: string;
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

type Outcome = { state: 'clean' | 'rejected' | 'queued'; claimId?: string };

/** The biller works the edit work queue: each rejected claim gets its fix, and is re-scrubbed. */
async function workEditQueue(
  api: PlatformClient,
  day: DemoDay,
  encounterIds: string[],
  outcome: Map<string, Outcome>,
  counts: DemoCounts,
  o: DemoOptions,
): Promise<void> {
  for (const [i, e] of day.encounters.entries()) {
    const got = outcome.get(encounterIds[i]);
    if (got?.state !== 'rejected' || !got.claimId || !e.scrubMistake) continue;
    const serviceLines = correctedLines(e.scrubMistake).map(({ code, ...l }) => ({
      procedureCode: code,
      ...l,
    }));
    const fixed = await api.post<{ status: string }>(`/claims/${got.claimId}/corrections`, {
      serviceLines,
      note: `demo: fix ${e.scrubMistake}`,
    });
    if (fixed.status === 'ready') counts.corrected++;
  }
  if (counts.rejected > 0)
    o.log(
      `edit queue: ${counts.corrected} of ${counts.rejected} rejected claims corrected and re-scrubbed clean`,
    );
}

async function follow(
  api: PlatformClient,
  encounterIds: string[],
  counts: DemoCounts,
  o: DemoOptions,
): Promise<Map<string, Outcome>> {
  const ours = new Set(encounterIds);
  const deadline = Date.now() + o.timeoutMs;
  const outcome = new Map<string, Outcome>();
  let last = '';
  for (;;) {
    const claims = (
      await api.all<{ id: string; encounterId: string; status: string; totalChargeCents: number }>('/claims')
    ).filter((c) => ours.has(c.encounterId));
    const queue = (await api.all<{ encounterId: string }>('/coding/queue')).filter((q) =>
      ours.has(q.encounterId),
    );
    counts.claims = claims.length;
    counts.coded = claims.length;
    counts.queued = queue.length;
    counts.totalChargeCents = claims.reduce((s, c) => s + c.totalChargeCents, 0);
    counts.rejected = claims.filter((c) => c.status === 'rejected').length;
    counts.clean = claims.length - counts.rejected;
    claims.forEach((c) =>
      outcome.set(c.encounterId, { state: c.status === 'rejected' ? 'rejected' : 'clean', claimId: c.id }),
    );
    queue.forEach((q) => outcome.set(q.encounterId, { state: 'queued' }));
    const line = `flow: ${counts.claims} claims (${counts.clean} clean, ${counts.rejected} rejected by the scrubber), ${counts.queued} in the coding queue, of ${encounterIds.length}`;
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
