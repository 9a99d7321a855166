import { hashPassword, oneTimePassword, passwordMatches, passwordProblem } from './password';

describe('passwords', () => {
  it('hashes with argon2id and a salt of its own each time, and verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await passwordMatches(a, 'correct horse battery')).toBe(true);
    expect(await passwordMatches(a, 'correct horse batterY')).toBe(false);
    expect(await passwordMatches('not a hash', 'x')).toBe(false);
  });

  it('refuses short passwords, the user name inside, and a few repeated characters', () => {
    expect(passwordProblem('short', 'ann')).toMatch(/at least 12/);
    expect(passwordProblem('my-name-is-ann!', 'ann')).toMatch(/user name/);
    expect(passwordProblem('aaaaaaaaaaaaab', 'ann')).toMatch(/repeat/);
    expect(passwordProblem('plum tree at dusk', 'ann')).toBeUndefined();
  });

  it('hands out one-time passwords that pass its own policy', () => {
    const otp = oneTimePassword();
    expect(otp).toMatch(/^([a-km-zA-HJ-NP-Z2-9]{5}-){3}[a-km-zA-HJ-NP-Z2-9]{5}$/);
    expect(passwordProblem(otp, 'admin')).toBeUndefined();
  });
});
