import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EncounterFinalizedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { CodingService } from './coding.service';

/** charts.encounter.finalized → coded, or into the coder work queue. */
@Controller()
export class FinalizedEncounterConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly coding: CodingService,
  ) {}

  @EventPattern(EncounterFinalizedEvent.type)
  async onFinalized(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('coding.intake', EncounterFinalizedEvent, raw, async (event, m) => {
      await this.coding.intake(event, m);
    });
  }
}
