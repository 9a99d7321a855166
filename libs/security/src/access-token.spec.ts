import { InvalidTokenError, issueAccessToken, verifyAccessToken } from './access-token';

const secret = 's'.repeat(40);

describe('bearer tokens (HS256)', () => {
  it('round-trips a principal', () => {
    expect(verifyAccessToken(issueAccessToken({ id: 'u1', role: 'coder' }, secret), secret)).toEqual({
      id: 'u1',
      role: 'coder',
    });
  });

  it('refuses another secret, an expired token, a tampered role and alg=none', () => {
    const token = issueAccessToken(
      { id: 'u1', role: 'coder' },
      secret,
      60,
      Date.parse('2026-01-01T00:00:00Z'),
    );
    expect(() => verifyAccessToken(token, 'x'.repeat(40), Date.parse('2026-01-01T00:00:30Z'))).toThrow(
      'bad signature',
    );
    expect(() => verifyAccessToken(token, secret, Date.parse('2026-01-01T00:02:00Z'))).toThrow(
      'token expired',
    );
    const [h, b, s] = token.split('.');
    const body = JSON.parse(Buffer.from(b, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...body, role: 'admin' })).toString('base64url');
    expect(() =>
      verifyAccessToken(`${h}.${elevated}.${s}`, secret, Date.parse('2026-01-01T00:00:30Z')),
    ).toThrow(InvalidTokenError);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(() => verifyAccessToken(`${none}.${b}.`, secret)).toThrow('unsupported algorithm');
    expect(() => verifyAccessToken('garbage', secret)).toThrow('malformed token');
  });
});
