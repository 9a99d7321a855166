import { Injectable } from '@nestjs/common';
import { ClaimAdjudicated, ClaimCreatedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { ClaimEdit } from '@revcycle/edit-engine';
import { Outbox } from '@revcycle/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Claim } from '../claim/claim.entity';
import { ServiceLine } from '../claim/service-line.entity';
import { ClaimScrubber } from '../edits/claim-scrubber';
import { recordStatusChanges } from '../lifecycle/claim-history';
import { scrubReason } from '../lifecycle/scrub-reason';
import { balanceForSecondary, priorPayerAdjudication } from './prior-payer';

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
   * Inside the adjudication's transaction: the secondary claim of `primaryId`, once (a reversal and
   * the corrected CLP that follows do not bill the secondary twice). Returns what was done, for
   * the adjudication record, or undefined when there is no secondary to bill.
   */
  async afterPrimaryAdjudication(
    m: EntityManager,
    primaryId: string,
    event: EventEnvelope<ClaimAdjudicated>,
  ): Promise<string | undefined> {
    const primary = await m.getRepository(Claim).findOneByOrFail({ id: primaryId });
    const secondaryCoverage = primary.parties.secondaryCoverage;
    if (!secondaryCoverage) return undefined;
    const [existing] = await m.query(
      `SELECT patient_control_number FROM claims.claim WHERE primary_claim_id = $1`,
      [primaryId],
    );
    if (existing) return `secondary claim ${existing.patient_control_number} already billed`;
    const balance = balanceForSecondary(primary.totalChargeCents, event.payload);
    if (balance <= 0) return `nothing left for the secondary (balance ${money(balance)})`;
    primary.serviceLines = await m
      .getRepository(ServiceLine)
      .find({ where: { claimId: primaryId }, order: { lineNumber: 'ASC' } });
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
    await m.getRepository(Claim).save(secondary);
    const unbalanced: ClaimEdit[] = problems.map((message) => ({
      id: 'COB_UNBALANCED',
      category: 'required',
      severity: 'reject',
      line: null,
      codes: [primary.patientControlNumber],
      message: `${message}: the secondary payer would reject the prior payer amounts (837 loops 2320/2430 must balance); post the primary's 835 in full, then correct this claim`,
    }));
    const result = await this.scrubber.scrubAndRecord(m, secondary, unbalanced);
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
        },
      }),
    );
    return `secondary claim ${secondary.patientControlNumber} billed to the secondary payer (${secondary.status})`;
  }
}
