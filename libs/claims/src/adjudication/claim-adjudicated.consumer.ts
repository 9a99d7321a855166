import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ClaimAdjudicatedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { ClaimAdjudicationService } from './claim-adjudication.service';

/** remittance.claim.adjudicated → the claim's status, its payer claim number and, after a primary's 835, its secondary claim. */
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
}
