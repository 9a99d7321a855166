import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a batch is: `created` (its 837 is stored, waiting for delivery or for the payer to
 * download it), `submitted` (the payer has the file), `delivery_failed` (the last attempt failed;
 * retried at next_delivery_at), then the payer's 999: `acknowledged` (every transaction set
 * accepted), `partially_acknowledged` or `rejected`.
 */
export const BATCH_STATUSES = [
  'created',
  'submitted',
  'delivery_failed',
  'acknowledged',
  'partially_acknowledged',
  'rejected',
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const DELIVERY_METHODS = ['download', 'sftp'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** One 837 file for one payer and claim type: an interchange (ISA13) with one functional group (GS06). */
@Entity({ name: 'claim_batch' })
export class ClaimBatch {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'payer_id', type: 'text' }) payerId!: string;
  @Column({ name: 'claim_type', type: 'text' }) claimType!: 'professional' | 'institutional';
  @Column({ name: 'claim_count', type: 'int' }) claimCount!: number;
  @Column({ name: 'total_charge_cents', type: 'bigint', transformer: bigint }) totalChargeCents!: number;
  /** ISA06 / ISA08. */
  @Column({ name: 'sender_id', type: 'text' }) senderId!: string;
  @Column({ name: 'receiver_id', type: 'text' }) receiverId!: string;
  /** ISA13, nine digits. */
  @Column({ name: 'interchange_control_number', type: 'text' }) interchangeControlNumber!: string;
  /** GS06: what a 999's AK102 names. */
  @Column({ name: 'group_control_number', type: 'text' }) groupControlNumber!: string;
  /** ISA15: T test, P production. */
  @Column({ name: 'usage_indicator', type: 'char', length: 1 }) usageIndicator!: 'T' | 'P';
  @Column({ type: 'text' }) status!: BatchStatus;
  @Column({ name: 'file_bytes', type: 'bigint', transformer: bigint }) fileBytes!: number;
  @Column({ name: 'file_sha256', type: 'text' }) fileSha256!: string;
  @Column({ name: 'delivery_method', type: 'text' }) deliveryMethod!: DeliveryMethod;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt!: Date | null;
  /** When an SFTP delivery is due (first try or retry); null once delivered or for downloads. */
  @Column({ name: 'next_delivery_at', type: 'timestamptz', nullable: true }) nextDeliveryAt!: Date | null;
}

/** A claim in a batch, with the ST02 of the transaction set that carries it (what a 999's AK202 names). */
@Entity({ name: 'claim_batch_claim' })
export class ClaimBatchClaim {
  @PrimaryColumn({ name: 'batch_id', type: 'uuid' }) batchId!: string;
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @Column({ name: 'transaction_set_control_number', type: 'text' }) transactionSetControlNumber!: string;
  /** True until the payer accepted or rejected the claim (no claim is in two open batches). */
  @Column({ type: 'boolean' }) open!: boolean;
}

/** One try to hand the file to the payer (an SFTP upload, or the payer's download). */
@Entity({ name: 'claim_batch_delivery_attempt' })
export class DeliveryAttempt {
  @PrimaryColumn({ name: 'batch_id', type: 'uuid' }) batchId!: string;
  @PrimaryColumn({ type: 'int' }) attempt!: number;
  @Column({ type: 'text' }) method!: DeliveryMethod;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz' }) finishedAt!: Date;
  @Column({ type: 'boolean' }) ok!: boolean;
  /** What happened (the error, the remote path, who downloaded); never file content. */
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}
