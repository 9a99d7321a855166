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

/** A stored entry as the verifier sees it: its segment, fields, epoch, link and hash. */
export type ChainedEntry = ChainedFields & { segment: number; epoch: number; prevHash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Epoch 0: the chain as first shipped, hashₙ = SHA-256(hashₙ₋₁ ‖ entry) — anyone who can write the
 * table can recompute it. Epoch 1: hashₙ = HMAC-SHA-256(key, hashₙ₋₁ ‖ entry), the key kept outside the
 * database. A database with epoch-0 entries continues with an epoch-1 genesis entry whose link is
 * the old head, so from then on the old entries are pinned by a keyed hash too.
 */
export const LEGACY_EPOCH = 0;
export const KEYED_EPOCH = 1;
/**
 * Epoch 2: the segmented chain (migration 530). Segment 0 is the single chain as it stood (epochs 0
 * and 1, appended to no more); appends go to segments 1..n, each its own chain with its own head
 * (so appenders on different segments never wait for each other), hashₙ = HMAC-SHA-256(key, 2 ‖
 * segment ‖ hashₙ₋₁ ‖ entry). A segment's first entry links to segment 0's head, so the old chain
 * is pinned by every segment.
 */
export const SEGMENTED_EPOCH = 2;
/** The single chain from before segments: read and verified, never appended to but by openKeyedEpoch. */
export const LEGACY_SEGMENT = 0;

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

/** Epoch 2: as epoch 1, the segment bound in, so an entry cannot move to another segment's chain. */
export function segmentedChainHash(
  key: AuditChainKey,
  segment: number,
  prevHash: string,
  f: ChainedFields,
): string {
  return createHmac('sha256', key.entryKey)
    .update(`${SEGMENTED_EPOCH}:${segment}:`)
    .update(prevHash)
    .update(canonical(f))
    .digest('hex');
}

/** Where and why the chain first fails to check. */
export interface ChainBreak {
  segment: number;
  brokenAt: number;
  brokenEntryId: string | null;
  reason: string;
}

/**
 * Checks one segment's entries one at a time in sequence order, so the caller can stream them from
 * the database in batches. Keeps only the previous hash and the next expected sequence. Segment 0
 * holds epochs 0 then 1; every other segment epoch 2 only, its first entry linked to `startHash`
 * (segment 0's head).
 */
export class ChainVerifier {
  private prev: string;
  private expectedSeq: number | undefined;
  private keyedFrom: number | undefined;
  private failure: ChainBreak | undefined;
  entries = 0;
  head: { seq: number; hash: string } | undefined;

  constructor(
    private readonly key: AuditChainKey,
    /** From the latest checkpoint: entries past this sequence must be keyed (undefined: no checkpoint). */
    private readonly legacyThrough?: number,
    readonly segment = LEGACY_SEGMENT,
    startHash = GENESIS_HASH,
  ) {
    this.prev = startHash;
  }

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
      this.failure = { segment: this.segment, brokenAt: row.seq, brokenEntryId: row.eventId, reason };
      return false;
    };
    if (row.segment !== this.segment)
      return fail(`entry of segment ${row.segment} in segment ${this.segment}`);
    const expected = this.expectedSeq ?? 1;
    if (row.seq !== expected)
      return fail(
        row.seq > expected
          ? `entry ${expected}${row.seq - expected > 1 ? `..${row.seq - 1}` : ''} is missing`
          : 'sequence goes backwards',
      );
    if (row.prevHash !== this.prev) return fail('link to the previous entry does not match');
    if (this.segment !== LEGACY_SEGMENT) {
      if (row.epoch !== SEGMENTED_EPOCH)
        return fail(`epoch ${row.epoch} entry in segment ${this.segment} (only epoch ${SEGMENTED_EPOCH} is)`);
      if (segmentedChainHash(this.key, this.segment, this.prev, row) !== row.hash)
        return fail('entry content does not match its HMAC');
    } else if (row.epoch === KEYED_EPOCH) {
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
      return fail(`epoch ${row.epoch} entry in segment 0 (the chain from before segments)`);
    }
    this.prev = row.hash;
    this.expectedSeq = row.seq + 1;
    this.head = { seq: row.seq, hash: row.hash };
    return true;
  }
}

/** A segment's head as verify found it. */
export interface SegmentHead {
  segment: number;
  seq: number;
  hash: string;
}

/**
 * The whole segmented chain, entries pushed in (segment, seq) order: segment 0 first (when it has
 * entries), then each segment from its link to segment 0's head. Stops at the first break.
 */
export class SegmentedChainVerifier {
  private current: ChainVerifier | undefined;
  private legacyHead = GENESIS_HASH;
  private failure: ChainBreak | undefined;
  readonly heads: SegmentHead[] = [];
  entries = 0;

  constructor(
    private readonly key: AuditChainKey,
    private readonly legacyThrough?: number,
  ) {}

  get broken(): ChainBreak | undefined {
    return this.failure ?? this.current?.broken;
  }

  push(row: ChainedEntry): boolean {
    if (this.broken) return false;
    if (!this.current || row.segment !== this.current.segment) {
      this.closeSegment();
      if (this.current && row.segment < this.current.segment) {
        this.failure = {
          segment: row.segment,
          brokenAt: row.seq,
          brokenEntryId: row.eventId,
          reason: 'segments out of order',
        };
        return false;
      }
      const start = row.segment === LEGACY_SEGMENT ? GENESIS_HASH : this.legacyHead;
      this.current = new ChainVerifier(this.key, this.legacyThrough, row.segment, start);
    }
    this.entries++;
    return this.current.push(row);
  }

  /** Call after the last entry: the heads are complete then. */
  finish(): void {
    this.closeSegment();
    this.current = this.broken ? this.current : undefined;
  }

  private closeSegment(): void {
    const done = this.current;
    if (!done?.head || done.broken) return;
    if (this.heads.at(-1)?.segment === done.segment) return;
    this.heads.push({ segment: done.segment, ...done.head });
    if (done.segment === LEGACY_SEGMENT) this.legacyHead = done.head.hash;
  }
}
