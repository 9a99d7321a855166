import { base32Decode, base32Encode, matchingTotpStep, newTotpSecret, otpauthUri, totpAt } from './totp';

// RFC 6238 Appendix B: the SHA-1 seed is ASCII "12345678901234567890", 8 digits, 30-second steps.
const seed = base32Encode(Buffer.from('12345678901234567890'));
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('at %i s the code is %s', (seconds, code) => {
    expect(totpAt(seed, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it('base32 round-trips any secret', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(() => base32Decode('not base32!')).toThrow(/not base32/);
  });

  it('accepts one step of drift either side and nothing further, and names the step it matched', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = Math.floor(now / 30000);
    expect(matchingTotpStep(secret, totpAt(secret, now), now)).toBe(step);
    expect(matchingTotpStep(secret, totpAt(secret, now - 30000), now)).toBe(step - 1);
    expect(matchingTotpStep(secret, totpAt(secret, now + 30000), now)).toBe(step + 1);
    expect(matchingTotpStep(secret, totpAt(secret, now - 90000), now)).toBeUndefined();
    expect(matchingTotpStep(secret, '12345', now)).toBeUndefined();
    expect(matchingTotpStep(secret, 'abcdef', now)).toBeUndefined();
  });

  it('writes the otpauth URI authenticator apps scan', () => {
    expect(otpauthUri('revcycle', 'ann@clinic', 'ABC')).toBe(
      'otpauth://totp/revcycle%3Aann%40clinic?secret=ABC&issuer=revcycle&algorithm=SHA1&digits=6&period=30',
    );
  });
});
