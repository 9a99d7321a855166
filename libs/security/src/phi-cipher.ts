import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValueTransformer } from 'typeorm';

/**
 * AES-256-GCM for PHI columns at rest (HIPAA §164.312(a)(2)(iv)). Stored form:
 * `v1:<iv b64>:<tag b64>:<ciphertext b64>`; the version prefix leaves room for key rotation.
 */
export class PhiCipher {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('PHI encryption key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a PHI ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

let active: PhiCipher | undefined;

/** Set once at boot from PHI_ENCRYPTION_KEY, before any entity is read or written. */
export function configurePhiEncryption(keyBase64: string): void {
  active = new PhiCipher(keyBase64);
}

function cipher(): PhiCipher {
  if (!active) throw new Error('PHI encryption is not configured (configurePhiEncryption at boot)');
  return active;
}

/** TypeORM column transformer: `@Column({ type: 'text', transformer: phiColumn })`. */
export const phiColumn: ValueTransformer = {
  to: (value: string | null | undefined) =>
    value === null || value === undefined ? value : cipher().encrypt(value),
  from: (value: string | null) => (value === null ? value : cipher().decrypt(value)),
};

/** Same, for JSON values (addresses). */
export const phiJsonColumn: ValueTransformer = {
  to: (value: unknown) =>
    value === null || value === undefined ? value : cipher().encrypt(JSON.stringify(value)),
  from: (value: string | null) => (value === null ? value : JSON.parse(cipher().decrypt(value))),
};
