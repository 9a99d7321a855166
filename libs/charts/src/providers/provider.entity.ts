import { Address } from '@revcycle/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'provider' })
export class Provider {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'char', length: 10, unique: true }) npi!: string;
  @Column({ type: 'text' }) kind!: 'organization' | 'individual';
  /** Organization name, or the individual's last name. */
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'first_name', type: 'text', nullable: true }) firstName!: string | null;
  @Column({ type: 'text', nullable: true }) taxonomy!: string | null;
  @Column({ name: 'tax_id', type: 'text', nullable: true }) taxId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) address!: Address | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
