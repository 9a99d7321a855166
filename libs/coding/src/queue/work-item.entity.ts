import { EncounterFinalized } from '@revcycle/contracts';
import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CodingProblem } from '../validation/code-validation';

/** An encounter whose documented codes did not pass validation, waiting for a coder. */
@Entity({ name: 'work_item' })
export class CodingWorkItem {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'encounter_id', type: 'text', unique: true }) encounterId!: string;
  @Column({ name: 'patient_id', type: 'text' }) patientId!: string;
  @Column({ name: 'payer_id', type: 'text' }) payerId!: string;
  @Column({ name: 'date_of_service', type: 'date' }) dateOfService!: string;
  /** The finalized encounter as received (PHI: encrypted at rest). */
  @PhiColumn({ json: true }) encounter!: EncounterFinalized;
  /** Why it failed validation: names the diagnosis codes (PHI: encrypted at rest). */
  @PhiColumn({ json: true }) problems!: CodingProblem[];
  @Column({ type: 'text' }) status!: 'open' | 'completed';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'completed_by', type: 'text', nullable: true }) completedBy!: string | null;
}
