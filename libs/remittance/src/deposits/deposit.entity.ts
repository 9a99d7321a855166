import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** A bank file as received: its hash (the same file twice is one), format and totals. */
@Entity({ name: 'bank_file' })
export class BankFile {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) sha256!: string;
  @Column({ type: 'text' }) format!: 'bai2' | 'csv';
  @Column({ name: 'byte_count', type: 'bigint', transformer: bigintCents }) byteCount!: number;
  @Column({ name: 'deposit_count', type: 'int' }) depositCount!: number;
  @Column({ name: 'total_cents', type: 'bigint', transformer: bigintCents }) totalCents!: number;
  @Column({ name: 'received_by', type: 'text' }) receivedBy!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}

/** One credit to the practice's account, as a bank file reported it. */
@Entity({ name: 'deposit' })
export class Deposit {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'bank_file_id', type: 'uuid' }) bankFileId!: string;
  @Column({ name: 'line_number', type: 'int' }) lineNumber!: number;
  @Column({ name: 'deposit_date', type: 'date' }) depositDate!: string;
  @Column({ name: 'amount_cents', type: 'bigint', transformer: bigintCents }) amountCents!: number;
  @Column({ name: 'type_code', type: 'text', nullable: true }) typeCode!: string | null;
  @Column({ name: 'account_number', type: 'text', nullable: true }) accountNumber!: string | null;
  @Column({ name: 'bank_reference', type: 'text', nullable: true }) bankReference!: string | null;
  @Column({ name: 'customer_reference', type: 'text', nullable: true }) customerReference!: string | null;
  @Column({ type: 'text', default: '' }) text!: string;
  /** The 835 TRN02 this credit pays, when the bank carried it. */
  @Column({ name: 'trace_number', type: 'text', nullable: true }) traceNumber!: string | null;
  /** The 835 TRN03 (payer's originating company id) from the ACH addenda, when carried. */
  @Column({ type: 'text', nullable: true }) originator!: string | null;
  @Column({ name: 'natural_key', type: 'text', unique: true, select: false }) naturalKey!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
