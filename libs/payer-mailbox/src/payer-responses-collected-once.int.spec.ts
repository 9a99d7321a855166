import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTcpSockets } from './mailbox.test-support';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { CollectedResponse, SftpMailbox } from './sftp-mailbox';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

describe("payer responses are picked up from the payer's outbound folder once", () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;
  let mailbox: SftpMailbox;
  const outbound = () => fs.readdirSync(config.outboundDir).sort();
  const processed = () => fs.readdirSync(path.join(config.outboundDir, 'processed')).sort();

  /** The payer leaves a file; `minutesAgo` orders them. */
  const leave = (name: string, text: string, minutesAgo: number) => {
    const file = path.join(config.outboundDir, name);
    fs.writeFileSync(file, text);
    const at = new Date(Date.now() - minutesAgo * 60_000);
    fs.utimesSync(file, at, at);
  };

  beforeEach(async () => {
    server = await startOpenSshServer();
    config = testMailboxConfig(server);
    mailbox = new SftpMailbox(config);
    leave('ack-0001.999', 'ISA*999-first~', 30);
    leave('ack-0001.277', 'ISA*277CA~', 20);
    leave('era-0001.835', 'ISA*835~', 10);
    leave('era-0002.835.part', 'ISA*835-still-being-written', 5);
    leave('.listing.lock', '', 5);
    fs.mkdirSync(path.join(config.outboundDir, 'archive'));
  });
  afterEach(async () => {
    await server?.stop();
    expect(await openTcpSockets()).toBe(0);
  });

  it('lists regular files oldest first, not .part files, dotfiles or folders', async () => {
    const waiting = await mailbox.listWaiting();
    expect(waiting.map((f) => f.name)).toEqual(['ack-0001.999', 'ack-0001.277', 'era-0001.835']);
    expect(waiting[0]).toEqual({ name: 'ack-0001.999', size: 14, modifiedAt: expect.any(Date) });
  });

  it('a fetched file stays waiting until it is marked collected, then sits in processed/', async () => {
    expect((await mailbox.fetch('ack-0001.999')).toString()).toBe('ISA*999-first~');
    expect((await mailbox.listWaiting()).map((f) => f.name)).toContain('ack-0001.999');

    const movedTo = await mailbox.markCollected('ack-0001.999');

    expect(movedTo).toBe(path.join(config.outboundDir, 'processed', 'ack-0001.999'));
    expect(processed()).toEqual(['ack-0001.999']);
    expect(outbound()).not.toContain('ack-0001.999');
    expect((await mailbox.listWaiting()).map((f) => f.name)).toEqual(['ack-0001.277', 'era-0001.835']);
    await expect(mailbox.fetch('ack-0001.999')).rejects.toThrow(/ack-0001\.999/);
  });

  it('collect stores and moves each file once; a second collect finds nothing', async () => {
    const stored: CollectedResponse[] = [];
    const collected = await mailbox.collect(async (r) => void stored.push(r));

    expect(collected.map((f) => f.name)).toEqual(['ack-0001.999', 'ack-0001.277', 'era-0001.835']);
    expect(stored.map((r) => [r.name, r.content.toString()])).toEqual([
      ['ack-0001.999', 'ISA*999-first~'],
      ['ack-0001.277', 'ISA*277CA~'],
      ['era-0001.835', 'ISA*835~'],
    ]);
    expect(processed()).toEqual(['ack-0001.277', 'ack-0001.999', 'era-0001.835']);
    expect(outbound()).toEqual(['.listing.lock', 'archive', 'era-0002.835.part', 'processed']);
    await expect(mailbox.collect(async () => undefined)).resolves.toEqual([]);
  });

  it('a file whose storing failed stays waiting, with the ones after it, and the error is the caller’s own', async () => {
    const storeDown = new Error('claims database unavailable');
    const failure = await mailbox
      .collect(async (r) => {
        if (r.name === 'ack-0001.277') throw storeDown;
      })
      .catch((e: unknown) => e);

    expect(failure).toBe(storeDown);
    expect(processed()).toEqual(['ack-0001.999']);
    expect((await mailbox.listWaiting()).map((f) => f.name)).toEqual(['ack-0001.277', 'era-0001.835']);

    const retried = await mailbox.collect(async () => undefined);
    expect(retried.map((f) => f.name)).toEqual(['ack-0001.277', 'era-0001.835']);
  });

  it('a name the payer reuses does not replace the earlier file in processed/', async () => {
    await mailbox.collect(async () => undefined);
    leave('ack-0001.999', 'ISA*999-second~', 1);

    const movedTo = await mailbox.markCollected('ack-0001.999');

    expect(movedTo).toBe(path.join(config.outboundDir, 'processed', 'ack-0001.999.2'));
    expect(fs.readFileSync(path.join(config.outboundDir, 'processed', 'ack-0001.999'), 'utf8')).toBe(
      'ISA*999-first~',
    );
    expect(fs.readFileSync(movedTo, 'utf8')).toBe('ISA*999-second~');
  });
});
