import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'coded_encounter' })
export class CodedEncounter {
  @PrimaryColumn({ name: 'encounter_id', type: 'text' }) encounterId!: string;
  @Column({ name: 'patient_id', type: 'text' }) patientId!: string;
  @Column({ type: 'text' }) method!: 'auto' | 'coder';
  @Column({ name: 'coded_by', type: 'text' }) codedBy!: string;
  @CreateDateColumn({ name: 'coded_at', type: 'timestamptz' }) codedAt!: Date;
}
