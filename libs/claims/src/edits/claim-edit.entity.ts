import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One edit of the claim's latest scrub (replaced on every re-scrub). */
@Entity({ name: 'claim_edit' })
export class ClaimEditRow {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @PrimaryColumn({ type: 'int' }) seq!: number;
  @Column({ name: 'edit_id', type: 'text' }) editId!: string;
  @Column({ type: 'text' }) category!: string;
  @Column({ type: 'text' }) severity!: 'reject' | 'warn';
  @Column({ type: 'int', nullable: true }) line!: number | null;
  /** The codes the edit is about, diagnoses among them, and its message naming them (PHI: encrypted at rest). */
  @PhiColumn({ json: true }) codes!: string[];
  @PhiColumn() message!: string;
}
