import { Actor } from '@revcycle/contracts';
import { ActorEntry, AuditEntry } from './audit-trail';

export const ANONYMOUS: Actor = { id: 'anonymous', role: 'system' };

interface Pending {
  items: ActorEntry[];
  /** Refusals past the bound: how many per status and operation, recorded as one entry each. */
  notItemized: Map<string, { entry: AuditEntry; count: number }>;
}

/**
 * Refused requests waiting to be written, per service (`K`): itemized up to `maxItemized` per
 * flush, then counted per status and operation, so memory and audit volume stay bounded under a
 * flood while the number of refusals recorded stays exact.
 */
export class RefusalBuffer<K> {
  private pending = new Map<K, Pending>();
  private itemized = 0;

  constructor(readonly maxItemized: number) {}

  /** Entries itemized since the last take() (all services). */
  get waiting(): number {
    return this.itemized;
  }

  add(key: K, status: number, actor: Actor, entry: AuditEntry, at: string): void {
    let pending = this.pending.get(key);
    if (!pending) this.pending.set(key, (pending = { items: [], notItemized: new Map() }));
    if (pending.items.length < this.maxItemized) {
      pending.items.push({ actor, entry, at });
      this.itemized++;
      return;
    }
    const counter = `${status} ${entry.operation}`;
    const counted = pending.notItemized.get(counter);
    if (counted) counted.count++;
    else {
      const { resourceType, action, operation, outcome } = entry;
      pending.notItemized.set(counter, { entry: { resourceType, action, operation, outcome }, count: 1 });
    }
  }

  /** Everything waiting, as entries to record per service; the buffer starts empty again. */
  take(): Array<[K, ActorEntry[]]> {
    const taken = [...this.pending.entries()];
    this.pending = new Map();
    this.itemized = 0;
    return taken.map(([key, { items, notItemized }]) => [
      key,
      [
        ...items,
        ...[...notItemized.values()].map(({ entry, count }) => ({
          actor: ANONYMOUS,
          entry: { ...entry, operation: `${entry.operation} ×${count} not itemized` },
        })),
      ],
    ]);
  }
}
