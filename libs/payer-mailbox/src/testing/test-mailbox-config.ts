import * as fs from 'node:fs';
import * as path from 'node:path';
import { PayerMailboxConfig } from '../payer-mailbox-config';
import { OpenSshServer } from './openssh-server';

/**
 * A mailbox config for the test server, its `inbound/` and `outbound/` folders created under the
 * server's root (the payer's layout); `overrides` for the wrong-key and wrong-host-key cases.
 */
export function testMailboxConfig(
  server: OpenSshServer,
  overrides: Partial<PayerMailboxConfig> = {},
): PayerMailboxConfig {
  const inboundDir = path.join(server.root, 'inbound');
  const outboundDir = path.join(server.root, 'outbound');
  fs.mkdirSync(inboundDir, { recursive: true });
  fs.mkdirSync(outboundDir, { recursive: true });
  return {
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: server.privateKeyPem,
    hostKeySha256: server.hostKeySha256,
    inboundDir,
    outboundDir,
    connectTimeoutMs: 5000,
    ...overrides,
  };
}
