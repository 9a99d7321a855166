import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintSeq = { to: (v: number) => v, from: (v: string | number) => Number(v) };

@Entity({ name: 'audit_log' })
export class AuditEntry {
  /** 0: the single chain from before segments; 1..n: the segmented chains (migration 530, audit-chain.ts). */
  @PrimaryColumn({ type: 'smallint' }) segment!: number;
  /** The entry's place in its segment's chain, from 1. */
  @PrimaryColumn({ type: 'bigint', transformer: bigintSeq }) seq!: number;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ type: 'text' }) service!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'resource_type', type: 'text' }) resourceType!: string;
  @Column({ name: 'resource_id', type: 'text', nullable: true }) resourceId!: string | null;
  @Column({ name: 'patient_id', type: 'text', nullable: true }) patientId!: string | null;
  @Column({ name: 'actor_id', type: 'text' }) actorId!: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole!: string;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
  @Column({ type: 'text', nullable: true }) operation!: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  @Column({ name: 'source_ip', type: 'text', nullable: true }) sourceIp!: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  /** 0: unkeyed SHA-256 link (entries from before the keyed chain), 1: HMAC-SHA-256, 2: HMAC-SHA-256 over the segment too (see audit-chain.ts). */
  @Column({ name: 'chain_epoch', type: 'smallint' }) epoch!: number;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash!: string;
  @Column({ type: 'char', length: 64 }) hash!: string;
}
