import { createHash } from 'node:crypto';

/** The fields of one audit entry that the hash covers, in a fixed order. */
export interface ChainedFields {
  seq: number;
  eventId: string;
  service: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  actorId: string;
  actorRole: string;
  outcome: string;
  occurredAt: string;
  operation: string | null;
  requestId: string | null;
  sourceIp: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash_n = SHA-256(hash_{n-1} ‖ canonical JSON of entry n): altering or removing any entry breaks every later hash. */
export function chainHash(prevHash: string, f: ChainedFields): string {
  const canonical = JSON.stringify([
    f.seq,
    f.eventId,
    f.service,
    f.action,
    f.resourceType,
    f.resourceId,
    f.patientId,
    f.actorId,
    f.actorRole,
    f.outcome,
    f.occurredAt,
    f.operation,
    f.requestId,
    f.sourceIp,
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** First sequence number whose hash or link does not check. */
  brokenAt?: number;
  reason?: string;
}

export function verifyChain(
  rows: Array<ChainedFields & { prevHash: string; hash: string }>,
  startHash = GENESIS_HASH,
): ChainVerdict {
  let prev = startHash;
  let expectedSeq = rows[0]?.seq ?? 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq)
      return {
        ok: false,
        entries: rows.length,
        brokenAt: row.seq,
        reason: `entry ${expectedSeq} is missing`,
      };
    if (row.prevHash !== prev)
      return {
        ok: false,
        entries: rows.length,
        brokenAt: row.seq,
        reason: 'link to the previous entry does not match',
      };
    if (chainHash(prev, row) !== row.hash)
      return {
        ok: false,
        entries: rows.length,
        brokenAt: row.seq,
        reason: 'entry content does not match its hash',
      };
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries: rows.length };
}
