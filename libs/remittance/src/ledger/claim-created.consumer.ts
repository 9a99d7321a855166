import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ClaimCreatedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { replaceLedgerLines } from './ledger-lines';

/** claims.claim.created → a ledger entry and its billed lines (unless a correction made it first). */
@Controller()
export class ClaimCreatedConsumer {
  constructor(private readonly consumer: EventConsumer) {}

  @EventPattern(ClaimCreatedEvent.type)
  async onClaimCreated(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('remittance.ledger', ClaimCreatedEvent, raw, async (event, m) => {
      const c = event.payload;
      const inserted: unknown[] = await m.query(
        `INSERT INTO remittance.claim_ledger
           (claim_id, patient_control_number, encounter_id, patient_id, payer_id, date_of_service,
            total_charge_cents, service_line_count, primary_claim_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING RETURNING claim_id`,
        [
          c.claimId,
          c.patientControlNumber,
          c.encounterId,
          c.patientId,
          c.payerId,
          c.dateOfService,
          c.totalChargeCents,
          c.serviceLineCount,
          c.primaryClaimId ?? null,
        ],
      );
      if (inserted.length > 0) await replaceLedgerLines(m, c.claimId, c.serviceLines);
    });
  }
}
