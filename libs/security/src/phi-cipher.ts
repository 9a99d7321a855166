import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

const IV_BYTES = 12;
/** NIST SP 800-38D §5.2.1.2: the full 128-bit tag; a shorter tag given to a decipher is refused. */
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The key id the single `PHI_ENCRYPTION_KEY` (and the embedded default's generated key) goes by. */
export const DEFAULT_PHI_KEY_ID = 'default';

/** A key of the keyring: its id (kept in every ciphertext's prefix) and 32 bytes, base64. */
export interface PhiKeyMaterial {
  id: string;
  keyBase64: string;
}

/** Why a stored value could not be opened (wrong key, tampered, wrong table/column/row or event). */
export class PhiDecryptionError extends Error {}

/**
 * Random 96-bit IVs (NIST SP 800-38D §8.2.2) cut from a pool the CSPRNG refills, each pool byte
 * handed out once: one randomFillSync per 341 seals instead of one per seal (it dominated the cost
 * of sealing short values in batches).
 */
const ivPool = { bytes: Buffer.alloc(IV_BYTES * 341), used: Infinity };
function freshIv(): Buffer {
  if (ivPool.used + IV_BYTES > ivPool.bytes.length) {
    randomFillSync(ivPool.bytes);
    ivPool.used = 0;
  }
  const iv = Buffer.from(ivPool.bytes.subarray(ivPool.used, ivPool.used + IV_BYTES));
  ivPool.used += IV_BYTES;
  return iv;
}

/** AES-256-GCM with one key: 12-byte random IV, 16-byte tag, optional associated data. */
export class PhiCipher {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('PHI encryption key must be 32 bytes');
  }

  seal(plain: string, aad?: Buffer): { iv: Buffer; tag: Buffer; data: Buffer } {
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    if (aad) cipher.setAAD(aad);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), data };
  }

  open(iv: Buffer, tag: Buffer, data: Buffer, aad?: Buffer): string {
    if (iv.length !== IV_BYTES) throw new PhiDecryptionError(`PHI ciphertext IV must be ${IV_BYTES} bytes`);
    if (tag.length !== TAG_BYTES)
      throw new PhiDecryptionError(`PHI ciphertext tag must be ${TAG_BYTES} bytes (got ${tag.length})`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      throw new PhiDecryptionError('PHI ciphertext does not open: wrong key, context or tampered data');
    }
  }
}

/**
 * Every PHI key the process knows, one of them active. Stored form:
 * `v2:<key id>:<iv b64>:<tag b64>:<ciphertext b64>`, sealed with `revcycle:<context>` as associated
 * data (the table/column/row of a column value, or the event id of an event payload), so a
 * ciphertext copied to another row, column or event does not open. `v1:<iv>:<tag>:<ciphertext>`
 * (no key id, no associated data) is what earlier versions wrote: still read, under the default key
 * (then any other), and rewritten as v2 by `revcycle keys rotate`.
 */
export class PhiKeyring {
  private readonly ciphers = new Map<string, PhiCipher>();

  constructor(
    keys: PhiKeyMaterial[],
    readonly activeKeyId: string,
  ) {
    for (const { id, keyBase64 } of keys) {
      if (!KEY_ID.test(id)) throw new Error(`PHI key id "${id}" must match ${KEY_ID}`);
      if (this.ciphers.has(id)) throw new Error(`PHI key id "${id}" is given twice`);
      this.ciphers.set(id, new PhiCipher(keyBase64));
    }
    if (!this.ciphers.has(activeKeyId))
      throw new Error(`active PHI key "${activeKeyId}" is not in the keyring`);
  }

  get keyIds(): string[] {
    return [...this.ciphers.keys()];
  }

  encrypt(plain: string, context: string): string {
    const { iv, tag, data } = this.ciphers.get(this.activeKeyId)!.seal(plain, associatedData(context));
    return [
      'v2',
      this.activeKeyId,
      iv.toString('base64'),
      tag.toString('base64'),
      data.toString('base64'),
    ].join(':');
  }

  decrypt(stored: string, context: string): string {
    const parts = stored.split(':');
    if (parts[0] === 'v2' && parts.length === 5) {
      const cipher = this.ciphers.get(parts[1]);
      if (!cipher) throw new PhiDecryptionError(`PHI key "${parts[1]}" is not in the keyring`);
      return cipher.open(b64(parts[2]), b64(parts[3]), b64(parts[4]), associatedData(context));
    }
    if (parts[0] === 'v1' && parts.length === 4) return this.decryptV1(parts);
    throw new PhiDecryptionError('not a PHI ciphertext');
  }

  /** The key a stored value was sealed under; undefined for v1 (no key id) and for non-ciphertexts. */
  keyIdOf(stored: string): string | undefined {
    const parts = stored.split(':');
    return parts[0] === 'v2' && parts.length === 5 ? parts[1] : undefined;
  }

  /** True when `keys rotate` must rewrite the value: v1, or sealed under another key than the active one. */
  needsRotation(stored: string): boolean {
    return this.keyIdOf(stored) !== this.activeKeyId;
  }

  private decryptV1([, iv, tag, data]: string[]): string {
    const order = [DEFAULT_PHI_KEY_ID, ...this.keyIds.filter((id) => id !== DEFAULT_PHI_KEY_ID)];
    for (const id of order) {
      const cipher = this.ciphers.get(id);
      if (!cipher) continue;
      try {
        return cipher.open(b64(iv), b64(tag), b64(data));
      } catch (err) {
        if (!(err instanceof PhiDecryptionError)) throw err;
      }
    }
    throw new PhiDecryptionError('v1 PHI ciphertext opens under no key of the keyring');
  }
}

const associatedData = (context: string): Buffer => Buffer.from(`revcycle:${context}`, 'utf8');
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** The AAD context of a PHI column value: its table (schema-qualified), column and row key. */
export const phiColumnContext = (tablePath: string, column: string, rowKey: string): string =>
  `column:${tablePath}.${column}:${rowKey}`;

/** The AAD context of an event payload: the event id. */
export const eventPayloadContext = (eventId: string): string => `event:${eventId}`;

let active: PhiKeyring | undefined;

/** Set once at boot, before any entity is read or written or any event is sealed or opened. */
export function configurePhiEncryption(keyring: PhiKeyring): void {
  active = keyring;
}

/** The process's keyring (configurePhiEncryption at boot). */
export function phiKeyring(): PhiKeyring {
  if (!active) throw new Error('PHI encryption is not configured (configurePhiEncryption at boot)');
  return active;
}

/** True once a keyring is configured (test support configures one when none is). */
export function phiEncryptionConfigured(): boolean {
  return active !== undefined;
}
