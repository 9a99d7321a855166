import { PhiColumn } from '@revcycle/security';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Claim } from './claim.entity';

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * 837P loop 2400: one SV1 line. What was done for the patient — the procedure, its modifiers and
 * the diagnoses it treats — is PHI, sealed like the encounter's procedures in charts; units,
 * charge and date stay in clear (the remittance ledger holds no more).
 */
@Entity({ name: 'service_line' })
export class ServiceLine {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @PrimaryColumn({ name: 'line_number', type: 'int' }) lineNumber!: number;
  @ManyToOne(() => Claim, (c) => c.serviceLines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'claim_id' })
  claim?: Claim;
  /** SV101-2: CPT/HCPCS. */
  @PhiColumn({ name: 'procedure_code' }) procedureCode!: string;
  /** SV101-3..6. */
  @PhiColumn({ json: true }) modifiers!: string[];
  @Column({ type: 'int' }) units!: number;
  @Column({ name: 'charge_cents', type: 'bigint', transformer: bigintCents }) chargeCents!: number;
  /** SV107: 1-based positions in the claim's diagnoses. */
  @PhiColumn({ name: 'diagnosis_pointers', json: true }) diagnosisPointers!: number[];
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
}
