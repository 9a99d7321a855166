import { Injectable } from '@nestjs/common';
import { ClaimCreatedEvent, EncounterCoded, EventEnvelope, createEvent } from '@revcycle/contracts';
import { claimFingerprint } from '@revcycle/edit-engine';
import { Outbox } from '@revcycle/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { buildClaim } from '../claim/build-claim';
import { Claim } from '../claim/claim.entity';
import { claimServiceLines } from '../claim/claim-service-lines';
import { ClaimScrubber } from '../edits/claim-scrubber';
import { toScrubClaim } from '../edits/scrub-claim';
import {
  ScrubbedClaim,
  earlierIdenticalClaims,
  reserveIntake,
  storeScrubbedClaims,
} from './claim-intake-statements';

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
    const [claim] = await this.fromCodedEncounters([event], m);
    return claim;
  }

  /**
   * Builds, scrubs and stores a claim per coded encounter not billed yet, in the caller's
   * transaction, set-based: four round trips for any number of events (reserve, earlier identical
   * claims, the claims with lines, edits and history in one insert, the claims.claim.created
   * events in one outbox insert). One claim per encounter, even if its event arrives twice under
   * different ids (replayed upstream): in the database or earlier in `events`. Returns the claims
   * stored, in event order.
   */
  async fromCodedEncounters(
    events: Array<EventEnvelope<EncounterCoded>>,
    m: EntityManager,
  ): Promise<Claim[]> {
    const firsts = [...new Map(events.map((e) => [e.payload.encounterId, e] as const)).values()];
    if (firsts.length === 0) return [];
    // Built before the numbers are known: the fingerprint does not read the control number.
    const built = firsts.map((event) => {
      // Its sealed submission is written with the row, once its control number is known.
      const claim = buildClaim(randomUUID(), '', event.payload);
      claim.fingerprint = claimFingerprint(toScrubClaim(claim)) || null;
      return { event, claim };
    });
    const reserved = await reserveIntake(
      m,
      built.map((b) => b.claim.encounterId),
      built.flatMap((b) => (b.claim.fingerprint ? [b.claim.fingerprint] : [])),
    );
    const fresh = built.filter((b) => !reserved.billed.has(b.claim.encounterId));
    if (fresh.length === 0) return [];
    fresh.forEach((b, i) => {
      b.claim.patientControlNumber = `RC${String(reserved.numbers[i]).padStart(10, '0')}`;
    });
    await this.scrubber.useRules(m, reserved.rulesVersion);
    const stored = await earlierIdenticalClaims(
      m,
      fresh.map((b) => b.claim),
    );
    // Identical claims within the batch: the earlier one (lower control number) is stored first.
    const firstOfFingerprint = new Map<string, string>();
    const scrubbed: ScrubbedClaim[] = fresh.map(({ claim }, i) => {
      const fingerprint = claim.fingerprint;
      const inBatch = fingerprint ? firstOfFingerprint.get(fingerprint) : undefined;
      if (fingerprint && !inBatch) firstOfFingerprint.set(fingerprint, claim.patientControlNumber);
      const earlier = [stored[i], inBatch].filter((p): p is string => p !== undefined).sort()[0];
      return { claim, result: this.scrubber.scrubWith(claim, earlier) };
    });
    await storeScrubbedClaims(m, scrubbed, BUILDER);
    await this.outbox.enqueue(
      m,
      fresh.map(({ event, claim }) =>
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
      ),
    );
    return fresh.map((b) => b.claim);
  }
}
