import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditOutcome, AuditRecorded, EventEnvelope } from '@revcycle/contracts';
import { randomUUID } from 'node:crypto';
import { writeWithConsumerBatch } from '@revcycle/messaging';
import { preparedQuery } from '@revcycle/persistence';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditChainKey,
  ChainedEntry,
  ChainedFields,
  EPOCH_GENESIS_ACTION,
  KEYED_EPOCH,
  LEGACY_EPOCH,
  LEGACY_SEGMENT,
  SEGMENTED_EPOCH,
  SegmentedChainVerifier,
  keyedChainHash,
  segmentedChainHash,
} from './audit-chain';
import { CheckpointHead, CheckpointSink, checkpointEntries } from './audit-checkpoint';
import { AuditEntry } from './audit-entry.entity';

export const CHECKPOINT_SINK = Symbol('CHECKPOINT_SINK');

/**
 * Segments appended to (1..AUDIT_SEGMENTS): appenders that run side by side — a compliance
 * instance's partitions, other instances — each take a free one. The verifier reads whatever
 * segments are stored, so the count may change between releases.
 */
export const AUDIT_SEGMENTS = 8;

export interface AuditQuery {
  patientId?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  action?: AuditAction;
  service?: string;
  from?: string;
  to?: string;
  /** By time, then segment and place in it: `asc` (the default, oldest first) or `desc` (newest first). */
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** One segment in `GET /audit/verify`: its last sequence (its entries are 1..headSeq). */
export interface SegmentReport {
  segment: number;
  headSeq: number;
}

/** `GET /audit/verify`: ok, or the first bad entry, or the tail the checkpoints say is gone. */
export interface ChainReport {
  ok: boolean;
  entries: number;
  segments: SegmentReport[];
  checkpoint: { entries: number; at: string } | null;
  /** The segment of the first bad entry (brokenAt) or of the missing tail. */
  segment?: number;
  brokenAt?: number;
  brokenEntryId?: string | null;
  reason?: string;
  missingTail?: { segment: number; checkpointSeq: number; lastPresentSeq: number | null };
}

interface Head {
  seq: number;
  hash: string;
  epoch: number;
}

const VERIFY_BATCH = 1000;
const COLUMNS = `segment, seq, event_id, service, action, resource_type, resource_id, patient_id, actor_id,
  actor_role, outcome, occurred_at, operation, request_id, source_ip, chain_epoch, prev_hash, hash`;

/** The append: a segment's lock and head (migration 530), then the entries chained to it, in one insert. */
const SEGMENT_LOCK = `SELECT segment, head_seq, head_hash FROM compliance.audit_segment_lock($1, $2)`;
const APPEND = `INSERT INTO compliance.audit_log (segment, seq, event_id, service, action, resource_type,
    resource_id, patient_id, actor_id, actor_role, outcome, occurred_at, operation, request_id, source_ip,
    recorded_at, chain_epoch, prev_hash, hash)
  SELECT $1, seq, event_id, service, action, resource_type, resource_id, patient_id, actor_id, actor_role,
         outcome, occurred_at, operation, request_id, source_ip, now(), ${SEGMENTED_EPOCH}, prev_hash, hash
    FROM unnest($2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::text[], $14::text[],
                $15::text[], $16::text[], $17::text[])
      AS x(seq, event_id, service, action, resource_type, resource_id, patient_id, actor_id, actor_role,
           outcome, occurred_at, operation, request_id, source_ip, prev_hash, hash)`;

@Injectable()
export class AuditLogService {
  /** Where this process asks for a segment first (round robin from a random start): appenders spread. */
  private nextSegment = 1 + Math.floor(Math.random() * AUDIT_SEGMENTS);

  constructor(
    @InjectDataSource('compliance') private readonly db: DataSource,
    private readonly key: AuditChainKey,
    @Inject(CHECKPOINT_SINK) private readonly checkpoints: CheckpointSink,
  ) {}

  /**
   * Appends one entry, in the caller's transaction. Inside a consumer batch the batch's entries are
   * collected and appended together just before it commits (appendAll): one segment, two statements.
   */
  async append(event: EventEnvelope<AuditRecorded>, m: EntityManager): Promise<void> {
    await writeWithConsumerBatch('compliance.audit-log', event, (events) => this.appendAll(events, m));
  }

  /**
   * Appends the events to one segment in two round trips: the segment's lock with its head (a free
   * segment, so appenders in other transactions do not wait: no global lock), then every entry
   * chained to it in memory and inserted in one statement. The lock is held to the commit, so a
   * segment's links never fork.
   */
  async appendAll(events: Array<EventEnvelope<AuditRecorded>>, m: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const preferred = this.nextSegment;
    this.nextSegment = (preferred % AUDIT_SEGMENTS) + 1;
    const [lane] = await preparedQuery<{ segment: number; head_seq: string; head_hash: string }>(
      m,
      'compliance.audit-segment-lock',
      SEGMENT_LOCK,
      [preferred, AUDIT_SEGMENTS],
    );
    const segment = Number(lane.segment);
    let seq = Number(lane.head_seq);
    let prev = lane.head_hash;
    const columns: unknown[][] = Array.from({ length: 16 }, () => []);
    for (const event of events) {
      const a = event.payload;
      const fields: ChainedFields = {
        seq: ++seq,
        eventId: event.id,
        service: a.service,
        action: a.action,
        resourceType: a.resourceType,
        resourceId: a.resourceId ?? null,
        patientId: a.patientId ?? null,
        actorId: event.actor.id,
        actorRole: event.actor.role,
        outcome: a.outcome,
        occurredAt: new Date(a.at).toISOString(),
        operation: a.operation ?? null,
        requestId: a.requestId ?? null,
        sourceIp: a.sourceIp ?? null,
      };
      const hash = segmentedChainHash(this.key, segment, prev, fields);
      [...Object.values(fields), prev, hash].forEach((v, i) => columns[i].push(v));
      prev = hash;
    }
    await preparedQuery(m, 'compliance.audit-append', APPEND, [segment, ...columns]);
  }

  /**
   * Opens the keyed epoch now if segment 0 (the chain from before segments) still ends in unkeyed
   * entries: at boot, before any append. The exclusive lock keeps appends (shared) out meanwhile,
   * so no segment starts from segment 0's head while it moves.
   */
  async openKeyedEpoch(): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('compliance.audit_log'))`);
      const head = await this.legacyHead(m);
      if (!head || head.epoch !== LEGACY_EPOCH) return;
      const fields: ChainedFields = {
        seq: head.seq + 1,
        eventId: randomUUID(),
        service: 'compliance',
        action: EPOCH_GENESIS_ACTION,
        resourceType: 'AuditLog',
        resourceId: null,
        patientId: null,
        actorId: 'compliance',
        actorRole: 'system',
        outcome: 'success',
        occurredAt: new Date().toISOString(),
        operation: `keyed epoch ${KEYED_EPOCH} over the unkeyed chain ending at ${head.seq}`,
        requestId: null,
        sourceIp: null,
      };
      await m.getRepository(AuditEntry).insert({
        ...fields,
        segment: LEGACY_SEGMENT,
        occurredAt: new Date(fields.occurredAt),
        recordedAt: new Date(),
        epoch: KEYED_EPOCH,
        prevHash: head.hash,
        hash: keyedChainHash(this.key, head.hash, fields),
      });
    });
  }

  private async legacyHead(m: EntityManager): Promise<Head | undefined> {
    const [last] = await m.query(
      `SELECT seq, hash, chain_epoch FROM compliance.audit_log WHERE segment = $1 ORDER BY seq DESC LIMIT 1`,
      [LEGACY_SEGMENT],
    );
    return last ? { seq: Number(last.seq), hash: last.hash, epoch: Number(last.chain_epoch) } : undefined;
  }

  /** Every segment's head, in one statement (one snapshot): what a checkpoint anchors. */
  async heads(m: EntityManager = this.db.manager): Promise<CheckpointHead[]> {
    // A skip scan over the primary key: one probe per segment, however long the segments are.
    const rows: Array<{ segment: number; seq: string; hash: string }> = await m.query(
      `WITH RECURSIVE segments AS (
         (SELECT segment FROM compliance.audit_log ORDER BY segment LIMIT 1)
         UNION ALL
         SELECT (SELECT a.segment FROM compliance.audit_log a WHERE a.segment > s.segment
                  ORDER BY a.segment LIMIT 1)
           FROM segments s WHERE s.segment IS NOT NULL)
       SELECT s.segment, h.seq, h.hash FROM segments s
         CROSS JOIN LATERAL (SELECT seq, hash FROM compliance.audit_log a WHERE a.segment = s.segment
                              ORDER BY seq DESC LIMIT 1) h
        WHERE s.segment IS NOT NULL
        ORDER BY s.segment`,
    );
    return rows.map((r) => ({ segment: Number(r.segment), seq: Number(r.seq), hash: r.hash }));
  }

  /** The last unkeyed entry (0 when none): checkpoints carry it so unkeyed rows cannot grow later. */
  async legacyThrough(m: EntityManager = this.db.manager): Promise<number> {
    const [row] = await m.query(
      `SELECT coalesce(max(seq), 0) AS seq FROM compliance.audit_log WHERE segment = $1 AND chain_epoch = $2`,
      [LEGACY_SEGMENT, LEGACY_EPOCH],
    );
    return Number(row.seq);
  }

  async search(q: AuditQuery): Promise<{ total: number; items: AuditEntry[] }> {
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (q.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: q.patientId });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.service) qb.andWhere('a.service = :service', { service: q.service });
    if (q.from) qb.andWhere('a.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.occurred_at < :to', { to: q.to });
    const [items, total] = await qb
      .orderBy('a.occurredAt', q.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('a.segment', q.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('a.seq', q.order === 'desc' ? 'DESC' : 'ASC')
      .take(q.limit)
      .skip(q.offset)
      .getManyAndCount();
    return { total, items };
  }

  /**
   * Re-computes every link of every segment in batches of VERIFY_BATCH (keyset reads in (segment,
   * seq) order in one repeatable-read snapshot; never the whole table in memory), then holds each
   * segment's head against the latest checkpoint. The checkpoint is read before the snapshot
   * starts, so every entry it names was committed.
   */
  async verify(): Promise<ChainReport> {
    const latest = await this.checkpoints.latest();
    const anchored = latest.checkpoint;
    const verifier = new SegmentedChainVerifier(this.key, anchored?.legacyThrough);
    /** The stored hash of each entry a checkpoint head names, by segment. */
    const named = new Map((anchored?.heads ?? []).map((h) => [h.segment, h]));
    const anchoredHashes = new Map<number, string>();
    await this.db.transaction('REPEATABLE READ', async (m) => {
      let after = { segment: -1, seq: 0 };
      for (;;) {
        const rows: RawEntry[] = await m.query(
          `SELECT ${COLUMNS} FROM compliance.audit_log WHERE (segment, seq) > ($1, $2)
            ORDER BY segment, seq LIMIT ${VERIFY_BATCH}`,
          [after.segment, after.seq],
        );
        for (const row of rows) {
          const entry = toChained(row);
          if (!verifier.push(entry)) return;
          if (named.get(entry.segment)?.seq === entry.seq) anchoredHashes.set(entry.segment, entry.hash);
          after = { segment: entry.segment, seq: entry.seq };
        }
        if (rows.length < VERIFY_BATCH) return;
      }
    });
    verifier.finish();
    const segments = verifier.heads.map((h) => ({ segment: h.segment, headSeq: h.seq }));
    const report: ChainReport = {
      ok: true,
      entries: verifier.entries,
      segments,
      checkpoint: anchored ? { entries: checkpointEntries(anchored), at: anchored.at } : null,
    };
    const broken = verifier.broken;
    if (broken) {
      const { segment, ...at } = broken;
      return { ...report, ok: false, segment, ...at };
    }
    if (latest.problem) return { ...report, ok: false, reason: latest.problem };
    if (!anchored) return report;
    const present = new Map(segments.map((s) => [s.segment, s.headSeq]));
    for (const head of anchored.heads) {
      const last = present.get(head.segment) ?? null;
      if (last === null || last < head.seq)
        return {
          ...report,
          ok: false,
          segment: head.segment,
          reason: `entries ${(last ?? 0) + 1}..${head.seq} of segment ${head.segment} named by the checkpoint of ${anchored.at} are missing`,
          missingTail: { segment: head.segment, checkpointSeq: head.seq, lastPresentSeq: last },
        };
      if (anchoredHashes.get(head.segment) !== head.hash)
        return {
          ...report,
          ok: false,
          segment: head.segment,
          brokenAt: head.seq,
          reason: `entry ${head.seq} of segment ${head.segment} no longer matches the checkpoint of ${anchored.at}`,
        };
    }
    return report;
  }
}

/** An audit_log row as `SELECT *` (or COLUMNS) returns it. */
export interface RawEntry {
  segment: number;
  seq: string;
  event_id: string;
  service: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  actor_id: string;
  actor_role: string;
  outcome: string;
  occurred_at: Date;
  operation: string | null;
  request_id: string | null;
  source_ip: string | null;
  chain_epoch: number;
  prev_hash: string;
  hash: string;
}

/** A stored row as the chain hashes it (the one mapping: verify and its tests use it). */
export function toChained(r: RawEntry): ChainedEntry {
  return {
    segment: Number(r.segment),
    seq: Number(r.seq),
    eventId: r.event_id,
    service: r.service,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    patientId: r.patient_id,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    outcome: r.outcome,
    occurredAt: r.occurred_at.toISOString(),
    operation: r.operation,
    requestId: r.request_id,
    sourceIp: r.source_ip,
    epoch: Number(r.chain_epoch),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
