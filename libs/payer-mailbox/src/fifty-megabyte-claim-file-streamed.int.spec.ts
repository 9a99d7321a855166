import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { PayerMailboxConfig } from './payer-mailbox-config';
import { SftpMailbox } from './sftp-mailbox';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from './testing';

const CHUNK = 64 * 1024;
const TOTAL = 50 * 1024 * 1024;

/** 50 MiB of claim-file-like text made chunk by chunk, never held whole; hashed as it goes. */
function largeClaimFile(): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  const segment = Buffer.from('CLM*PATIENTACCT*125***11:B:1*Y*A*Y*Y~');
  function* chunks() {
    for (let sent = 0; sent < TOTAL; sent += CHUNK) {
      const chunk = Buffer.alloc(Math.min(CHUNK, TOTAL - sent));
      for (let i = 0; i < chunk.length; i++) chunk[i] = segment[(sent + i) % segment.length];
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), sha256: () => hash.digest('hex') };
}

describe('a 50 MB claim file is streamed to the payer', () => {
  let server: OpenSshServer;
  let config: PayerMailboxConfig;

  beforeAll(async () => {
    server = await startOpenSshServer();
    config = testMailboxConfig(server);
  });
  afterAll(() => server?.stop());

  it('arrives whole under its name, byte for byte', async () => {
    const file = largeClaimFile();
    const delivery = await new SftpMailbox(config).deliver('batch-0301.837', file.stream);

    const arrived = path.join(config.inboundDir, 'batch-0301.837');
    expect(delivery.bytes).toBe(TOTAL);
    expect(fs.statSync(arrived).size).toBe(TOTAL);
    expect(createHash('sha256').update(fs.readFileSync(arrived)).digest('hex')).toBe(file.sha256());
    expect(fs.readdirSync(config.inboundDir)).toEqual(['batch-0301.837']);
  });
});
