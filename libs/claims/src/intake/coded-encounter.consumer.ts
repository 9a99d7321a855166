import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EncounterCodedEvent } from '@revcycle/contracts';
import { EventConsumer, writeWithConsumerBatch } from '@revcycle/messaging';
import { ClaimBuilderService } from './claim-builder.service';

/**
 * coding.encounter.coded → a stored claim. Under the batching transport the batch's encounters are
 * built, scrubbed and stored together just before the batch commits (ClaimBuilderService
 * .fromCodedEncounters: the same few statements for one event or a thousand).
 */
@Controller()
export class CodedEncounterConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly builder: ClaimBuilderService,
  ) {}

  @EventPattern(EncounterCodedEvent.type)
  async onCoded(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('claims.intake', EncounterCodedEvent, raw, (event, m) =>
      writeWithConsumerBatch('claims.intake', event, async (events) => {
        await this.builder.fromCodedEncounters(events, m);
      }),
    );
  }
}
