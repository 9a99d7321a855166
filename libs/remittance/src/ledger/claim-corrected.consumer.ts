import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ClaimCorrectedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { replaceLedgerLines } from './ledger-lines';

/**
 * claims.claim.corrected → the ledger entry follows (charges, line count, revision, voided). It
 * travels on another topic than claims.claim.created, so it may arrive first: then it creates the
 * entry, and the later created event (revision 1) changes nothing. An older revision never
 * overwrites a newer one; the billed lines follow the entry.
 */
@Controller()
export class ClaimCorrectedConsumer {
  constructor(private readonly consumer: EventConsumer) {}

  @EventPattern(ClaimCorrectedEvent.type)
  async onClaimCorrected(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('remittance.ledger', ClaimCorrectedEvent, raw, async (event, m) => {
      const c = event.payload;
      const taken: unknown[] = await m.query(
        `INSERT INTO remittance.claim_ledger AS l
           (claim_id, patient_control_number, encounter_id, patient_id, payer_id, date_of_service,
            total_charge_cents, service_line_count, revision, voided, primary_claim_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
         ON CONFLICT (claim_id) DO UPDATE SET
           payer_id = EXCLUDED.payer_id,
           total_charge_cents = EXCLUDED.total_charge_cents,
           service_line_count = EXCLUDED.service_line_count,
           revision = EXCLUDED.revision,
           voided = EXCLUDED.voided,
           primary_claim_id = coalesce(EXCLUDED.primary_claim_id, l.primary_claim_id),
           updated_at = now()
         WHERE l.revision < EXCLUDED.revision
         RETURNING claim_id`,
        [
          c.claimId,
          c.patientControlNumber,
          c.encounterId,
          c.patientId,
          c.payerId,
          c.dateOfService,
          c.totalChargeCents,
          c.serviceLineCount,
          c.revision,
          c.voided,
          c.primaryClaimId ?? null,
        ],
      );
      if (taken.length > 0) await replaceLedgerLines(m, c.claimId, c.serviceLines);
    });
  }
}
