import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Actor } from '@revcycle/contracts';
import { RefusedAccess, RefusedAccessSink } from '@revcycle/security';
import { ActorEntry, AuditEntry, AuditTrail } from './audit-trail';
import { phiAccessOf } from './phi-audit.interceptor';

/** Itemized refusals kept per flush and service; past it they are counted per operation. */
export const MAX_ITEMIZED_REFUSALS = 500;
const FLUSH_EVERY_MS = 250;
/** A flush starts early once this many wait (one outbox insert of this many rows). */
const FLUSH_BATCH = 200;

const ANONYMOUS: Actor = { id: 'anonymous', role: 'system' };
const ACTION_OF_METHOD: Record<string, AuditEntry['action']> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
};

interface RefusedRequest {
  method: string;
  route?: { path?: string };
  ip?: string;
  id?: string | number;
}

interface Pending {
  items: ActorEntry[];
  /** Refusals past MAX_ITEMIZED_REFUSALS: how many per operation, recorded as one entry each. */
  notItemized: Map<string, { entry: AuditEntry; count: number }>;
}

/**
 * Audits every request the access guard refuses (401 no or bad token, 403 role lacks the
 * permission): who (the verified token's subject and role, else `anonymous`), what (method and
 * route pattern — never the path's values, the query or the body), outcome `refused`, source ip,
 * request id. Into the outbox of the service that owns the endpoint (in the platform, five).
 *
 * Off the response path, so a flood of unauthenticated requests can neither slow nor fail their
 * answers: `refused()` only appends to memory; a timer writes what waits in one outbox insert per
 * service every 250 ms (sooner at 200). A flush keeps at most MAX_ITEMIZED_REFUSALS entries per
 * service; beyond that the refusals are counted per operation and status and recorded as one
 * entry each ("… ×N not itemized"), so memory and audit volume stay bounded under a flood while
 * the count of refused requests stays exact. Refusals touch no PHI, so unlike PHI access they are
 * not written ahead: a crash loses at most the last 250 ms of them, and a failed flush is logged.
 */
@Injectable()
export class RefusedRequestAudit
  implements RefusedAccessSink, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('RefusedRequestAudit');
  private readonly trailOf = new Map<unknown, AuditTrail>();
  private readonly pending = new Map<AuditTrail, Pending>();
  private waiting = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly reflector: Reflector,
  ) {}

  /** Each controller belongs to the service whose messaging module (and so AuditTrail) its module imports. */
  onApplicationBootstrap(): void {
    for (const module of this.modules.values()) {
      const trail = [...module.imports]
        .map((imported) => imported.providers.get(AuditTrail)?.instance)
        .find((t): t is AuditTrail => t instanceof AuditTrail);
      if (!trail) continue;
      for (const controller of module.controllers.values()) this.trailOf.set(controller.metatype, trail);
    }
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  refused(context: ExecutionContext, refusal: RefusedAccess): void {
    const trail = this.trailOf.get(context.getClass());
    if (!trail) return;
    const request = context.switchToHttp().getRequest<RefusedRequest>();
    const access = phiAccessOf(this.reflector, context.getHandler());
    const entry: AuditEntry = {
      resourceType: access?.resourceType ?? 'Endpoint',
      action: access?.action ?? ACTION_OF_METHOD[request.method] ?? 'read',
      operation: `${request.method} ${request.route?.path ?? ''}`.trim().slice(0, 200),
      outcome: 'refused',
      requestId: request.id === undefined ? undefined : String(request.id),
      sourceIp: request.ip?.slice(0, 100),
    };
    const actor = refusal.principal ? { id: refusal.principal.id, role: refusal.principal.role } : ANONYMOUS;
    const pending = this.pendingFor(trail);
    if (pending.items.length < MAX_ITEMIZED_REFUSALS) {
      pending.items.push({ actor, entry, at: new Date().toISOString() });
      if (++this.waiting >= FLUSH_BATCH) setImmediate(() => void this.flush());
      return;
    }
    const key = `${refusal.status} ${entry.operation}`;
    const counted = pending.notItemized.get(key);
    if (counted) counted.count++;
    else
      pending.notItemized.set(key, {
        entry: {
          resourceType: entry.resourceType,
          action: entry.action,
          operation: entry.operation,
          outcome: 'refused',
        },
        count: 1,
      });
  }

  /** Writes what waits; one flush at a time (a flood's next batch waits for the running one). */
  flush(): Promise<void> {
    if (!this.flushing)
      this.flushing = this.write().finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batches = [...this.pending.entries()];
    this.pending.clear();
    this.waiting = 0;
    for (const [trail, { items, notItemized }] of batches) {
      const summaries = [...notItemized.values()].map(({ entry, count }) => ({
        actor: ANONYMOUS,
        entry: { ...entry, operation: `${entry.operation} ×${count} not itemized` },
      }));
      try {
        await trail.recordAll([...items, ...summaries]);
      } catch (err) {
        this.logger.warn({
          msg: 'refused requests not recorded',
          service: trail.service,
          entries: items.length + summaries.length,
          error: (err as Error).message,
        });
      }
    }
  }

  private pendingFor(trail: AuditTrail): Pending {
    let pending = this.pending.get(trail);
    if (!pending) this.pending.set(trail, (pending = { items: [], notItemized: new Map() }));
    return pending;
  }
}
