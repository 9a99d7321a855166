import { CoverageSnapshot, Relationship } from '@revcycle/contracts';
import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'coverage' })
export class Coverage {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'patient_id', type: 'uuid' }) patientId!: string;
  @Column({ name: 'payer_id', type: 'uuid' }) payerId!: string;
  @PhiColumn({ name: 'member_id' }) memberId!: string;
  @Column({ name: 'group_number', type: 'text', nullable: true }) groupNumber!: string | null;
  @Column({ type: 'text' }) relationship!: Relationship;
  @PhiColumn({ json: true }) subscriber!: CoverageSnapshot['subscriber'];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
