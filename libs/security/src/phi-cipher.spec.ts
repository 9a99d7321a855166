import { randomBytes } from 'node:crypto';
import { PhiCipher } from './phi-cipher';
import { ROLE_PERMISSIONS, permissions, roleHas } from './permissions';

describe('PHI column encryption (AES-256-GCM)', () => {
  const cipher = new PhiCipher(randomBytes(32).toString('base64'));

  it('round-trips and never stores the plain text or the same ciphertext twice', () => {
    const a = cipher.encrypt('Jane Doe 1980-04-12');
    const b = cipher.encrypt('Jane Doe 1980-04-12');
    expect(a).not.toContain('Jane');
    expect(a).not.toEqual(b);
    expect(cipher.decrypt(a)).toBe('Jane Doe 1980-04-12');
  });

  it('detects tampering and a wrong key', () => {
    const stored = cipher.encrypt('MRN-1');
    const parts = stored.split(':');
    const data = Buffer.from(parts[3], 'base64');
    data[0] ^= 1;
    expect(() => cipher.decrypt([...parts.slice(0, 3), data.toString('base64')].join(':'))).toThrow();
    expect(() => new PhiCipher(randomBytes(32).toString('base64')).decrypt(stored)).toThrow();
    expect(() => new PhiCipher(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});

describe('roles and permissions', () => {
  it('gives compliance the audit log and coders the coding queue, not each other', () => {
    expect(roleHas('compliance', permissions.readAudit)).toBe(true);
    expect(roleHas('coder', permissions.readAudit)).toBe(false);
    expect(roleHas('coder', permissions.workCodingQueue)).toBe(true);
    expect(roleHas('finance', permissions.readChart)).toBe(false);
    expect(ROLE_PERMISSIONS.payer).toEqual([]);
  });
});
