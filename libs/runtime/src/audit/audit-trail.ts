import { Actor, AuditRecorded, AuditRecordedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { ServiceSchema } from '@revcycle/persistence';
import { DataSource, EntityManager } from 'typeorm';

export type AuditEntry = Omit<AuditRecorded, 'service' | 'at'>;

/**
 * Records PHI access as `audit.recorded` events through the service's outbox: durable with the
 * change it describes, delivered to compliance off the request path.
 */
export class AuditTrail {
  constructor(
    readonly service: ServiceSchema,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Inside the caller's transaction when given one (writes), else in a short one of its own (reads). */
  async record(actor: Actor, entries: AuditEntry[], manager?: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    const at = new Date().toISOString();
    const events = entries.map((entry) =>
      createEvent(AuditRecordedEvent, {
        aggregateId: entry.patientId ?? entry.resourceId ?? entry.resourceType,
        actor,
        payload: { ...entry, service: this.service, at },
      }),
    );
    if (manager) return this.outbox.enqueue(manager, events);
    await this.dataSource.transaction((m) => this.outbox.enqueue(m, events));
  }
}
