import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * One remittance.claim.adjudicated as claims received it: applied (the claim moved), or set aside
 * with why (a repeat, an unknown claim, a status the 835 cannot move) — the review list for billers.
 * Amounts and codes only: the 835 lines (procedures) stay with remittance and the sealed claim.
 */
@Entity({ name: 'claim_adjudication' })
export class ClaimAdjudicationRecord {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId!: string;
  /** Our claim id as the event named it (it may name no claim of ours). */
  @Column({ name: 'claim_id', type: 'text' }) claimId!: string;
  @Column({ name: 'patient_control_number', type: 'text' }) patientControlNumber!: string;
  @Column({ name: 'remittance_id', type: 'text' }) remittanceId!: string;
  @Column({ type: 'text' }) outcome!: string;
  /** 835 CLP02. */
  @Column({ name: 'claim_status_code', type: 'text' }) claimStatusCode!: string;
  /** 835 CLP07. */
  @Column({ name: 'payer_claim_control_number', type: 'text', nullable: true })
  payerClaimControlNumber!: string | null;
  @Column({ name: 'paid_cents', type: 'bigint', transformer: bigintCents }) paidCents!: number;
  @Column({ name: 'adjustment_cents', type: 'bigint', transformer: bigintCents }) adjustmentCents!: number;
  @Column({ name: 'patient_responsibility_cents', type: 'bigint', transformer: bigintCents })
  patientResponsibilityCents!: number;
  @Column({ name: 'payment_date', type: 'date' }) paymentDate!: string;
  @Column({ type: 'boolean' }) applied!: boolean;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
}
