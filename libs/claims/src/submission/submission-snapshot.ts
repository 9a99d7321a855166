import { phiColumnContext, phiKeyring } from '@revcycle/security';
import type { RenderedClaim837 } from '@revcycle/x12';
import { renderClaim837 } from '@revcycle/x12';
import type { Claim, ClaimParties } from '../claim/claim.entity';
import type { ServiceLine } from '../claim/service-line.entity';
import type { PriorPayerAdjudication } from '../cob/prior-payer';
import type { ClaimToSubmit } from './claim-file/claim-837-mapping';
import { toClaim837 } from './claim-file/claim-837-mapping';

/** A service line as the 837 writes it (the claim id is the row's). */
export type SnapshotLine = Omit<ServiceLine, 'claim' | 'claimId'>;

/**
 * A claim's submission (`claims.claim.submission`, one value sealed to the row) is written in the
 * transaction that builds, corrects or re-scrubs the claim, so a batch opens one value per claim
 * instead of three per claim and three per line: its 837 loops rendered (SubmissionRendering), or,
 * while it cannot be rendered, the snapshot of what the 837 needs beyond its clear columns — its
 * diagnoses, parties, prior payer and lines. The column values stay the truth: a submission of
 * another revision or other columns (or none, for claims stored before it existed) is not used.
 */
export interface SubmissionSnapshot {
  revision: number;
  diagnoses: string[];
  parties: ClaimParties;
  priorPayer: PriorPayerAdjudication | null;
  serviceLines: SnapshotLine[];
}

/**
 * The claim's 837 loops as text, rendered when the snapshot is sealed (libs/x12 RenderedClaim837):
 * a batch composes its file from them without building and writing each claim again. Used only
 * while the claim is at the same revision and its clear columns are the ones rendered from.
 */
export interface SubmissionRendering {
  revision: number;
  /** submissionColumnsOf the claim row the loops were written from. */
  columns: string;
  rendered: RenderedClaim837;
}

type SnapshotSource = Pick<Claim, 'revision' | 'diagnoses' | 'parties' | 'priorPayer'> & {
  serviceLines: SnapshotLine[];
};

/** A claim as it is sealed: its snapshot's values and the clear columns its 837 loops are written from. */
export type SealedClaim = SnapshotSource & Omit<ClaimToSubmit, 'serviceLines'> & { id: string };

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

/** The clear columns (patient control number, type, frequency, dates, charge, REF*F8, SBR01) the loops depend on. */
export function submissionColumnsOf(
  c: Pick<
    ClaimToSubmit,
    | 'patientControlNumber'
    | 'claimType'
    | 'frequencyCode'
    | 'dateOfService'
    | 'placeOfService'
    | 'totalChargeCents'
    | 'payerClaimControlNumber'
    | 'payerResponsibility'
  >,
): string {
  return [
    c.patientControlNumber,
    c.claimType,
    c.frequencyCode,
    c.dateOfService,
    c.placeOfService,
    c.totalChargeCents,
    c.payerClaimControlNumber ?? '',
    c.payerResponsibility === 'S' ? 'S' : 'P',
  ].join('|');
}

/** The claim's 837 loops, in the file's (default) delimiters: the ones ClaimFileWriter writes. */
export const renderClaimToSubmit = (c: ClaimToSubmit): RenderedClaim837 =>
  renderClaim837(c.claimType, toClaim837(c));

/**
 * The stored text: the claim's rendering (`837 ` and one JSON array), or — for a claim that cannot
 * be rendered yet (not numbered, or its 837 would be refused) — its snapshot's JSON object. Either
 * is of one revision; a batch that finds a rendering of other columns, or a snapshot, reads the
 * claim's parties and lines from their columns (the truth).
 */
function encodeSubmission(claim: SealedClaim): string {
  const snapshot = submissionSnapshotOf(claim);
  if (!claim.patientControlNumber) return JSON.stringify(snapshot); // not numbered yet
  let r: RenderedClaim837;
  try {
    r = renderClaimToSubmit({ ...claim, serviceLines: snapshot.serviceLines });
  } catch {
    return JSON.stringify(snapshot); // what cannot be written now is written (and refused, located) by the batch
  }
  const rendering = [
    claim.revision,
    submissionColumnsOf(claim),
    r.billingProvider,
    r.subscriber,
    r.patient ?? null,
    r.claim,
  ];
  return `${RENDERED}${JSON.stringify(rendering)}`;
}

const RENDERED = '837 ';

/** A sealed submission, opened: a rendering, or a snapshot (see encodeSubmission). */
export class OpenedSubmission {
  constructor(private readonly text: string) {}

  rendering(): SubmissionRendering | undefined {
    if (!this.text.startsWith(RENDERED)) return undefined;
    const [revision, columns, billingProvider, subscriber, patient, claim] = JSON.parse(
      this.text.slice(RENDERED.length),
    ) as [number, string, string, string, string | null, string];
    const rendered: RenderedClaim837 = { billingProvider, subscriber, claim };
    if (patient !== null) rendered.patient = patient;
    return { revision, columns, rendered };
  }

  snapshot(): SubmissionSnapshot | undefined {
    return this.text.startsWith(RENDERED) ? undefined : (JSON.parse(this.text) as SubmissionSnapshot);
  }

  /** The claim revision it was sealed at. */
  get revision(): number {
    return this.rendering()?.revision ?? (JSON.parse(this.text) as SubmissionSnapshot).revision;
  }
}

/** Sets the claim's sealed submission from what it holds now; the entity's PHI subscriber seals it on write. */
export function withSubmissionSnapshot<T extends SealedClaim & { submission?: unknown }>(claim: T): T {
  claim.submission = encodeSubmission(claim);
  return claim;
}

const snapshotContext = (claimId: string) => phiColumnContext('claims.claim', 'submission', claimId);

/** The stored form, for writers that bypass the entity (lean intake, backfills, the benchmark's seeding). */
export const sealSubmission = (claim: SealedClaim): string =>
  phiKeyring().encrypt(encodeSubmission(claim), snapshotContext(claim.id));

export const openSubmission = (claimId: string, stored: string): OpenedSubmission =>
  new OpenedSubmission(phiKeyring().decrypt(stored, snapshotContext(claimId)));
