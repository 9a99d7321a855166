import { PhiColumn } from '@revcycle/security';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a payer leaves its 835s for us, and how we log in (key authentication only). */
export interface EraMailboxSettings {
  host: string;
  port: number;
  username: string;
  /** OpenSSH or PEM private key of our login. */
  privateKey: string;
  /** The server's host key fingerprint (base64, without `SHA256:`); unset = any host key. */
  hostKeySha256?: string;
  /** The payer's outbound folder; collected files move to its `processed/`. */
  outboundDir: string;
}

/** A payer's ERA enrollment: the mailbox its 835s come from. Sealed at rest (it holds the key). */
@Entity({ name: 'era_mailbox' })
export class EraMailbox {
  @PrimaryColumn({ name: 'payer_id', type: 'uuid' }) payerId!: string;
  @PhiColumn({ json: true }) settings!: EraMailboxSettings;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
