import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Claim } from './claim.entity';

const bigintCents = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** 837P loop 2400: one SV1 line. */
@Entity({ name: 'service_line' })
export class ServiceLine {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @PrimaryColumn({ name: 'line_number', type: 'int' }) lineNumber!: number;
  @ManyToOne(() => Claim, (c) => c.serviceLines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'claim_id' })
  claim?: Claim;
  @Column({ name: 'procedure_code', type: 'text' }) procedureCode!: string;
  @Column({ type: 'text', array: true }) modifiers!: string[];
  @Column({ type: 'int' }) units!: number;
  @Column({ name: 'charge_cents', type: 'bigint', transformer: bigintCents }) chargeCents!: number;
  /** SV107: 1-based positions in the claim's diagnoses. */
  @Column({ name: 'diagnosis_pointers', type: 'int', array: true }) diagnosisPointers!: number[];
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
}
