import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRecorded, EventEnvelope } from '@revcycle/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ChainVerdict, ChainedFields, GENESIS_HASH, chainHash, verifyChain } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';

export interface AuditQuery {
  patientId?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource('compliance') private readonly db: DataSource) {}

  /** Appends one entry to the chain; serialised by an advisory lock so links never fork. */
  async append(event: EventEnvelope<AuditRecorded>, m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('compliance.audit_log'))`);
    const [last] = await m.query(`SELECT seq, hash FROM compliance.audit_log ORDER BY seq DESC LIMIT 1`);
    const prevHash: string = last?.hash ?? GENESIS_HASH;
    const a = event.payload;
    const fields: ChainedFields = {
      seq: last ? Number(last.seq) + 1 : 1,
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
    await m.getRepository(AuditEntry).insert({
      ...fields,
      occurredAt: new Date(fields.occurredAt),
      recordedAt: new Date(),
      prevHash,
      hash: chainHash(prevHash, fields),
    });
  }

  async search(q: AuditQuery): Promise<{ total: number; items: AuditEntry[] }> {
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (q.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: q.patientId });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.from) qb.andWhere('a.occurred_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.occurred_at < :to', { to: q.to });
    const [items, total] = await qb.orderBy('a.seq', 'ASC').take(q.limit).skip(q.offset).getManyAndCount();
    return { total, items };
  }

  /** Re-computes every hash from the first entry. */
  async verify(): Promise<ChainVerdict> {
    const rows = await this.db.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
    return verifyChain(rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() })));
  }
}
