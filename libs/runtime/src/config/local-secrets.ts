import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateTokenKeyPair } from '@revcycle/security';
import { Environment } from './environment';

export interface LocalSecrets {
  /** HS256 secret: only when AUTH_JWT_SECRET is given (the embedded default generates a key pair). */
  authJwtSecret?: string;
  /** Ed25519 private key (PEM) the platform and `revcycle token` mint with. */
  authJwtPrivateKey?: string;
  /** Its public key (PEM): what the guard verifies with. */
  authJwtPublicKey?: string;
  /** The `default` PHI key; not generated when the environment gives a keyring (PHI_ENCRYPTION_KEYS). */
  phiEncryptionKey?: string;
  auditHmacKey: string;
}

/** What DATA_DIR/secrets.json may hold (older files also carry an unused authJwtSecret). */
type StoredSecrets = Partial<LocalSecrets>;

/** The token keys given by the environment, or else the stored pair, or else a new pair. */
function tokenKeys(
  env: Environment,
  stored: StoredSecrets,
): Omit<LocalSecrets, 'phiEncryptionKey' | 'auditHmacKey'> {
  if (env.authJwtSecret || env.authJwtPublicKey || env.authJwtPrivateKey)
    return {
      authJwtSecret: env.authJwtSecret,
      authJwtPrivateKey: env.authJwtPrivateKey,
      authJwtPublicKey: env.authJwtPublicKey,
    };
  if (stored.authJwtPrivateKey && stored.authJwtPublicKey)
    return { authJwtPrivateKey: stored.authJwtPrivateKey, authJwtPublicKey: stored.authJwtPublicKey };
  const pair = generateTokenKeyPair();
  return { authJwtPrivateKey: pair.privateKey, authJwtPublicKey: pair.publicKey };
}

/**
 * The embedded default generates its token key pair, PHI key and audit HMAC key once, into
 * DATA_DIR/secrets.json (mode 0600), so data written today still decrypts tomorrow. Env values win when set.
 */
export function localSecrets(env: Environment): LocalSecrets {
  const file = path.resolve(env.dataDir, 'secrets.json');
  let stored: StoredSecrets = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  const secrets: LocalSecrets = {
    ...tokenKeys(env, stored),
    phiEncryptionKey:
      env.phiEncryptionKey ??
      stored.phiEncryptionKey ??
      (env.phiEncryptionKeys.length > 0 ? undefined : randomBytes(32).toString('base64')),
    auditHmacKey: env.auditHmacKey ?? stored.auditHmacKey ?? randomBytes(32).toString('base64'),
  };
  // Persist only what was generated here: a secret given by the environment never lands on disk.
  const toStore: StoredSecrets = { ...stored };
  const tokenKeysGiven = Boolean(env.authJwtSecret || env.authJwtPublicKey || env.authJwtPrivateKey);
  if (!tokenKeysGiven && stored.authJwtPrivateKey !== secrets.authJwtPrivateKey) {
    toStore.authJwtPrivateKey = secrets.authJwtPrivateKey;
    toStore.authJwtPublicKey = secrets.authJwtPublicKey;
  }
  if (!env.phiEncryptionKey && !stored.phiEncryptionKey) toStore.phiEncryptionKey = secrets.phiEncryptionKey;
  if (!env.auditHmacKey && !stored.auditHmacKey) toStore.auditHmacKey = secrets.auditHmacKey;
  if (JSON.stringify(toStore) !== JSON.stringify(stored)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** The private key the embedded platform generated under DATA_DIR: the demo and the CLI mint with it. */
export function readLocalTokenKey(dataDir: string): string | undefined {
  const file = path.resolve(dataDir, 'secrets.json');
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets).authJwtPrivateKey
    : undefined;
}
