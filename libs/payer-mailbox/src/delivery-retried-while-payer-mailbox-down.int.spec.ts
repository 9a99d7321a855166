import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { DeliveryAttempt, DeliveryFailed } from './delivery-attempt';
import { openTcpSockets } from './mailbox.test-support';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { SftpMailbox } from './sftp-mailbox';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

const content = Buffer.from('ISA*00*          *00*          *ZZ*SUBMITTER~GS*HC~ST*837~SE~GE~IEA~');

describe('a claim file delivery while the payer mailbox is down', () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;
  let mailbox: SftpMailbox;
  const delivered = (name: string) => path.join(config.inboundDir, name);

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

  it('fails after the N attempts asked for, each one reported, then succeeds once the server is back', async () => {
    await server.takeDown();
    const reported: DeliveryAttempt[] = [];
    const failure = await mailbox
      .deliver('batch-0101.837', content, {
        attempts: 3,
        backoffMs: 20,
        onAttempt: (a) => void reported.push(a),
      })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DeliveryFailed);
    const failed = failure as DeliveryFailed;
    expect(failed.permanent).toBe(false);
    expect(failed.attempts).toEqual(reported);
    expect(reported.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    for (const a of reported) {
      expect(a.error).toBe(`payer mailbox 127.0.0.1:${server.port} refused the connection (server down?)`);
      expect(a.finishedAt.getTime()).toBeGreaterThanOrEqual(a.startedAt.getTime());
    }
    expect(reported[1].startedAt.getTime()).toBeGreaterThanOrEqual(reported[0].finishedAt.getTime() + 10);
    expect(failed.message).toBe(
      `claim file batch-0101.837 not delivered to payer mailbox 127.0.0.1:${server.port} after 3 attempts: ` +
        `payer mailbox 127.0.0.1:${server.port} refused the connection (server down?)`,
    );

    await server.bringUp();
    const delivery = await mailbox.deliver('batch-0101.837', content, { attempts: 3, backoffMs: 20 });
    expect(delivery.attempts).toHaveLength(1);
    expect(fs.readFileSync(delivered('batch-0101.837'))).toEqual(content);
  });

  it('the same delivery carries on when the server comes back between attempts', async () => {
    await server.takeDown();
    const delivery = await mailbox.deliver('batch-0102.837', content, {
      attempts: 5,
      backoffMs: 20,
      onAttempt: async (a) => {
        if (!a.ok) await server.bringUp();
      },
    });

    expect(delivery.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(fs.readFileSync(delivered('batch-0102.837'))).toEqual(content);
  });

  it('a bare stream is not spent by attempts that never connected', async () => {
    await server.takeDown();
    const stream = new PassThrough().end(content);
    const delivery = await mailbox.deliver('batch-0103.837', stream, {
      attempts: 3,
      backoffMs: 20,
      onAttempt: async (a) => {
        if (!a.ok) await server.bringUp();
      },
    });

    expect(delivery.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(fs.readFileSync(delivered('batch-0103.837'))).toEqual(content);
  });

  it('a handshake that never comes is given up after connectTimeoutMs', async () => {
    // Accepts TCP and never sends the SSH identification line.
    const accepted: net.Socket[] = [];
    const silent = net.createServer((socket) => void accepted.push(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const failure = await new SftpMailbox({ ...config, port, connectTimeoutMs: 300 })
        .deliver('batch-0104.837', content, { attempts: 2, backoffMs: 1 })
        .catch((e: unknown) => e);
      expect((failure as DeliveryFailed).attempts.map((a) => a.error)).toEqual([
        `payer mailbox 127.0.0.1:${port} did not complete the SSH handshake within 300 ms`,
        `payer mailbox 127.0.0.1:${port} did not complete the SSH handshake within 300 ms`,
      ]);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
