import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { DeliveryAttempt, DeliveryFailed } from './delivery-attempt';
import { HostKeyMismatch, MailboxAuthRefused } from './mailbox-errors';
import { openTcpSockets } from './mailbox.test-support';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { SftpMailbox } from './sftp-mailbox';
import { generateUserKeyPem, OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

const content = Buffer.from('ISA*00*          *00*          *ZZ*SUBMITTER~GS*HC~ST*837~');

describe('the payer mailbox refuses a wrong key; we refuse a changed host key', () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;

  beforeAll(async () => {
    server = await startOpenSshServer();
    config = testMailboxConfig(server);
  });
  afterAll(() => server?.stop());
  afterEach(async () => expect(await openTcpSockets()).toBe(0));

  it('a key the payer does not have on file: one attempt, a clear auth error, no retries, no file', async () => {
    const mailbox = new SftpMailbox({ ...config, privateKey: generateUserKeyPem() });
    const reported: DeliveryAttempt[] = [];
    const failure = await mailbox
      .deliver('batch-0201.837', content, {
        attempts: 4,
        backoffMs: 1,
        onAttempt: (a) => void reported.push(a),
      })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DeliveryFailed);
    expect((failure as DeliveryFailed).permanent).toBe(true);
    expect(reported).toHaveLength(1);
    expect(reported[0].error).toBe(
      `payer mailbox 127.0.0.1:${server.port} refused our key for user "${server.username}" ` +
        '(publickey authentication failed): check the public key the payer has on file for us',
    );
    expect(fs.readdirSync(config.inboundDir)).toEqual([]);
    await expect(mailbox.listWaiting()).rejects.toBeInstanceOf(MailboxAuthRefused);
  });

  it('another host key than the pinned one: refused before logging in, naming both fingerprints', async () => {
    const pinned = `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;
    const mailbox = new SftpMailbox({ ...config, hostKeySha256: pinned });
    const failure = await mailbox
      .deliver('batch-0202.837', content, { attempts: 4, backoffMs: 1 })
      .catch((e: unknown) => e);

    expect((failure as DeliveryFailed).permanent).toBe(true);
    expect((failure as DeliveryFailed).attempts).toHaveLength(1);
    expect((failure as DeliveryFailed).attempts[0].error).toBe(
      `payer mailbox 127.0.0.1:${server.port} presented host key ${server.hostKeySha256}, not the pinned ` +
        `${pinned}: not connecting (the payer changed its key, or someone is in between; confirm the ` +
        'fingerprint with the payer)',
    );
    expect(fs.readdirSync(config.inboundDir)).toEqual([]);
    await expect(mailbox.listWaiting()).rejects.toBeInstanceOf(HostKeyMismatch);
  });

  it('the pinned fingerprint is accepted with or without its SHA256: prefix and padding', async () => {
    const bare = server.hostKeySha256.replace(/^SHA256:/, '');
    await expect(new SftpMailbox({ ...config, hostKeySha256: bare }).listWaiting()).resolves.toEqual([]);
    await expect(new SftpMailbox({ ...config, hostKeySha256: `${bare}=` }).listWaiting()).resolves.toEqual(
      [],
    );
  });

  it('a private key that is not a key is a permanent error that does not quote it', async () => {
    const failure = await new SftpMailbox({ ...config, privateKey: 'not-a-key-SECRET-MATERIAL' })
      .deliver('batch-0203.837', content, { attempts: 3, backoffMs: 1 })
      .catch((e: unknown) => e);

    expect((failure as DeliveryFailed).attempts).toHaveLength(1);
    expect((failure as DeliveryFailed).message).toMatch(/our private key could not be read/);
    expect((failure as DeliveryFailed).message).not.toMatch(/SECRET/);
  });
});
