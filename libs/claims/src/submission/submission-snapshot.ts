import { phiColumnContext, phiKeyring } from '@revcycle/security';
import type { Claim, ClaimParties } from '../claim/claim.entity';
import type { ServiceLine } from '../claim/service-line.entity';
import type { PriorPayerAdjudication } from '../cob/prior-payer';

/** A service line as the 837 writes it (the claim id is the row's). */
export type SnapshotLine = Omit<ServiceLine, 'claim' | 'claimId'>;

/**
 * What the 837 needs of a claim beyond its clear columns — its diagnoses, parties, prior payer and
 * lines — as ONE value sealed to the claim's row (`claims.claim.submission`). It is written in the
 * transaction that builds, corrects or re-scrubs the claim, so a batch opens one value per claim
 * instead of three per claim and three per line. The column values stay the truth: a snapshot of
 * another revision (or none, for claims stored before it existed) is not used.
 */
export interface SubmissionSnapshot {
  revision: number;
  diagnoses: string[];
  parties: ClaimParties;
  priorPayer: PriorPayerAdjudication | null;
  serviceLines: SnapshotLine[];
}

type SnapshotSource = Pick<Claim, 'revision' | 'diagnoses' | 'parties' | 'priorPayer'> & {
  serviceLines: SnapshotLine[];
};

export function submissionSnapshotOf(claim: SnapshotSource): SubmissionSnapshot {
  return {
    revision: claim.revision,
    diagnoses: claim.diagnoses,
    parties: claim.parties,
    priorPayer: claim.priorPayer ?? null,
    serviceLines: [...claim.serviceLines]
      .sort((a, b) => a.lineNumber - b.lineNumber)
      .map((l) => ({
        lineNumber: l.lineNumber,
        procedureCode: l.procedureCode,
        modifiers: l.modifiers,
        units: l.units,
        chargeCents: l.chargeCents,
        diagnosisPointers: l.diagnosisPointers,
        dateOfService: l.dateOfService,
      })),
  };
}

/** Sets the claim's snapshot from what it holds now; the entity's PHI subscriber seals it on write. */
export function withSubmissionSnapshot<T extends SnapshotSource & { submission?: unknown }>(claim: T): T {
  claim.submission = submissionSnapshotOf(claim);
  return claim;
}

const snapshotContext = (claimId: string) => phiColumnContext('claims.claim', 'submission', claimId);

/** The stored form, for writers that bypass the entity (the benchmark's seeding, backfills). */
export const sealSubmissionSnapshot = (claimId: string, snapshot: SubmissionSnapshot): string =>
  phiKeyring().encrypt(JSON.stringify(snapshot), snapshotContext(claimId));

export const openSubmissionSnapshot = (claimId: string, stored: string): SubmissionSnapshot =>
  JSON.parse(phiKeyring().decrypt(stored, snapshotContext(claimId))) as SubmissionSnapshot;
