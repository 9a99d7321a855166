import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryAttempt, DeliveryFailed } from './delivery-attempt';
import { openTcpSockets } from './mailbox.test-support';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { SftpMailbox } from './sftp-mailbox';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

const claimFile = (marker: string) =>
  Buffer.from(`ISA*00*          *00*          *ZZ*${marker}~GS*HC~ST*837~`);

describe('a claim file goes to the payer as <name>.part, then is renamed to <name>', () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;
  let mailbox: SftpMailbox;
  const inbound = () => fs.readdirSync(config.inboundDir).sort();

  beforeAll(async () => {
    server = await startOpenSshServer();
    config = testMailboxConfig(server);
    mailbox = new SftpMailbox(config);
  });
  afterAll(() => server?.stop());
  afterEach(async () => expect(await openTcpSockets()).toBe(0));

  it('leaves exactly the complete file under its name, no .part, in one reported attempt', async () => {
    const reported: DeliveryAttempt[] = [];
    const content = claimFile('SUBMITTER1');
    const delivery = await mailbox.deliver('batch-0001.837', content, {
      onAttempt: (a) => void reported.push(a),
    });

    expect(delivery).toMatchObject({
      remotePath: path.join(config.inboundDir, 'batch-0001.837'),
      alreadyDelivered: false,
      bytes: content.length,
    });
    expect(delivery.attempts).toEqual(reported);
    expect(reported).toEqual([
      { attempt: 1, startedAt: expect.any(Date), finishedAt: expect.any(Date), ok: true },
    ]);
    expect(fs.readFileSync(path.join(config.inboundDir, 'batch-0001.837'))).toEqual(content);
    expect(inbound()).toEqual(['batch-0001.837']);
  });

  it('while the bytes are still coming, the payer sees only the .part file', async () => {
    const stream = new PassThrough();
    const delivering = mailbox.deliver('batch-0002.837', stream);
    stream.write(Buffer.alloc(70_000, 'A'));
    const part = path.join(config.inboundDir, 'batch-0002.837.part');
    while (!fs.existsSync(part) || fs.statSync(part).size < 70_000) await sleep(10);

    expect(inbound()).toContain('batch-0002.837.part');
    expect(inbound()).not.toContain('batch-0002.837');
    // The connection is open now (so the no-leaked-socket check after each test does see sockets).
    expect(process.getActiveResourcesInfo()).toContain('TCPSocketWrap');

    stream.end(Buffer.alloc(30_000, 'B'));
    const delivery = await delivering;
    expect(delivery.bytes).toBe(100_000);
    expect(fs.statSync(path.join(config.inboundDir, 'batch-0002.837')).size).toBe(100_000);
    expect(inbound()).not.toContain('batch-0002.837.part');
  });

  it('a .part left by an interrupted upload is overwritten by the next delivery', async () => {
    fs.writeFileSync(path.join(config.inboundDir, 'batch-0003.837.part'), Buffer.alloc(5000, 'x'));
    const content = claimFile('SUBMITTER3');
    await mailbox.deliver('batch-0003.837', content);
    expect(fs.readFileSync(path.join(config.inboundDir, 'batch-0003.837'))).toEqual(content);
    expect(inbound()).not.toContain('batch-0003.837.part');
  });

  it('delivering the same file again is a no-op reported as already delivered', async () => {
    const content = claimFile('SUBMITTER4');
    await mailbox.deliver('batch-0004.837', content);
    const before = fs.statSync(path.join(config.inboundDir, 'batch-0004.837'));

    const again = await mailbox.deliver('batch-0004.837', content);
    const streamedAgain = await mailbox.deliver('batch-0004.837', () => new PassThrough().end(content));

    expect(again).toMatchObject({ alreadyDelivered: true, bytes: content.length });
    expect(streamedAgain).toMatchObject({ alreadyDelivered: true, bytes: content.length });
    expect(fs.statSync(path.join(config.inboundDir, 'batch-0004.837')).mtimeMs).toBe(before.mtimeMs);
    expect(inbound().filter((n) => n.startsWith('batch-0004'))).toEqual(['batch-0004.837']);
  });

  it('a different file under a delivered name is refused at once, the first one untouched, no content in the error', async () => {
    const first = claimFile('SUBMITTER5');
    await mailbox.deliver('batch-0005.837', first);

    const other = claimFile('SUBMITTER5-CORRECTED-PATIENT-SMITH');
    const failure = await mailbox
      .deliver('batch-0005.837', other, { attempts: 4, backoffMs: 1 })
      .catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(DeliveryFailed);
    const failed = failure as DeliveryFailed;
    expect(failed.permanent).toBe(true);
    expect(failed.attempts).toHaveLength(1);
    expect(failed.message).toMatch(/batch-0005\.837 already holds a different file/);
    expect(failed.message).not.toMatch(/SMITH|ISA\*/);
    expect(fs.readFileSync(path.join(config.inboundDir, 'batch-0005.837'))).toEqual(first);
  });

  it('a file name that is a path is refused before connecting', async () => {
    await expect(mailbox.deliver('../outbound/batch.837', claimFile('X'))).rejects.toThrow(RangeError);
    await expect(mailbox.deliver('.hidden', claimFile('X'))).rejects.toThrow(/not a plain file name/);
  });
});
