import { Actor, AuditRecorded, AuditRecordedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { ServiceSchema } from '@revcycle/persistence';
import { DataSource, EntityManager } from 'typeorm';

export type AuditEntry = Omit<AuditRecorded, 'service' | 'at'>;

/** One entry and who it is about, for a batch of entries by different actors. */
export interface ActorEntry {
  actor: Actor;
  entry: AuditEntry;
  /** When it happened, if earlier than the recording (a batch flushed later); now by default. */
  at?: string;
}

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
    return this.recordAll(
      entries.map((entry) => ({ actor, entry })),
      manager,
    );
  }

  /** Entries of several actors in one outbox insert (one transaction when none is given). */
  async recordAll(items: ActorEntry[], manager?: EntityManager): Promise<void> {
    if (items.length === 0) return;
    const events = this.eventsFor(items);
    if (manager) return this.outbox.enqueue(manager, events);
    await this.dataSource.transaction((m) => this.outbox.enqueue(m, events));
  }

  /** The `audit.recorded` events of the entries, for a caller that enqueues them with its own events. */
  eventsFor(items: ActorEntry[]): EventEnvelope[] {
    const now = new Date().toISOString();
    return items.map(({ actor, entry, at }) =>
      createEvent(AuditRecordedEvent, {
        aggregateId: entry.patientId ?? entry.resourceId ?? entry.resourceType,
        actor,
        payload: { ...entry, service: this.service, at: at ?? now },
      }),
    );
  }
}
