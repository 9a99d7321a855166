import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ClaimAdjudicatedEvent, ClaimsAdjudicatedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { ClaimAdjudicationService } from './claim-adjudication.service';

/**
 * remittance.claims.adjudicated (the claims of one posting batch) and remittance.claim.adjudicated
 * (one claim, v1) → each claim's status, its payer claim number and, after a primary's 835, its
 * secondary claim. A batch applies its claims in order in the one inbox transaction, each as the v1
 * event it stands for (its adjudicationId as the event id): a redelivered batch is a no-op whole.
 */
@Controller()
export class ClaimAdjudicatedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly adjudication: ClaimAdjudicationService,
  ) {}

  @EventPattern(ClaimAdjudicatedEvent.type)
  async onAdjudicated(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('claims.adjudication', ClaimAdjudicatedEvent, raw, (event, m) =>
      this.adjudication.apply(event, m),
    );
  }

  @EventPattern(ClaimsAdjudicatedEvent.type)
  async onAdjudicatedBatch(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('claims.adjudication', ClaimsAdjudicatedEvent, raw, async (event, m) => {
      for (const { adjudicationId, ...claim } of event.payload.claims)
        await this.adjudication.apply(
          {
            ...event,
            id: adjudicationId,
            type: ClaimAdjudicatedEvent.type,
            version: ClaimAdjudicatedEvent.version,
            aggregateId: claim.claimId,
            payload: claim,
          },
          m,
        );
    });
  }
}
