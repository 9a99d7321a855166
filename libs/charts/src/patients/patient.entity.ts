import { Address } from '@revcycle/contracts';
import { phiColumn, phiJsonColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'patient' })
export class Patient {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', transformer: phiColumn }) mrn!: string;
  @Column({ name: 'first_name', type: 'text', transformer: phiColumn }) firstName!: string;
  @Column({ name: 'last_name', type: 'text', transformer: phiColumn }) lastName!: string;
  @Column({ name: 'date_of_birth', type: 'text', transformer: phiColumn }) dateOfBirth!: string;
  @Column({ type: 'char', length: 1 }) sex!: 'F' | 'M' | 'U';
  @Column({ type: 'text', transformer: phiJsonColumn }) address!: Address;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
