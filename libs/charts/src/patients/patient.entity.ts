import { Address } from '@revcycle/contracts';
import { PhiColumn } from '@revcycle/security';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'patient' })
export class Patient {
  @PrimaryColumn('uuid') id!: string;
  @PhiColumn() mrn!: string;
  @PhiColumn({ name: 'first_name' }) firstName!: string;
  @PhiColumn({ name: 'last_name' }) lastName!: string;
  @PhiColumn({ name: 'date_of_birth' }) dateOfBirth!: string;
  @Column({ type: 'char', length: 1 }) sex!: 'F' | 'M' | 'U';
  @PhiColumn({ json: true }) address!: Address;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  // Blind indexes (libs/security blind-index.ts): searchable without decrypting, never returned.
  @Column({ name: 'mrn_index', type: 'text', select: false }) mrnIndex?: string;
  @Column({ name: 'first_name_index', type: 'text', select: false }) firstNameIndex?: string;
  @Column({ name: 'last_name_index', type: 'text', select: false }) lastNameIndex?: string;
  @Column({ name: 'date_of_birth_index', type: 'text', select: false }) dateOfBirthIndex?: string;
  /** An MRN already shared by an older patient before MRNs were unique (kept, outside the unique index). */
  @Column({ name: 'mrn_legacy_duplicate', type: 'boolean', select: false }) mrnLegacyDuplicate?: boolean;
}

/** What the API returns for a patient (the blind indexes stay inside). */
export type PatientView = Pick<
  Patient,
  'id' | 'mrn' | 'firstName' | 'lastName' | 'dateOfBirth' | 'sex' | 'address' | 'createdAt'
>;

export function patientView(p: Patient): PatientView {
  const { id, mrn, firstName, lastName, dateOfBirth, sex, address, createdAt } = p;
  return { id, mrn, firstName, lastName, dateOfBirth, sex, address, createdAt };
}
