import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DeliveryMethod } from './claim-batch.entity';

/** How to reach a payer's SFTP mailbox; sealed at rest (it holds the private key). */
export interface SftpSettings {
  host: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key of our login (key authentication only). */
  privateKey: string;
  /** SHA-256 fingerprint of the server's host key (base64, as `ssh-keygen -l` prints after SHA256:). */
  hostKeySha256?: string;
  /** Where we put claim files. */
  inboundDir: string;
  /** Where the payer leaves 999, 277CA (and 835) files for us. */
  outboundDir: string;
}

/** Per payer: where its files go and who it is in the envelope (ISA07/08, GS03, 1000B). */
@Entity({ name: 'payer_delivery' })
export class PayerDelivery {
  /** The payer (charts id) claims name in payerId. */
  @PrimaryColumn({ name: 'payer_id', type: 'text' }) payerId!: string;
  @Column({ type: 'text' }) method!: DeliveryMethod;
  @Column({ name: 'receiver_id', type: 'text' }) receiverId!: string;
  @Column({ name: 'receiver_qualifier', type: 'text' }) receiverQualifier!: string;
  @Column({ name: 'receiver_name', type: 'text' }) receiverName!: string;
  @Column({ name: 'application_receiver_code', type: 'text' }) applicationReceiverCode!: string;
  @PhiColumn({ json: true, nullable: true }) sftp!: SftpSettings | null;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
