import { createHmac, randomBytes } from 'node:crypto';
import { BlindIndex, normalizeMrn, normalizeName } from './blind-index';

describe('blind index (keyed HMAC-SHA-256 of normalized PHI)', () => {
  const phiKey = randomBytes(32).toString('base64');
  const index = BlindIndex.derivedFrom(phiKey);

  it('matches an MRN whatever its case and surrounding spaces', () => {
    expect(normalizeMrn('  mrn-000123 ')).toBe('MRN-000123');
    expect(index.digest('mrn', ' mrn-000123')).toBe(index.digest('mrn', 'MRN-000123'));
    expect(index.digest('mrn', 'MRN-000124')).not.toBe(index.digest('mrn', 'MRN-000123'));
  });

  it('matches names case- and accent-folded, trimmed', () => {
    expect(normalizeName('  José  María ')).toBe('jose maria');
    expect(normalizeName('STRAßE')).toBe('strasse');
    expect(index.digest('lastName', 'Núñez')).toBe(index.digest('lastName', ' NUNEZ'));
    expect(index.digest('firstName', 'Zoë')).toBe(index.digest('firstName', 'zoe'));
    expect(index.digest('lastName', 'Nunes')).not.toBe(index.digest('lastName', 'Nunez'));
  });

  it('binds the field: the same text as first and last name gives different digests', () => {
    expect(index.digest('firstName', 'Morgan')).not.toBe(index.digest('lastName', 'Morgan'));
    expect(index.digest('mrn', '1980-04-12')).not.toBe(index.digest('dateOfBirth', '1980-04-12'));
  });

  it('is keyed by a key derived from, not equal to, the PHI key', () => {
    const withPhiKeyItself = createHmac('sha256', Buffer.from(phiKey, 'base64'))
      .update('dateOfBirth\0' + '1980-04-12')
      .digest('base64url');
    expect(index.digest('dateOfBirth', '1980-04-12')).not.toBe(withPhiKeyItself);
    const other = BlindIndex.derivedFrom(randomBytes(32).toString('base64'));
    expect(other.digest('dateOfBirth', '1980-04-12')).not.toBe(index.digest('dateOfBirth', '1980-04-12'));
    expect(BlindIndex.derivedFrom(phiKey).digest('mrn', 'A1')).toBe(index.digest('mrn', 'A1'));
  });

  it('never contains the value and has a fixed width', () => {
    const d = index.digest('lastName', 'Okafor');
    expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(d.toLowerCase()).not.toContain('okafor');
  });

  it('refuses short keys', () => {
    expect(() => new BlindIndex(randomBytes(16))).toThrow('32 bytes');
    expect(() => BlindIndex.derivedFrom(randomBytes(16).toString('base64'))).toThrow('32 bytes');
  });
});
