import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ClaimCreatedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { ClaimLedgerEntry } from './ledger-entry.entity';

/** claims.claim.created → a ledger entry. */
@Controller()
export class ClaimCreatedConsumer {
  constructor(private readonly consumer: EventConsumer) {}

  @EventPattern(ClaimCreatedEvent.type)
  async onClaimCreated(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('remittance.ledger', ClaimCreatedEvent, raw, async (event, m) => {
      const c = event.payload;
      await m
        .createQueryBuilder()
        .insert()
        .into(ClaimLedgerEntry)
        .values({
          claimId: c.claimId,
          patientControlNumber: c.patientControlNumber,
          encounterId: c.encounterId,
          patientId: c.patientId,
          payerId: c.payerId,
          dateOfService: c.dateOfService,
          totalChargeCents: c.totalChargeCents,
          serviceLineCount: c.serviceLineCount,
        })
        .orIgnore()
        .execute();
    });
  }
}
