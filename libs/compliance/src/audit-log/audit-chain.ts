import { createHash, createHmac, hkdfSync } from 'node:crypto';

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

/** A stored entry as the verifier sees it: its fields, its epoch, its link and its hash. */
export type ChainedEntry = ChainedFields & { epoch: number; prevHash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Epoch 0: the chain as first shipped, hashₙ = SHA-256(hashₙ₋₁ ‖ entry) — anyone who can write the
 * table can recompute it. Epoch 1: hashₙ = HMAC-SHA-256(key, hashₙ₋₁ ‖ entry), the key kept outside the
 * database. A database with epoch-0 entries continues with an epoch-1 genesis entry whose link is
 * the old head, so from then on the old entries are pinned by a keyed hash too.
 */
export const LEGACY_EPOCH = 0;
export const KEYED_EPOCH = 1;

/** The action of the entry that opens the keyed epoch on top of a legacy chain. */
export const EPOCH_GENESIS_ACTION = 'chain-epoch';

/** Keys derived from AUDIT_HMAC_KEY, one per purpose, so a checkpoint MAC is never an entry MAC. */
export class AuditChainKey {
  readonly entryKey: Buffer;
  readonly anchorKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new Error('the audit HMAC key must be at least 32 bytes');
    this.entryKey = derive(secret, 'revcycle audit chain v1');
    this.anchorKey = derive(secret, 'revcycle audit anchor v1');
  }

  static fromBase64(value: string): AuditChainKey {
    return new AuditChainKey(Buffer.from(value, 'base64'));
  }
}

function derive(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
}

function canonical(f: ChainedFields): string {
  return JSON.stringify([
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
}

/** Epoch 0 (legacy, unkeyed): kept only to verify entries written before the keyed epoch. */
export function legacyChainHash(prevHash: string, f: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonical(f)).digest('hex');
}

/** Epoch 1: HMAC-SHA-256 under the key that never enters the database. */
export function keyedChainHash(key: AuditChainKey, prevHash: string, f: ChainedFields): string {
  return createHmac('sha256', key.entryKey)
    .update(String(KEYED_EPOCH))
    .update(prevHash)
    .update(canonical(f))
    .digest('hex');
}

/** Where and why the chain first fails to check. */
export interface ChainBreak {
  brokenAt: number;
  brokenEntryId: string | null;
  reason: string;
}

/**
 * Checks entries one at a time in sequence order, so the caller can stream them from the database in
 * batches. Keeps only the previous hash and the next expected sequence.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq: number | undefined;
  private keyedFrom: number | undefined;
  private failure: ChainBreak | undefined;
  entries = 0;
  head: { seq: number; hash: string } | undefined;

  constructor(
    private readonly key: AuditChainKey,
    /** From the latest checkpoint: entries past this sequence must be keyed (undefined: no checkpoint). */
    private readonly legacyThrough?: number,
  ) {}

  get broken(): ChainBreak | undefined {
    return this.failure;
  }

  /** The first keyed entry's sequence, once one was seen. */
  get keyedEpochStart(): number | undefined {
    return this.keyedFrom;
  }

  /** Returns false once the chain is broken (later entries are not looked at). */
  push(row: ChainedEntry): boolean {
    if (this.failure) return false;
    this.entries++;
    const fail = (reason: string) => {
      this.failure = { brokenAt: row.seq, brokenEntryId: row.eventId, reason };
      return false;
    };
    const expected = this.expectedSeq ?? 1;
    if (row.seq !== expected)
      return fail(
        row.seq > expected
          ? `entry ${expected}${row.seq - expected > 1 ? `..${row.seq - 1}` : ''} is missing`
          : 'sequence goes backwards',
      );
    if (row.prevHash !== this.prev) return fail('link to the previous entry does not match');
    if (row.epoch === KEYED_EPOCH) {
      this.keyedFrom ??= row.seq;
      if (keyedChainHash(this.key, this.prev, row) !== row.hash)
        return fail('entry content does not match its HMAC');
    } else if (row.epoch === LEGACY_EPOCH) {
      if (this.keyedFrom !== undefined) return fail('unkeyed entry after the keyed epoch began');
      if (this.legacyThrough !== undefined && row.seq > this.legacyThrough)
        return fail(
          `unkeyed entry past the last legacy entry ${this.legacyThrough} named by the checkpoints`,
        );
      if (legacyChainHash(this.prev, row) !== row.hash) return fail('entry content does not match its hash');
    } else {
      return fail(`unknown chain epoch ${row.epoch}`);
    }
    this.prev = row.hash;
    this.expectedSeq = row.seq + 1;
    this.head = { seq: row.seq, hash: row.hash };
    return true;
  }
}
