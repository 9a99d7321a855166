import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ClaimStatus } from './claim-status';

/**
 * One transition of a claim's status: from, to, when, who (a user or a service), the file or
 * batch it came with, and why. Append-only: the claim's history is these rows in order.
 */
@Entity({ name: 'claim_status_change' })
export class ClaimStatusChange {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  /** Null for the first status, when the claim was built. */
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus!: ClaimStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus!: ClaimStatus;
  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  /** Who: a user's id, or the service that acted (`claims-builder`, `acknowledgment:<id>`). */
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  /** The batch, acknowledgment or remittance file it came with, when any. */
  @Column({ type: 'text', nullable: true }) source!: string | null;
  /** Why, in words (edit counts, the payer's rejection reason); never PHI values. */
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}
