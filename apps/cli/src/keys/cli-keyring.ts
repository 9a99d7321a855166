import { Environment, phiKeyringOf } from '@revcycle/runtime';
import { PhiKeyring } from '@revcycle/security';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The keyring the services hold: PHI_ENCRYPTION_KEYS / PHI_ENCRYPTION_KEY / PHI_ENCRYPTION_KEY_ID,
 * with the embedded platform's generated `default` key from DATA_DIR/secrets.json when
 * PHI_ENCRYPTION_KEY is unset. Never generates a key: a new one would open nothing.
 */
export function cliKeyring(env: Environment): PhiKeyring {
  const file = path.resolve(env.dataDir, 'secrets.json');
  const stored = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { phiEncryptionKey?: string }).phiEncryptionKey
    : undefined;
  const keyring = phiKeyringOf(env, env.phiEncryptionKey ?? stored);
  if (!keyring)
    throw new Error(
      `no PHI key: set PHI_ENCRYPTION_KEYS / PHI_ENCRYPTION_KEY (or start the platform once so ${file} exists)`,
    );
  return keyring;
}
