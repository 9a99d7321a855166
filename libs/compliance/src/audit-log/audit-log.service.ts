import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditAction, AuditOutcome, AuditRecorded, EventEnvelope } from '@revcycle/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditChainKey,
  ChainVerifier,
  ChainedFields,
  EPOCH_GENESIS_ACTION,
  GENESIS_HASH,
  KEYED_EPOCH,
  LEGACY_EPOCH,
  keyedChainHash,
} from './audit-chain';
import { CheckpointSink } from './audit-checkpoint';
import { AuditEntry } from './audit-entry.entity';

export const CHECKPOINT_SINK = Symbol('CHECKPOINT_SINK');

export interface AuditQuery {
  patientId?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  action?: AuditAction;
  service?: string;
  from?: string;
  to?: string;
  /** By seq: `asc` (the default, the chain's order) or `desc` (the newest first). */
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** `GET /audit/verify`: ok, or the first bad entry, or the tail the checkpoints say is gone. */
export interface ChainReport {
  ok: boolean;
  entries: number;
  headSeq: number | null;
  checkpoint: { seq: number; at: string } | null;
  brokenAt?: number;
  brokenEntryId?: string | null;
  reason?: string;
  missingTail?: { checkpointSeq: number; lastPresentSeq: number | null };
}

interface Head {
  seq: number;
  hash: string;
  epoch: number;
}

const VERIFY_BATCH = 1000;
const COLUMNS = `seq, event_id, service, action, resource_type, resource_id, patient_id, actor_id, actor_role,
  outcome, occurred_at, operation, request_id, source_ip, chain_epoch, prev_hash, hash`;

@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource('compliance') private readonly db: DataSource,
    private readonly key: AuditChainKey,
    @Inject(CHECKPOINT_SINK) private readonly checkpoints: CheckpointSink,
  ) {}

  /** Appends one entry to the chain; serialised by an advisory lock so links never fork. */
  async append(event: EventEnvelope<AuditRecorded>, m: EntityManager): Promise<void> {
    const head = await this.lockedKeyedHead(m);
    const a = event.payload;
    await this.insertKeyed(m, head, {
      seq: head.seq + 1,
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
    });
  }

  /** Opens the keyed epoch now if the chain still ends in unkeyed entries (at boot, before any append). */
  async openKeyedEpoch(): Promise<void> {
    await this.db.transaction((m) => this.lockedKeyedHead(m));
  }

  /**
   * Takes the append lock and returns the head to link to. When the head is an unkeyed (epoch 0)
   * entry, first appends the keyed genesis entry whose link is that head: the old chain is pinned.
   */
  private async lockedKeyedHead(m: EntityManager): Promise<Head> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('compliance.audit_log'))`);
    const head = await this.head(m);
    if (!head) return { seq: 0, hash: GENESIS_HASH, epoch: KEYED_EPOCH };
    if (head.epoch !== LEGACY_EPOCH) return head;
    return this.insertKeyed(m, head, {
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
    });
  }

  private async insertKeyed(m: EntityManager, prev: Head, fields: ChainedFields): Promise<Head> {
    const hash = keyedChainHash(this.key, prev.hash, fields);
    await m.getRepository(AuditEntry).insert({
      ...fields,
      occurredAt: new Date(fields.occurredAt),
      recordedAt: new Date(),
      epoch: KEYED_EPOCH,
      prevHash: prev.hash,
      hash,
    });
    return { seq: fields.seq, hash, epoch: KEYED_EPOCH };
  }

  async head(m: EntityManager = this.db.manager): Promise<Head | undefined> {
    const [last] = await m.query(
      `SELECT seq, hash, chain_epoch FROM compliance.audit_log ORDER BY seq DESC LIMIT 1`,
    );
    return last ? { seq: Number(last.seq), hash: last.hash, epoch: Number(last.chain_epoch) } : undefined;
  }

  /** The last unkeyed entry (0 when none): checkpoints carry it so unkeyed rows cannot grow later. */
  async legacyThrough(m: EntityManager = this.db.manager): Promise<number> {
    const [row] = await m.query(
      `SELECT coalesce(max(seq), 0) AS seq FROM compliance.audit_log WHERE chain_epoch = $1`,
      [LEGACY_EPOCH],
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
      .orderBy('a.seq', q.order === 'desc' ? 'DESC' : 'ASC')
      .take(q.limit)
      .skip(q.offset)
      .getManyAndCount();
    return { total, items };
  }

  /**
   * Re-computes every link in batches of VERIFY_BATCH (keyset reads in one repeatable-read snapshot;
   * never the whole table in memory), then holds the head against the latest checkpoint. The
   * checkpoint is read before the snapshot starts, so every entry it names was committed.
   */
  async verify(): Promise<ChainReport> {
    const latest = await this.checkpoints.latest();
    const anchored = latest.checkpoint;
    const verifier = new ChainVerifier(this.key, anchored?.legacyThrough);
    let anchoredHash: string | undefined;
    await this.db.transaction('REPEATABLE READ', async (m) => {
      let after = 0;
      for (;;) {
        const rows: RawEntry[] = await m.query(
          `SELECT ${COLUMNS} FROM compliance.audit_log WHERE seq > $1 ORDER BY seq LIMIT ${VERIFY_BATCH}`,
          [after],
        );
        for (const row of rows) {
          const entry = toChained(row);
          if (!verifier.push(entry)) return;
          if (entry.seq === anchored?.seq) anchoredHash = entry.hash;
          after = entry.seq;
        }
        if (rows.length < VERIFY_BATCH) return;
      }
    });
    const report: ChainReport = {
      ok: true,
      entries: verifier.entries,
      headSeq: verifier.head?.seq ?? null,
      checkpoint: anchored ? { seq: anchored.seq, at: anchored.at } : null,
    };
    if (verifier.broken) return { ...report, ok: false, ...verifier.broken };
    if (latest.problem) return { ...report, ok: false, reason: latest.problem };
    if (!anchored) return report;
    if (report.headSeq === null || report.headSeq < anchored.seq)
      return {
        ...report,
        ok: false,
        reason: `entries ${(report.headSeq ?? 0) + 1}..${anchored.seq} named by the checkpoint of ${anchored.at} are missing`,
        missingTail: { checkpointSeq: anchored.seq, lastPresentSeq: report.headSeq },
      };
    if (anchoredHash !== anchored.hash)
      return {
        ...report,
        ok: false,
        brokenAt: anchored.seq,
        reason: `entry ${anchored.seq} no longer matches the checkpoint of ${anchored.at}`,
      };
    return report;
  }
}

/** An audit_log row as `SELECT *` (or COLUMNS) returns it. */
export interface RawEntry {
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
export function toChained(r: RawEntry) {
  return {
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
