import { createCipheriv, randomBytes } from 'node:crypto';
import { PhiCipher, PhiDecryptionError, PhiKeyring, phiColumnContext } from './phi-cipher';
import { ROLE_PERMISSIONS, permissions, roleHas } from './permissions';

const newKey = () => randomBytes(32).toString('base64');
const row = (id: string) => phiColumnContext('charts.patient', 'last_name', id);

/** What the first release stored: `v1:<iv>:<tag>:<ciphertext>`, no key id, no associated data. */
function v1Ciphertext(keyBase64: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}

describe('PHI keyring (AES-256-GCM, key id in the prefix, row-bound associated data)', () => {
  const k1 = newKey();
  const keyring = new PhiKeyring([{ id: 'k1', keyBase64: k1 }], 'k1');

  it('round-trips under the key id it names, never the plain text nor the same ciphertext twice', () => {
    const a = keyring.encrypt('Jane Doe 1980-04-12', row('p1'));
    const b = keyring.encrypt('Jane Doe 1980-04-12', row('p1'));
    expect(a).not.toContain('Jane');
    expect(a).not.toEqual(b);
    expect(a.split(':').slice(0, 2)).toEqual(['v2', 'k1']);
    expect(keyring.keyIdOf(a)).toBe('k1');
    expect(keyring.decrypt(a, row('p1'))).toBe('Jane Doe 1980-04-12');
  });

  it('never gives two seals one IV, across refills of the IV pool', () => {
    const ivs = Array.from({ length: 2000 }, (_, i) => keyring.encrypt(`v${i}`, row(`p${i}`)).split(':')[2]);
    expect(new Set(ivs).size).toBe(2000);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64').length === 12)).toBe(true);
  });

  it('does not open a ciphertext moved to another row, column or event', () => {
    const stored = keyring.encrypt('Doe', row('p1'));
    expect(() => keyring.decrypt(stored, row('p2'))).toThrow(PhiDecryptionError);
    expect(() => keyring.decrypt(stored, phiColumnContext('charts.patient', 'first_name', 'p1'))).toThrow(
      PhiDecryptionError,
    );
    expect(() => keyring.decrypt(stored, 'event:p1')).toThrow(PhiDecryptionError);
  });

  it('refuses a truncated tag (16 bytes enforced), tampered data, a wrong key and an unknown key id', () => {
    const [v, id, iv, tag, data] = keyring.encrypt('MRN-1', row('p1')).split(':');
    const shortTag = Buffer.from(tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => keyring.decrypt([v, id, iv, shortTag, data].join(':'), row('p1'))).toThrow('16 bytes');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => keyring.decrypt([v, id, iv, tag, flipped.toString('base64')].join(':'), row('p1'))).toThrow(
      PhiDecryptionError,
    );
    const other = new PhiKeyring([{ id: 'k1', keyBase64: newKey() }], 'k1');
    expect(() => other.decrypt([v, id, iv, tag, data].join(':'), row('p1'))).toThrow(PhiDecryptionError);
    expect(() => keyring.decrypt([v, 'k9', iv, tag, data].join(':'), row('p1'))).toThrow(
      '"k9" is not in the keyring',
    );
    expect(() => new PhiCipher(randomBytes(16).toString('base64'))).toThrow('32 bytes');
    expect(() => new PhiKeyring([{ id: 'bad:id', keyBase64: k1 }], 'bad:id')).toThrow('must match');
    expect(() => new PhiKeyring([{ id: 'k1', keyBase64: k1 }], 'k2')).toThrow('not in the keyring');
  });

  it('rotates: old and new keys read each other’s values until every value is under the new key', () => {
    const oldOnly = new PhiKeyring([{ id: 'k1', keyBase64: k1 }], 'k1');
    const k2 = newKey();
    const both = new PhiKeyring(
      [
        { id: 'k1', keyBase64: k1 },
        { id: 'k2', keyBase64: k2 },
      ],
      'k2',
    );
    const newOnly = new PhiKeyring([{ id: 'k2', keyBase64: k2 }], 'k2');
    const before = oldOnly.encrypt('1980-04-12', row('p1'));
    expect(both.needsRotation(before)).toBe(true);
    const after = both.encrypt(both.decrypt(before, row('p1')), row('p1'));
    expect(both.needsRotation(after)).toBe(false);
    expect(both.keyIdOf(after)).toBe('k2');
    expect(newOnly.decrypt(after, row('p1'))).toBe('1980-04-12');
    expect(() => newOnly.decrypt(before, row('p1'))).toThrow('"k1" is not in the keyring');
  });

  it('still reads v1 values (no key id, no associated data) under the default key, and marks them for rotation', () => {
    const legacyKey = newKey();
    const v1 = v1Ciphertext(legacyKey, 'Jane');
    const ring = new PhiKeyring(
      [
        { id: 'k2', keyBase64: newKey() },
        { id: 'default', keyBase64: legacyKey },
      ],
      'k2',
    );
    expect(ring.decrypt(v1, row('any'))).toBe('Jane');
    expect(ring.keyIdOf(v1)).toBeUndefined();
    expect(ring.needsRotation(v1)).toBe(true);
    expect(() => keyring.decrypt(v1, row('any'))).toThrow('opens under no key');
    expect(() => keyring.decrypt('Jane', row('any'))).toThrow('not a PHI ciphertext');
  });
});

describe('roles and permissions', () => {
  it('gives compliance the audit log and coders the coding queue, not each other', () => {
    expect(roleHas('compliance', permissions.readAudit)).toBe(true);
    expect(roleHas('coder', permissions.readAudit)).toBe(false);
    expect(roleHas('coder', permissions.workCodingQueue)).toBe(true);
    expect(roleHas('finance', permissions.readChart)).toBe(false);
    // a payer downloads its own claim files and reads nothing else
    expect(ROLE_PERMISSIONS.payer).toEqual([permissions.downloadClaimFiles]);
    expect(roleHas('admin', permissions.downloadClaimFiles)).toBe(false);
  });

  it('lets every portal role read the payer directory (reference data) without the chart, and not a payer', () => {
    const portalRoles = ['coder', 'biller', 'finance', 'compliance', 'admin'] as const;
    expect(portalRoles.filter((r) => roleHas(r, permissions.readPayerDirectory))).toEqual(portalRoles);
    expect(roleHas('finance', permissions.readChart)).toBe(false);
    expect(roleHas('payer', permissions.readPayerDirectory)).toBe(false);
    expect(permissions.readPayerDirectory).not.toBe(permissions.readChart);
  });
});
