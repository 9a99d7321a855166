import { Injectable } from '@nestjs/common';
import { ClaimCreatedEvent, EncounterCoded, EventEnvelope, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { buildClaim } from '../claim/build-claim';
import { Claim } from '../claim/claim.entity';
import { claimServiceLines } from '../claim/claim-service-lines';
import { ClaimScrubber } from '../edits/claim-scrubber';
import { recordStatusChanges } from '../lifecycle/claim-history';
import { scrubReason } from '../lifecycle/scrub-reason';
import { withSubmissionSnapshot } from '../submission/submission-snapshot';

const BUILDER = 'claims-builder';

@Injectable()
export class ClaimBuilderService {
  constructor(
    private readonly outbox: Outbox,
    private readonly scrubber: ClaimScrubber,
  ) {}

  /** Inside the consumer's inbox transaction: store and scrub the claim, emit claims.claim.created. */
  async fromCodedEncounter(
    event: EventEnvelope<EncounterCoded>,
    m: EntityManager,
  ): Promise<Claim | undefined> {
    // One claim per encounter, even if the event arrives under a different id (e.g. replayed upstream).
    if (await m.getRepository(Claim).existsBy({ encounterId: event.payload.encounterId })) return undefined;
    const [{ n }] = await m.query(`SELECT nextval('claims.patient_control_number_seq') AS n`);
    const pcn = `RC${String(n).padStart(10, '0')}`;
    const claim = withSubmissionSnapshot(buildClaim(randomUUID(), pcn, event.payload));
    await m.getRepository(Claim).save(claim);
    // Every new claim is scrubbed: clean ones move on, rejected ones enter the edit work queue.
    const result = await this.scrubber.scrubAndRecord(m, claim);
    await m
      .getRepository(Claim)
      .update(
        { id: claim.id },
        { status: claim.status, scrubbedAt: claim.scrubbedAt, fingerprint: claim.fingerprint },
      );
    await recordStatusChanges(
      m,
      [{ claimId: claim.id, from: null, to: claim.status, reason: scrubReason(result.edits) }],
      { by: BUILDER, source: `encounter:${claim.encounterId}` },
    );
    await this.outbox.enqueue(
      m,
      createEvent(ClaimCreatedEvent, {
        aggregateId: claim.id,
        actor: { id: BUILDER, role: 'system' },
        correlationId: event.correlationId,
        payload: {
          claimId: claim.id,
          encounterId: claim.encounterId,
          patientControlNumber: claim.patientControlNumber,
          patientId: claim.patientId,
          payerId: claim.payerId,
          dateOfService: claim.dateOfService,
          totalChargeCents: claim.totalChargeCents,
          serviceLineCount: claim.serviceLines.length,
          serviceLines: claimServiceLines(claim),
        },
      }),
    );
    return claim;
  }
}
