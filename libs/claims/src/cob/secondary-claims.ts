import { Injectable } from '@nestjs/common';
import { ClaimAdjudicated, ClaimCreatedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { ClaimEdit } from '@revcycle/edit-engine';
import { Outbox } from '@revcycle/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { claimServiceLines } from '../claim/claim-service-lines';
import { ServiceLine } from '../claim/service-line.entity';
import { ClaimEditRow } from '../edits/claim-edit.entity';
import { claimCorrectedEvent } from '../edits/claim-correction';
import { ClaimScrubber } from '../edits/claim-scrubber';
import { ClaimStatus } from '../lifecycle/claim-status';
import { recordStatusChanges } from '../lifecycle/claim-history';
import { scrubReason } from '../lifecycle/scrub-reason';
import { withSubmissionSnapshot } from '../submission/submission-snapshot';
import { balanceForSecondary, cobUnbalancedEdits, priorPayerAdjudication } from './prior-payer';

const COB = 'claims-cob';
const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * Coordination of benefits: after the primary payer's 835, a claim whose patient has a secondary
 * coverage is billed to the secondary — a claim of its own (its own patient control number, payer =
 * the secondary, 837 2000B SBR01 S) carrying the primary's adjudication in loops 2320/2330/2430. It
 * is scrubbed like any claim and goes ready → batched → … ; amounts that do not balance put it in
 * the edit work queue (COB_UNBALANCED) instead of sending the secondary a claim it would reject.
 */
@Injectable()
export class SecondaryClaims {
  constructor(
    private readonly scrubber: ClaimScrubber,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Inside the adjudication's transaction: the secondary claim of `primaryId`, once. A later
   * adjudication of the primary (the corrected CLP after a reversal) refreshes the prior payer
   * amounts of a secondary claim not yet sent, or voids it when nothing is left for the secondary;
   * one already sent is left as it is, noted for the biller. Returns what was done, for the
   * adjudication record, or undefined when there is no secondary coverage.
   */
  async afterPrimaryAdjudication(
    m: EntityManager,
    primaryId: string,
    event: EventEnvelope<ClaimAdjudicated>,
  ): Promise<string | undefined> {
    const primary = await m.getRepository(Claim).findOneByOrFail({ id: primaryId });
    const secondaryCoverage = primary.parties.secondaryCoverage;
    if (!secondaryCoverage) return undefined;
    const balance = balanceForSecondary(primary.totalChargeCents, event.payload);
    primary.serviceLines = await this.linesOf(m, primaryId);
    const existing = await this.secondaryOf(m, primaryId);
    if (existing) return this.refresh(m, primary, existing, event, balance);
    if (balance <= 0) return `nothing left for the secondary (balance ${money(balance)})`;
    const { prior, problems } = priorPayerAdjudication(primary, primary.parties.coverage, event.payload);

    const [{ n }] = await m.query(`SELECT nextval('claims.patient_control_number_seq') AS n`);
    const id = randomUUID();
    const secondary: Claim = {
      ...primary,
      id,
      patientControlNumber: `RC${String(n).padStart(10, '0')}`,
      payerId: secondaryCoverage.payer.id,
      frequencyCode: '1',
      status: 'ready',
      revision: 1,
      scrubbedAt: null,
      fingerprint: null,
      payerClaimControlNumber: null,
      parties: { ...primary.parties, coverage: secondaryCoverage, secondaryCoverage: undefined },
      payerResponsibility: 'S',
      primaryClaimId: primary.id,
      priorPayer: prior,
      serviceLines: primary.serviceLines.map((l) => ({ ...l, claimId: id, claim: undefined })),
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    await m.getRepository(Claim).save(withSubmissionSnapshot(secondary));
    const result = await this.scrubber.scrubAndRecord(
      m,
      secondary,
      cobUnbalancedEdits(primary.patientControlNumber, problems),
    );
    await m
      .getRepository(Claim)
      .update(
        { id },
        { status: secondary.status, scrubbedAt: secondary.scrubbedAt, fingerprint: secondary.fingerprint },
      );
    await recordStatusChanges(
      m,
      [
        {
          claimId: id,
          from: null,
          to: secondary.status,
          reason: `secondary claim of ${primary.patientControlNumber} after its 835 (${event.payload.outcome}, primary paid ${money(prior.paidCents)}); ${scrubReason(result.edits)}`,
        },
      ],
      { by: COB, source: `claim:${primary.id}` },
    );
    await this.outbox.enqueue(
      m,
      createEvent(ClaimCreatedEvent, {
        aggregateId: id,
        actor: { id: COB, role: 'system' },
        correlationId: event.correlationId,
        payload: {
          claimId: id,
          encounterId: secondary.encounterId,
          patientControlNumber: secondary.patientControlNumber,
          patientId: secondary.patientId,
          payerId: secondary.payerId,
          dateOfService: secondary.dateOfService,
          totalChargeCents: secondary.totalChargeCents,
          serviceLineCount: secondary.serviceLines.length,
          serviceLines: claimServiceLines(secondary),
          primaryClaimId: primary.id,
        },
      }),
    );
    return `secondary claim ${secondary.patientControlNumber} billed to the secondary payer (${secondary.status})`;
  }

  /**
   * The primary payer reversed its payment (835 CLP02 22): a secondary claim not yet sent waits in
   * the edit queue (PRIMARY_REVERSED) for the corrected payment that follows, rather than going out
   * with amounts the primary took back.
   */
  async afterPrimaryReversal(m: EntityManager, primaryId: string): Promise<string | undefined> {
    const secondary = await this.secondaryOf(m, primaryId);
    if (!secondary) return undefined;
    if (!UNSENT.includes(secondary.status))
      return `secondary claim ${secondary.patientControlNumber} is ${secondary.status}: correct it if the primary's new payment changes it`;
    const edit: ClaimEdit = {
      id: 'PRIMARY_REVERSED',
      category: 'required',
      severity: 'reject',
      line: null,
      codes: [],
      message:
        "the primary payer reversed its payment (835 CLP02 22): this secondary claim waits for the primary's corrected payment, whose amounts it will carry",
    };
    await this.rescrub(m, secondary, primaryId, [edit], "the primary's payment was reversed");
    return `secondary claim ${secondary.patientControlNumber} held (${secondary.status})`;
  }

  private async refresh(
    m: EntityManager,
    primary: Claim,
    secondary: Claim,
    event: EventEnvelope<ClaimAdjudicated>,
    balance: number,
  ): Promise<string> {
    const pcn = secondary.patientControlNumber;
    if (!UNSENT.includes(secondary.status))
      return `secondary claim ${pcn} already ${secondary.status}: correct it if the primary's new adjudication changes it`;
    if (balance <= 0) {
      await recordStatusChanges(
        m,
        [
          {
            claimId: secondary.id,
            from: secondary.status,
            to: 'voided',
            reason: `nothing left for the secondary after the primary's new adjudication (balance ${money(balance)})`,
          },
        ],
        { by: COB, source: `claim:${primary.id}` },
      );
      await m.getRepository(ClaimEditRow).delete({ claimId: secondary.id });
      await m
        .getRepository(Claim)
        .update(
          { id: secondary.id },
          { status: 'voided', fingerprint: null, revision: secondary.revision + 1 },
        );
      // The ledger follows: remittance stops ageing the primary's patient share as this claim's.
      const voided: Claim = {
        ...secondary,
        status: 'voided',
        revision: secondary.revision + 1,
        serviceLines: await this.linesOf(m, secondary.id),
      };
      await this.outbox.enqueue(m, claimCorrectedEvent(voided, { id: COB, role: 'system' }));
      return `secondary claim ${pcn} voided: nothing left for it`;
    }
    const { prior, problems } = priorPayerAdjudication(primary, primary.parties.coverage, event.payload);
    secondary.priorPayer = prior;
    secondary.revision += 1;
    await this.rescrub(
      m,
      secondary,
      primary.id,
      cobUnbalancedEdits(primary.patientControlNumber, problems),
      `prior payer amounts from the primary's new adjudication (primary paid ${money(prior.paidCents)})`,
    );
    return `secondary claim ${pcn} refreshed (${secondary.status})`;
  }

  /** Re-scrubs a secondary claim with `extraEdits` and records the change, in the caller's transaction. */
  private async rescrub(
    m: EntityManager,
    claim: Claim,
    primaryId: string,
    extraEdits: ClaimEdit[],
    why: string,
  ): Promise<void> {
    const before = claim.status;
    claim.serviceLines = await this.linesOf(m, claim.id);
    const result = await this.scrubber.scrubAndRecord(m, claim, extraEdits);
    const { serviceLines: _lines, ...header } = withSubmissionSnapshot(claim);
    await m.getRepository(Claim).update({ id: claim.id }, header);
    await recordStatusChanges(
      m,
      [{ claimId: claim.id, from: before, to: claim.status, reason: `${why}; ${scrubReason(result.edits)}` }],
      { by: COB, source: `claim:${primaryId}` },
    );
  }

  private secondaryOf(m: EntityManager, primaryId: string): Promise<Claim | null> {
    return m
      .getRepository(Claim)
      .findOne({ where: { primaryClaimId: primaryId }, lock: { mode: 'pessimistic_write' } });
  }

  private linesOf(m: EntityManager, claimId: string): Promise<ServiceLine[]> {
    return m.getRepository(ServiceLine).find({ where: { claimId }, order: { lineNumber: 'ASC' } });
  }
}

/** A secondary claim not yet sent: its prior payer amounts may still change. */
const UNSENT: readonly ClaimStatus[] = ['ready', 'rejected'];
