import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditRecorded } from '@revcycle/contracts';
import { Principal } from '@revcycle/security';
import { Observable, from, lastValueFrom } from 'rxjs';
import { AuditInTransaction } from './audit-in-transaction';
import { AuditEntry, AuditTrail } from './audit-trail';

export interface PhiAccess {
  resourceType: string;
  action: AuditRecorded['action'];
  /**
   * A write whose handler enqueues its `success` entries in its own transaction (AuditInTransaction,
   * `@PhiAuditOfRequest()`): no write-ahead entry and no transactions of the interceptor's own on
   * the way through — the hot paths (encounter create, finalize, batch intake).
   */
  inTransaction?: true;
}

const PHI_ACCESS_KEY = 'revcycle:phi-access';

/** Declares that a handler reads or writes PHI: the interceptor records one audit event per patient touched. */
export const AuditedPhiAccess = (access: PhiAccess) => SetMetadata(PHI_ACCESS_KEY, access);

/** What a handler declared with @AuditedPhiAccess, if anything. */
export const phiAccessOf = (
  reflector: Reflector,
  handler: ExecutionContext['getHandler'] extends () => infer H ? H : never,
) => reflector.get<PhiAccess | undefined>(PHI_ACCESS_KEY, handler);

interface Request {
  method: string;
  route?: { path?: string };
  principal?: Principal;
  phiAudit?: AuditInTransaction;
  ip?: string;
  id?: string | number;
  params?: Record<string, string>;
}

type Identified = { id?: unknown; patientId?: unknown; patient?: { id?: unknown } };

/**
 * Emits `audit.recorded` for every PHI read or write: who (principal), what (resource type, id,
 * action, route), which patient, when. Never the PHI itself.
 *
 * Write-ahead: an `attempted` entry commits to the service's outbox before the handler runs, so no
 * PHI is read or written without a durable audit row. After the handler, the outcome entries
 * (`success` per resource and patient touched, or `failure`) follow with the same requestId. The
 * handler's own transaction commits in between: a crash there drops at most the outcome, never the
 * access (see phi-access-audited-ahead-of-a-crash.int.spec.ts). One short transaction more per PHI
 * request buys that without threading the audit through every handler's transaction (which also
 * meant a savepoint so that a handler's failed statement did not abort the failure entry with it).
 * The hot writes (`inTransaction`) do thread it: their `success` entries commit with the change
 * (AuditInTransaction), and only a refused or failed write costs a transaction of its own.
 */
@Injectable()
export class PhiAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('PhiAudit');

  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const access = phiAccessOf(this.reflector, context.getHandler());
    if (!access) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    return from(this.run(access, request, next));
  }

  private async run(access: PhiAccess, request: Request, next: CallHandler): Promise<unknown> {
    const actor = request.principal ?? { id: 'anonymous', role: 'system' as const };
    const base = {
      resourceType: access.resourceType,
      action: access.action,
      operation: `${request.method} ${request.route?.path ?? ''}`.trim(),
      requestId: request.id === undefined ? undefined : String(request.id),
      sourceIp: request.ip,
    };
    const resourceId = request.params?.['id'];
    const target = {
      resourceId,
      patientId: access.resourceType === 'Patient' ? resourceId : undefined,
    };
    const inTransaction = access.inTransaction
      ? (request.phiAudit = new AuditInTransaction(this.trail, actor, base))
      : undefined;
    if (!inTransaction) await this.trail.record(actor, [{ ...base, ...target, outcome: 'attempted' }]);
    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (err) {
      // The handler's error is the answer; the attempted entry already stands if this one fails.
      await this.trail.record(actor, [{ ...base, ...target, outcome: 'failure' }]).catch((auditErr: Error) =>
        this.logger.warn({
          msg: 'failure entry not recorded',
          requestId: base.requestId,
          error: auditErr.message,
        }),
      );
      throw err;
    }
    if (inTransaction?.taken) return result;
    await this.trail.record(actor, entriesFor(access, result, request, base, 'success'));
    return result;
  }
}

function entriesFor(
  access: PhiAccess,
  result: unknown,
  request: Request,
  base: Omit<AuditEntry, 'outcome'>,
  outcome: 'success',
): AuditEntry[] {
  const items: Identified[] = Array.isArray(result)
    ? result
    : result && typeof result === 'object' && Array.isArray((result as { items?: unknown }).items)
      ? (result as { items: Identified[] }).items
      : [result as Identified];
  const entries = new Map<string, AuditEntry>();
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const resourceId = item.id === undefined ? request.params?.['id'] : String(item.id);
    const patientRaw =
      item.patientId ?? item.patient?.id ?? (access.resourceType === 'Patient' ? item.id : undefined);
    const patientId = patientRaw === undefined ? undefined : String(patientRaw);
    entries.set(`${resourceId}|${patientId}`, { ...base, resourceId, patientId, outcome });
  }
  if (entries.size === 0) entries.set('-', { ...base, resourceId: request.params?.['id'], outcome });
  return [...entries.values()];
}
