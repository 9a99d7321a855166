import { EncounterDiagnosis, EncounterProcedure } from '@revcycle/contracts';
import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'encounter' })
export class Encounter {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'patient_id', type: 'uuid' }) patientId!: string;
  @Column({ name: 'coverage_id', type: 'uuid' }) coverageId!: string;
  /** The patient's secondary coverage, billed after the primary's 835 (claims' COB). */
  @Column({ name: 'secondary_coverage_id', type: 'uuid', nullable: true }) secondaryCoverageId!:
    string | null;
  @Column({ name: 'billing_provider_id', type: 'uuid' }) billingProviderId!: string;
  @Column({ name: 'rendering_provider_id', type: 'uuid' }) renderingProviderId!: string;
  @Column({ name: 'referring_provider_id', type: 'uuid', nullable: true }) referringProviderId!:
    string | null;
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
  @Column({ name: 'place_of_service', type: 'char', length: 2 }) placeOfService!: string;
  /** As documented; coding validates them after finalization (PHI: encrypted at rest). */
  @PhiColumn({ json: true }) diagnoses!: EncounterDiagnosis[];
  @PhiColumn({ json: true }) procedures!: EncounterProcedure[];
  @Column({ type: 'text' }) status!: 'open' | 'finalized';
  @Column({ name: 'finalized_at', type: 'timestamptz', nullable: true }) finalizedAt!: Date | null;
  @Column({ name: 'finalized_by', type: 'text', nullable: true }) finalizedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
