import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CoverageUpdatedEvent,
  PatientUpdatedEvent,
  PayerUpdatedEvent,
  ProviderUpdatedEvent,
} from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { PartySnapshots } from './party-snapshots';

const CONSUMER = 'claims.parties';

/** charts.<party>.updated → the latest snapshot of that party, for corrections with refreshParties. */
@Controller()
export class PartyUpdatedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly snapshots: PartySnapshots,
  ) {}

  @EventPattern(PatientUpdatedEvent.type)
  async onPatient(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume(CONSUMER, PatientUpdatedEvent, raw, (e, m) =>
      this.snapshots.record(m, 'patient', e.payload.patient.id, e, e.payload.patient),
    );
  }

  @EventPattern(CoverageUpdatedEvent.type)
  async onCoverage(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume(CONSUMER, CoverageUpdatedEvent, raw, (e, m) =>
      this.snapshots.record(m, 'coverage', e.payload.coverage.id, e, e.payload.coverage),
    );
  }

  @EventPattern(ProviderUpdatedEvent.type)
  async onProvider(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume(CONSUMER, ProviderUpdatedEvent, raw, (e, m) =>
      this.snapshots.record(m, 'provider', e.payload.provider.id, e, e.payload.provider),
    );
  }

  @EventPattern(PayerUpdatedEvent.type)
  async onPayer(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume(CONSUMER, PayerUpdatedEvent, raw, (e, m) =>
      this.snapshots.record(m, 'payer', e.payload.payer.id, e, e.payload.payer),
    );
  }
}
