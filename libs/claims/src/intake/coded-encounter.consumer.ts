import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EncounterCodedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { ClaimBuilderService } from './claim-builder.service';

/** coding.encounter.coded → a stored claim. */
@Controller()
export class CodedEncounterConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly builder: ClaimBuilderService,
  ) {}

  @EventPattern(EncounterCodedEvent.type)
  async onCoded(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('claims.intake', EncounterCodedEvent, raw, async (event, m) => {
      await this.builder.fromCodedEncounter(event, m);
    });
  }
}
