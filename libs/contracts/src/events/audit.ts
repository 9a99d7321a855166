import { defineEvent } from '../envelope';
import { isoDateTime, object, oneOf, optional, str } from '../validation';

/**
 * Any service → compliance: one access to or change of PHI. Carries who, what, which patient and
 * when — never the PHI itself (Medplum habit: audit events carry outcome codes, not payloads).
 */
export interface AuditRecorded {
  service: 'charts' | 'coding' | 'claims' | 'remittance' | 'compliance';
  action: 'read' | 'create' | 'update' | 'delete' | 'finalize' | 'code' | 'export';
  resourceType: string;
  resourceId?: string;
  patientId?: string;
  outcome: 'success' | 'failure';
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
    action: oneOf('read', 'create', 'update', 'delete', 'finalize', 'code', 'export'),
    resourceType: str({ min: 1, max: 100 }),
    resourceId: optional(str({ max: 200 })),
    patientId: optional(str({ max: 200 })),
    outcome: oneOf('success', 'failure'),
    at: isoDateTime,
    operation: optional(str({ max: 300 })),
    requestId: optional(str({ max: 200 })),
    sourceIp: optional(str({ max: 100 })),
  }),
);
