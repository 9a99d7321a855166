import { SftpMailbox } from '@revcycle/payer-mailbox';
import { detectAcknowledgment } from '@revcycle/x12';
import { DataSource } from 'typeorm';
import { AcknowledgmentService } from '../../acknowledgments/acknowledgment.service';
import { PayerDelivery } from '../payer-delivery.entity';
import { mailboxConfig, mailboxKey } from './mailbox-config';

export interface Pickup {
  /** 999s and 277CAs applied (or found applied before) and moved to the mailbox's processed/. */
  collected: number;
  /** Acknowledgments that did not apply (broken, refused): left waiting, reported. */
  refused: Array<{ mailbox: string; file: string; reason: string }>;
  /** Mailboxes that could not be reached this round. */
  unreachable: Array<{ mailbox: string; reason: string }>;
}

/**
 * Picks up the 999 and 277CA files every SFTP payer left in its outbound folder and applies each
 * (AcknowledgmentService: once per file, however often it is picked up). A file is moved to
 * processed/ only after it applied; other files (835 remittances, for the remittance service)
 * stay where they are.
 */
export async function collectAcknowledgments(
  db: DataSource,
  acknowledgments: AcknowledgmentService,
): Promise<Pickup> {
  const pickup: Pickup = { collected: 0, refused: [], unreachable: [] };
  const payers = await db.getRepository(PayerDelivery).findBy({ method: 'sftp' });
  const mailboxes = new Map(payers.filter((p) => p.sftp).map((p) => [mailboxKey(p.sftp!), p.sftp!]));
  for (const [key, sftp] of mailboxes) {
    const mailbox = new SftpMailbox(mailboxConfig(sftp));
    try {
      for (const file of await mailbox.listWaiting()) {
        const bytes = await mailbox.fetch(file.name);
        const detected = detectAcknowledgment(bytes);
        if (!detected.ok) {
          if (!isRemittance(bytes))
            pickup.refused.push({
              mailbox: key,
              file: file.name,
              reason: detected.errors[0]?.message ?? 'not a 999 or 277CA',
            });
          continue;
        }
        try {
          await acknowledgments.receive(bytes, { via: 'sftp', by: 'claims-mailbox' });
        } catch (error) {
          pickup.refused.push({ mailbox: key, file: file.name, reason: reasonOf(error) });
          continue;
        }
        await mailbox.markCollected(file.name);
        pickup.collected++;
      }
    } catch (error) {
      pickup.unreachable.push({ mailbox: key, reason: reasonOf(error) });
    }
  }
  return pickup;
}

/** An 835 (ST01, after ISA's fixed 106 characters and GS): the remittance service's, not ours. */
const isRemittance = (bytes: Buffer) => /ST.835./.test(bytes.subarray(0, 512).toString('latin1'));

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);
