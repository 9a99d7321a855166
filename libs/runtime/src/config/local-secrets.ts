import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Environment } from './environment';

export interface LocalSecrets {
  authJwtSecret: string;
  phiEncryptionKey: string;
}

/**
 * The embedded default generates its token secret and PHI key once, into DATA_DIR/secrets.json
 * (mode 0600), so data written today still decrypts tomorrow. Env values win when set.
 */
export function localSecrets(env: Environment): LocalSecrets {
  const file = path.resolve(env.dataDir, 'secrets.json');
  let stored: Partial<LocalSecrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  const secrets: LocalSecrets = {
    authJwtSecret: env.authJwtSecret ?? stored.authJwtSecret ?? randomBytes(32).toString('base64url'),
    phiEncryptionKey: env.phiEncryptionKey ?? stored.phiEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  // Persist only what was generated here: a secret given by the environment never lands on disk.
  const toStore: Partial<LocalSecrets> = { ...stored };
  if (!env.authJwtSecret && !stored.authJwtSecret) toStore.authJwtSecret = secrets.authJwtSecret;
  if (!env.phiEncryptionKey && !stored.phiEncryptionKey) toStore.phiEncryptionKey = secrets.phiEncryptionKey;
  if (
    toStore.authJwtSecret !== stored.authJwtSecret ||
    toStore.phiEncryptionKey !== stored.phiEncryptionKey
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** Where the demo and the CLI find the local token secret when AUTH_JWT_SECRET is not set. */
export function readLocalAuthSecret(dataDir: string): string | undefined {
  const file = path.resolve(dataDir, 'secrets.json');
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as LocalSecrets).authJwtSecret
    : undefined;
}
