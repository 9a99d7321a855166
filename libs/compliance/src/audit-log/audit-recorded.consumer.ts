import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AuditRecordedEvent } from '@revcycle/contracts';
import { EventConsumer } from '@revcycle/messaging';
import { AuditLogService } from './audit-log.service';

/** audit.recorded from every service → the hash-chained audit log. */
@Controller()
export class AuditRecordedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly log: AuditLogService,
  ) {}

  @EventPattern(AuditRecordedEvent.type)
  async onAudit(@Payload() raw: unknown): Promise<void> {
    await this.consumer.consume('compliance.audit-log', AuditRecordedEvent, raw, (event, m) =>
      this.log.append(event, m),
    );
  }
}
