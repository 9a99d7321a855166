import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { RefusedAccess, RefusedAccessSink } from '@revcycle/security';
import { AuditEntry, AuditTrail } from './audit-trail';
import { ANONYMOUS, RefusalBuffer } from './refusal-buffer';
import { phiAccessOf } from './phi-audit.interceptor';

/** Itemized refusals kept per flush and service; past it they are counted per operation. */
export const MAX_ITEMIZED_REFUSALS = 500;
const FLUSH_EVERY_MS = 250;
/** A flush starts early once this many wait (one outbox insert of this many rows). */
const FLUSH_BATCH = 200;

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
  private readonly buffer = new RefusalBuffer<AuditTrail>(MAX_ITEMIZED_REFUSALS);
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly reflector: Reflector,
  ) {}

  /**
   * Each controller belongs to the service whose messaging module (and so AuditTrail) its module
   * imports; the runtime's own (the dead-letter admin API) to the process's first service — its only
   * one in a service process.
   */
  onApplicationBootstrap(): void {
    const unowned: unknown[] = [];
    let first: AuditTrail | undefined;
    for (const module of this.modules.values()) {
      const trail = [...module.imports]
        .map((imported) => imported.providers.get(AuditTrail)?.instance)
        .find((t): t is AuditTrail => t instanceof AuditTrail);
      for (const controller of module.controllers.values()) {
        if (trail) this.trailOf.set(controller.metatype, trail);
        else unowned.push(controller.metatype);
      }
      first ??= trail;
    }
    if (first)
      for (const controller of unowned)
        if (!this.trailOf.has(controller)) this.trailOf.set(controller, first);
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
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
    this.buffer.add(trail, refusal.status, actor, entry, new Date().toISOString());
    if (this.buffer.waiting === FLUSH_BATCH) setImmediate(() => void this.flush());
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
    for (const [trail, entries] of this.buffer.take()) {
      try {
        await trail.recordAll(entries);
      } catch (err) {
        this.logger.warn({
          msg: 'refused requests not recorded',
          service: trail.service,
          entries: entries.length,
          error: (err as Error).message,
        });
      }
    }
  }
}
