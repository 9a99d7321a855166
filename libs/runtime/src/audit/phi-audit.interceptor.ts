import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditRecorded } from '@revcycle/contracts';
import { Principal } from '@revcycle/security';
import { Observable, from, lastValueFrom } from 'rxjs';
import { AuditEntry, AuditTrail } from './audit-trail';

export interface PhiAccess {
  resourceType: string;
  action: AuditRecorded['action'];
}

const PHI_ACCESS_KEY = 'revcycle:phi-access';

/** Declares that a handler reads or writes PHI: the interceptor records one audit event per patient touched. */
export const AuditedPhiAccess = (access: PhiAccess) => SetMetadata(PHI_ACCESS_KEY, access);

interface Request {
  method: string;
  route?: { path?: string };
  principal?: Principal;
  ip?: string;
  id?: string | number;
  params?: Record<string, string>;
}

type Identified = { id?: unknown; patientId?: unknown; patient?: { id?: unknown } };

/**
 * Emits `audit.recorded` for every PHI read or write, success or failure: who (principal), what
 * (resource type, id, action, route), which patient, when. Never the PHI itself.
 */
@Injectable()
export class PhiAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const access = this.reflector.get<PhiAccess | undefined>(PHI_ACCESS_KEY, context.getHandler());
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
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.trail.record(actor, entriesFor(access, result, request, base, 'success'));
      return result;
    } catch (err) {
      await this.trail.record(actor, [{ ...base, resourceId: request.params?.['id'], outcome: 'failure' }]);
      throw err;
    }
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
