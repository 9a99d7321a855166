import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ACKNOWLEDGMENT_KINDS = ['999', '277CA'] as const;
export type AcknowledgmentKind = (typeof ACKNOWLEDGMENT_KINDS)[number];

/** One acknowledgment file from a payer, as received, and what applying it did. */
@Entity({ name: 'acknowledgment' })
export class Acknowledgment {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) kind!: AcknowledgmentKind;
  /** Of the bytes received: the same file again is recognised and changes nothing. */
  @Column({ type: 'text' }) sha256!: string;
  /** The acknowledgment's own ISA13 and ISA06. */
  @Column({ name: 'interchange_control_number', type: 'text' }) interchangeControlNumber!: string;
  @Column({ name: 'sender_id', type: 'text' }) senderId!: string;
  @Column({ name: 'received_via', type: 'text' }) receivedVia!: 'api' | 'sftp';
  @Column({ name: 'received_by', type: 'text' }) receivedBy!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  /** Claims the file spoke of that are ours, of them accepted and rejected; entries matching nothing of ours. */
  @Column({ type: 'int' }) matched!: number;
  @Column({ type: 'int' }) accepted!: number;
  @Column({ type: 'int' }) rejected!: number;
  @Column({ type: 'int' }) unmatched!: number;
  /** The file as received (a 277CA names patients: PHI, sealed). */
  @PhiColumn() content!: string;
}
