import {
  KeyObject,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
} from 'node:crypto';

/**
 * JWS algorithms for bearer tokens (RFC 7518 §3.1, RFC 8037 §3.1). EdDSA (Ed25519) and ES256 are
 * asymmetric: a service holding only the public key can verify but never mint. HS256 stays for a
 * single trust domain that already shares one secret; whoever can verify it can also mint.
 */
export type TokenAlgorithm = 'EdDSA' | 'ES256' | 'HS256';

/** A key that mints tokens: an Ed25519 / P-256 private key, or an HS256 secret. */
export interface TokenSigningKey {
  alg: TokenAlgorithm;
  key: KeyObject;
}

/** A key that verifies tokens: an Ed25519 / P-256 public key, or an HS256 secret. */
export interface TokenVerificationKey {
  alg: TokenAlgorithm;
  key: KeyObject;
}

export class TokenKeyError extends Error {}

/** The algorithm an asymmetric key signs with; the key, never the token header, decides it. */
function algorithmOf(key: KeyObject): TokenAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new TokenKeyError(`unsupported key type ${key.asymmetricKeyType} (use Ed25519 or EC P-256)`);
}

/** PEM text (real or `\n`-escaped line breaks, as env files carry it) or base64 of the DER bytes. */
function keyInput<T extends 'spki' | 'pkcs8'>(text: string, derType: T) {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return { key: trimmed.replace(/\\n/g, '\n'), format: 'pem' as const };
  const der = Buffer.from(trimmed, 'base64');
  if (der.length === 0) throw new TokenKeyError('empty key');
  return { key: der, format: 'der' as const, type: derType };
}

function parse<T>(what: string, read: () => KeyObject, wrap: (key: KeyObject) => T): T {
  let key: KeyObject;
  try {
    key = read();
  } catch {
    throw new TokenKeyError(`not a readable ${what} (PEM, or base64 of DER)`);
  }
  return wrap(key);
}

/** Reads an Ed25519 or P-256 private key (PKCS#8 PEM or base64 DER). */
export function privateTokenKey(text: string): TokenSigningKey {
  return parse(
    'private key',
    () => createPrivateKey(keyInput(text, 'pkcs8')),
    (key) => ({ alg: algorithmOf(key), key }),
  );
}

/** Reads an Ed25519 or P-256 public key (SPKI PEM or base64 DER). A private key is refused: a verifier must not hold one. */
export function publicTokenKey(text: string): TokenVerificationKey {
  if (text.includes('PRIVATE KEY')) throw new TokenKeyError('a private key where the public key belongs');
  return parse(
    'public key',
    () => createPublicKey(keyInput(text, 'spki')),
    (key) => ({ alg: algorithmOf(key), key }),
  );
}

/** The verification half of a signing key (a private key's public key; a secret is both). */
export function verificationKeyOf(signing: TokenSigningKey): TokenVerificationKey {
  return signing.alg === 'HS256' ? signing : { alg: signing.alg, key: createPublicKey(signing.key) };
}

/** An HS256 secret (at least 32 characters is enforced by the environment check). */
export function sharedTokenSecret(secret: string): TokenSigningKey & TokenVerificationKey {
  return { alg: 'HS256', key: createSecretKey(Buffer.from(secret, 'utf8')) };
}

/** A fresh Ed25519 key pair as PEM text: what the embedded platform keeps in DATA_DIR/secrets.json. */
export function generateTokenKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
