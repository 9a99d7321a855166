import { PayerRuleSet } from '@revcycle/edit-engine';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Payer rules as data (edit-engine JSON format); the newest version is in force. */
@Entity({ name: 'payer_rule_set' })
export class PayerRuleSetVersion {
  @PrimaryGeneratedColumn() version!: number;
  @Column({ type: 'jsonb' }) rules!: PayerRuleSet;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
