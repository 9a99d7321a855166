import { parse835 } from '@revcycle/x12';
import { PlatformClient } from './platform-client';
import type { CobPair } from './post-remittances';
import { PayerToken, SubmissionCounts, submitClaims } from './submit-claims';

interface ClaimRow {
  id: string;
  encounterId: string;
  patientControlNumber: string;
  payerId: string;
  status: string;
  payerResponsibility: string;
  primaryClaimId: string | null;
}

export interface SecondaryRound {
  /** Secondary claims the secondary payers received in their 837s. */
  secondaryClaims: number;
  /** Secondary claims the scrubber held in the edit work queue instead (COB_UNBALANCED …). */
  held: number;
  counts: SubmissionCounts;
  /** The secondary payers' 835s, for finance. */
  remittances: string[];
  /** Every primary of ours and the secondary claim claims built after its 835. */
  pairs: CobPair[];
}

/**
 * Waits until claims has heard of every CLP of `files` (GET /claims/adjudications: one record per
 * remittance.claim.adjudicated, a reversal and its correction two), so every claim stands where the
 * 835s put it — and a secondary claim carries its primary's final amounts. False on timeout.
 */
export async function waitForAdjudications(
  api: PlatformClient,
  files: readonly string[],
  deadline: number,
): Promise<boolean> {
  const expected = new Map<string, number>();
  for (const text of files)
    for (const t of parse835(text).file.transactions)
      for (const c of t.claims) expected.set(c.claimId, (expected.get(c.claimId) ?? 0) + 1);
  if (expected.size === 0) return true;
  for (;;) {
    const seen = new Map<string, Set<string>>();
    for (const r of await api.all<{ eventId: string; patientControlNumber: string }>('/claims/adjudications'))
      if (expected.has(r.patientControlNumber))
        seen.set(r.patientControlNumber, (seen.get(r.patientControlNumber) ?? new Set()).add(r.eventId));
    if ([...expected].every(([pcn, n]) => (seen.get(pcn)?.size ?? 0) >= n)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Coordination of benefits, the demo's second round: once claims has applied the primaries' 835s,
 * it has built a secondary claim for each patient with a secondary coverage whose primary left
 * something (claims' COB, 837 loops 2320/2330/2430). The biller batches them to their payers
 * (POST /claims/batches per secondary payer), each payer downloads its 837 and the payer simulator
 * adjudicates it as secondary (835 CLP02 2); its 999 and 277CA are posted back like the primaries'.
 */
export async function billSecondaries(
  api: PlatformClient,
  payerToken: PayerToken,
  seed: number,
  primaryRemittances: readonly string[],
  encounterIds: readonly string[],
  deadline: number,
  log: (line: string) => void,
): Promise<SecondaryRound> {
  const none: SubmissionCounts = { batches: 0, submitted: 0, acknowledged: 0, accepted: 0, payerRejected: 0 };
  if (!(await waitForAdjudications(api, primaryRemittances, deadline)))
    log("COB: timed out waiting for claims to apply the primaries' 835s");
  const ours = new Set(encounterIds);
  const claims = (await api.all<ClaimRow>('/claims')).filter((c) => ours.has(c.encounterId));
  const byId = new Map(claims.map((c) => [c.id, c]));
  const secondaries = claims.filter((c) => c.payerResponsibility === 'S' && c.primaryClaimId);
  const pairs = secondaries.flatMap((s) => {
    const primary = byId.get(s.primaryClaimId ?? '');
    return primary ? [{ primary: primary.patientControlNumber, secondary: s.patientControlNumber }] : [];
  });
  const ready = secondaries.filter((c) => c.status === 'ready');
  const held = secondaries.filter((c) => c.status === 'rejected').length;
  log(
    `COB: ${secondaries.length} secondary claims built after the primaries' 835s (${ready.length} ready, ${held} held in the edit queue)`,
  );
  if (ready.length === 0) return { secondaryClaims: 0, held, counts: none, remittances: [], pairs };
  const payers = [...new Set(ready.map((c) => c.payerId))];
  const round = await submitClaims(
    api,
    payerToken,
    seed,
    log,
    payers.map((payerId) => ({ payerId })),
    'secondary submission',
  );
  const pcns = new Set(secondaries.map((s) => s.patientControlNumber));
  return {
    secondaryClaims: round.billed.filter((pcn) => pcns.has(pcn)).length,
    held,
    counts: round.counts,
    remittances: round.remittances,
    pairs,
  };
}
