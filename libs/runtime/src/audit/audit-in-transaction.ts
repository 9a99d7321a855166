import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Actor, EventEnvelope } from '@revcycle/contracts';
import { AuditEntry, AuditTrail } from './audit-trail';

/** What one audited write touched: the resource and the patient it is about. */
export interface Touched {
  resourceId: string;
  patientId?: string;
}

/**
 * The audit of one PHI write that commits in the write's own transaction: the handler asks for the
 * entries as events and enqueues them with its change in one outbox insert, so the change and the
 * record of who made it commit together or not at all (no write-ahead entry needed, no transaction
 * of its own). Handed to the handler by the PhiAuditInterceptor (`@AuditedPhiAccess({ ...,
 * inTransaction: true })`, parameter `@PhiAuditOfRequest()`); the interceptor records a `failure`
 * entry when the handler throws, and falls back to its own `success` entries if none were asked for.
 */
export class AuditInTransaction {
  private asked = false;

  constructor(
    private readonly trail: AuditTrail,
    readonly actor: Actor,
    private readonly base: Omit<AuditEntry, 'outcome' | 'resourceId' | 'patientId'>,
  ) {}

  /** Whether the handler took its entries (else the interceptor records them after it). */
  get taken(): boolean {
    return this.asked;
  }

  /** `success` entries for what the change touched, as events for the change's outbox insert. */
  successEvents(touched: Touched[]): EventEnvelope[] {
    this.asked = true;
    return this.trail.eventsFor(
      touched.map((t) => ({ actor: this.actor, entry: { ...this.base, ...t, outcome: 'success' } })),
    );
  }

  /** `failure` entries (items of a batch refused one by one), in a short transaction of their own. */
  async recordFailures(touched: Array<Partial<Touched>>): Promise<void> {
    this.asked = true;
    await this.trail.recordAll(
      touched.map((t) => ({ actor: this.actor, entry: { ...this.base, ...t, outcome: 'failure' } })),
    );
  }
}

/** The request's AuditInTransaction (set by PhiAuditInterceptor for handlers declared `inTransaction`). */
export const PhiAuditOfRequest = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const audit = context.switchToHttp().getRequest<{ phiAudit?: AuditInTransaction }>().phiAudit;
  if (!audit)
    throw new Error('PhiAuditOfRequest needs @AuditedPhiAccess({ ..., inTransaction: true }) on the handler');
  return audit;
});
