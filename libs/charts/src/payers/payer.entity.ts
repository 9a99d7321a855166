import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'payer' })
export class Payer {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  /** The payer's electronic id, sent in 837 loop 2010BB NM109. */
  @Column({ name: 'payer_id', type: 'text', unique: true }) payerId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
