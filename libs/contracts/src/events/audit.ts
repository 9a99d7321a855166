import { defineEvent } from '../envelope';
import { isoDateTime, object, oneOf, optional, str } from '../validation';

/**
 * Any service → compliance: one access to or change of PHI, or one refused request. Carries who,
 * what, which patient and when — never the PHI itself (Medplum habit: audit events carry outcome
 * codes, not payloads).
 *
 * Outcomes: `attempted` is written ahead, committed before a PHI handler runs; `success` /
 * `failure` follow it with the same requestId once the handler is done (a crash in between leaves
 * the `attempted` entry alone: the access happened or may have). `refused` is a 401/403 answered
 * by the access guard before any handler (actor `anonymous` when no token verified). Version 1
 * still: the two outcomes were added, no field changed.
 */
export const AUDIT_OUTCOMES = ['attempted', 'success', 'failure', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export const AUDIT_ACTIONS = [
  'read',
  'create',
  'update',
  'delete',
  'finalize',
  'code',
  'export',
  'sign-in',
  'sign-out',
  'lockout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecorded {
  service: 'charts' | 'coding' | 'claims' | 'remittance' | 'compliance';
  /** `sign-in`, `sign-out`, `lockout`: the portal's sign-ins, failures and locked accounts (HIPAA §164.308(a)(5)(ii)(C)). */
  action: AuditAction;
  resourceType: string;
  resourceId?: string;
  patientId?: string;
  outcome: AuditOutcome;
  at: string;
  /** e.g. "GET /patients/:id". */
  operation?: string;
  requestId?: string;
  sourceIp?: string;
}

export const AuditRecordedEvent = defineEvent<AuditRecorded>(
  'audit.recorded',
  1,
  object({
    service: oneOf('charts', 'coding', 'claims', 'remittance', 'compliance'),
    action: oneOf(...AUDIT_ACTIONS),
    resourceType: str({ min: 1, max: 100 }),
    resourceId: optional(str({ max: 200 })),
    patientId: optional(str({ max: 200 })),
    outcome: oneOf(...AUDIT_OUTCOMES),
    at: isoDateTime,
    operation: optional(str({ max: 300 })),
    requestId: optional(str({ max: 200 })),
    sourceIp: optional(str({ max: 100 })),
  }),
);
