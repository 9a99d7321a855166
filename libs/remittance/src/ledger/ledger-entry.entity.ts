import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A billed line's procedure and modifiers (PHI), with its 837 2400 line number. */
export interface BilledLineService {
  lineNumber: number;
  procedureCode: string;
  modifiers: string[];
}

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** A claim we billed, keyed for matching the payer's 835 back (CLP01 = patient control number). */
@Entity({ name: 'claim_ledger' })
export class ClaimLedgerEntry {
  @PrimaryColumn({ name: 'claim_id', type: 'text' }) claimId!: string;
  @Column({ name: 'patient_control_number', type: 'text', unique: true }) patientControlNumber!: string;
  @Column({ name: 'encounter_id', type: 'text' }) encounterId!: string;
  @Column({ name: 'patient_id', type: 'text' }) patientId!: string;
  @Column({ name: 'payer_id', type: 'text' }) payerId!: string;
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
  @Column({ name: 'total_charge_cents', type: 'bigint', transformer: bigintCents }) totalChargeCents!: number;
  @Column({ name: 'service_line_count', type: 'int' }) serviceLineCount!: number;
  /** The claim revision this entry reflects (1 = as built; claims.claim.corrected raises it). */
  @Column({ type: 'int', default: 1 }) revision!: number;
  /** Voided by a frequency 8 correction: nothing of it is payable any more. */
  @Column({ type: 'boolean', default: false }) voided!: boolean;
  /** On a claim billed to a secondary payer (837 SBR01 S): the primary claim it follows. */
  @Column({ name: 'primary_claim_id', type: 'text', nullable: true }) primaryClaimId!: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true }) updatedAt!: Date | null;
  /** The billed lines' services, sealed once per claim (ledger-lines); read by 835 matching only. */
  @PhiColumn({ name: 'line_services', json: true, nullable: true, select: false })
  lineServices!: BilledLineService[] | null;
}
