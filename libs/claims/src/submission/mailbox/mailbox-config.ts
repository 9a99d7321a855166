import { PayerMailboxConfig } from '@revcycle/payer-mailbox';
import { SftpSettings } from '../payer-delivery.entity';

/** TCP connect plus SSH handshake, per connection. */
const CONNECT_TIMEOUT_MS = 10_000;

export const mailboxConfig = (sftp: SftpSettings): PayerMailboxConfig => ({
  ...sftp,
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
});

/** One mailbox may serve several payers (a clearinghouse): its responses are picked up once. */
export const mailboxKey = (sftp: SftpSettings) =>
  `${sftp.username}@${sftp.host}:${sftp.port}${sftp.outboundDir}`;
