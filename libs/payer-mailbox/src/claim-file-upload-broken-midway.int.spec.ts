import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryFailed } from './delivery-attempt';
import { openTcpSockets } from './mailbox.test-support';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { SftpMailbox } from './sftp-mailbox';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

describe('the payer mailbox goes down in the middle of an upload', () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;
  let mailbox: SftpMailbox;

  beforeAll(async () => {
    server = await startOpenSshServer();
    config = testMailboxConfig(server);
    mailbox = new SftpMailbox(config);
  });
  afterAll(() => server?.stop());
  afterEach(async () => {
    await server.bringUp();
    expect(await openTcpSockets()).toBe(0);
  });

  /** Sends a first part of the file, waits until it is on the server's disk, takes the server down. */
  async function breakAfterFirstPart(stream: PassThrough, fileName: string): Promise<void> {
    stream.write(Buffer.alloc(70_000, 'A'));
    const part = path.join(config.inboundDir, `${fileName}.part`);
    while (!fs.existsSync(part) || fs.statSync(part).size < 70_000) await sleep(10);
    await server.takeDown();
  }

  it('a file that can be reopened is sent again whole; the payer never sees the half file', async () => {
    const whole = Buffer.alloc(100_000, 'C');
    const opened: PassThrough[] = [];
    const reopen = (): Readable => {
      if (opened.length > 0) return Readable.from([whole]);
      const first = new PassThrough();
      opened.push(first);
      void breakAfterFirstPart(first, 'batch-0401.837');
      return first;
    };
    const delivery = await mailbox.deliver('batch-0401.837', reopen, {
      attempts: 3,
      backoffMs: 20,
      onAttempt: async (a) => {
        if (!a.ok) await server.bringUp();
      },
    });

    expect(delivery.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(delivery.attempts[0].error).toMatch(
      new RegExp(`^payer mailbox 127\\.0\\.0\\.1:${server.port} dropped the connection midway \\(`),
    );
    expect(fs.readFileSync(path.join(config.inboundDir, 'batch-0401.837'))).toEqual(whole);
    expect(fs.readdirSync(config.inboundDir)).toEqual(['batch-0401.837']);
  });

  it('a bare stream half sent is not sent again (its first half is gone): a permanent failure', async () => {
    const stream = new PassThrough();
    void breakAfterFirstPart(stream, 'batch-0402.837');
    const failure = await mailbox
      .deliver('batch-0402.837', stream, {
        attempts: 3,
        backoffMs: 20,
        onAttempt: async (a) => {
          if (!a.ok) await server.bringUp();
        },
      })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DeliveryFailed);
    expect((failure as DeliveryFailed).permanent).toBe(true);
    expect((failure as DeliveryFailed).attempts.map((a) => a.error)).toEqual([
      expect.any(String),
      'the stream of claim file batch-0402.837 was already read by an earlier attempt and cannot be sent ' +
        'again: deliver a Buffer or a function that reopens the file to allow retries',
    ]);
    expect(fs.existsSync(path.join(config.inboundDir, 'batch-0402.837'))).toBe(false);
  });
});
