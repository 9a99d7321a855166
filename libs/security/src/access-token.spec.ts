import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import {
  AccessTokenVerifier,
  DEFAULT_TOKEN_POLICY,
  InvalidTokenError,
  TokenPolicy,
  issueAccessToken,
  verifyAccessToken,
} from './access-token';
import {
  TokenKeyError,
  generateTokenKeyPair,
  privateTokenKey,
  publicTokenKey,
  sharedTokenSecret,
  verificationKeyOf,
} from './token-keys';

const secret = 's'.repeat(40);
const pair = generateTokenKeyPair();
const signing = privateTokenKey(pair.privateKey);
const verifying = publicTokenKey(pair.publicKey);
const t0 = Date.parse('2026-01-01T00:00:00Z');
const s0 = t0 / 1000;
const policy: TokenPolicy = { issuer: 'revcycle', audience: 'clinic-a', maxLifetimeSeconds: 3600 };
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A token with any header and claims, correctly signed with the Ed25519 key (so only the content is wrong). */
function forge(header: unknown, claims: unknown): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), signing.key).toString('base64url')}`;
}
const good = { sub: 'u1', role: 'coder', iss: 'revcycle', aud: 'clinic-a', iat: s0, nbf: s0, exp: s0 + 600 };
const edHeader = { alg: 'EdDSA', typ: 'JWT' };
const reason = (token: string, now = t0 + 1000) => {
  try {
    verifyAccessToken(token, verifying, policy, now);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTokenError);
    return (err as Error).message;
  }
};

describe('bearer tokens: keys and algorithms', () => {
  const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const esPrivate = es.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const esPublicDer = es.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it.each([
    ['EdDSA', signing, verifying],
    ['ES256 (public key as base64 DER)', privateTokenKey(esPrivate), publicTokenKey(esPublicDer)],
    ['HS256', sharedTokenSecret(secret), sharedTokenSecret(secret)],
  ])('%s round-trips a principal with iss, aud, iat, nbf and exp', (_alg, key, verifyWith) => {
    const token = issueAccessToken({ id: 'u1', role: 'coder' }, key, {
      audience: 'clinic-a',
      now: t0,
      ttlSeconds: 600,
    });
    expect(verifyAccessToken(token, verifyWith, policy, t0 + 1000)).toEqual({ id: 'u1', role: 'coder' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toEqual({ ...good });
  });

  it('a verifier holding only the public key cannot mint: no HS256 with the public key, no alg=none', () => {
    const [, body] = forge(edHeader, good).split('.');
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const confused = createHmac('sha256', pair.publicKey).update(`${header}.${body}`).digest('base64url');
    expect(reason(`${header}.${body}.${confused}`)).toBe('unsupported algorithm');
    expect(reason(`${b64({ alg: 'none' })}.${body}.`)).toBe('unsupported algorithm');
    const other = privateTokenKey(generateTokenKeyPair().privateKey);
    expect(
      reason(issueAccessToken({ id: 'u1', role: 'admin' }, other, { audience: 'clinic-a', now: t0 })),
    ).toBe('bad signature');
    expect(() => publicTokenKey(pair.privateKey)).toThrow(TokenKeyError);
    expect(() => publicTokenKey('not a key')).toThrow(TokenKeyError);
    expect(() =>
      privateTokenKey(
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      ),
    ).toThrow('unsupported key type rsa');
    expect(verificationKeyOf(signing).key.export({ format: 'pem', type: 'spki' })).toBe(pair.publicKey);
  });

  it('reads PEM with escaped line breaks, as a one-line env file carries it', () => {
    expect(publicTokenKey(pair.publicKey.replace(/\n/g, '\\n')).alg).toBe('EdDSA');
  });

  it('a tampered role breaks the signature', () => {
    const [h, , s] = forge(edHeader, good).split('.');
    expect(reason(`${h}.${b64({ ...good, role: 'admin' })}.${s}`)).toBe('bad signature');
  });
});

describe('bearer tokens: every defect is a reason, never a crash', () => {
  it.each<[string, unknown, unknown, string]>([
    ['header null', null, good, 'malformed token: header is not a JSON object'],
    ['header an array', [], good, 'malformed token: header is not a JSON object'],
    ['header a string', 'EdDSA', good, 'malformed token: header is not JSON'],
    ['header a JSON string', '"x"', good, 'malformed token: header is not a JSON object'],
    ['typ not JWT', { alg: 'EdDSA', typ: 'JOSE+JSON' }, good, 'token typ is not JWT'],
    ['critical headers', { alg: 'EdDSA', crit: ['b64'] }, good, 'token has critical header parameters'],
    ['claims null', edHeader, null, 'malformed token: claims is not a JSON object'],
    ['claims a number', edHeader, 7, 'malformed token: claims is not a JSON object'],
    ['exp missing', edHeader, { ...good, exp: undefined }, 'token exp is not a number'],
    ['exp a string', edHeader, { ...good, exp: String(s0 + 600) }, 'token exp is not a number'],
    ['iat missing', edHeader, { ...good, iat: undefined }, 'token iat is not a number'],
    ['nbf a string', edHeader, { ...good, nbf: 'soon' }, 'token nbf is not a number'],
    ['nbf in the future', edHeader, { ...good, nbf: s0 + 500 }, 'token not yet valid'],
    ['iat in the future', edHeader, { ...good, iat: s0 + 500 }, 'token issued in the future'],
    ['expired', edHeader, { ...good, iat: s0 - 700, nbf: s0 - 700, exp: s0 - 100 }, 'token expired'],
    ['lifetime over the maximum', edHeader, { ...good, exp: s0 + 3601 }, 'token lifetime exceeds 3600 s'],
    ['another issuer', edHeader, { ...good, iss: 'elsewhere' }, 'token has the wrong issuer'],
    ['no issuer', edHeader, { ...good, iss: undefined }, 'token has the wrong issuer'],
    ['another audience', edHeader, { ...good, aud: 'clinic-b' }, 'token has the wrong audience'],
    ['no audience', edHeader, { ...good, aud: undefined }, 'token has the wrong audience'],
    ['empty subject', edHeader, { ...good, sub: '' }, 'token has no valid subject'],
    ['blank subject', edHeader, { ...good, sub: '   ' }, 'token has no valid subject'],
    ['numeric subject', edHeader, { ...good, sub: 42 }, 'token has no valid subject'],
    ['huge subject', edHeader, { ...good, sub: 'x'.repeat(201) }, 'token has no valid subject'],
    ['unknown role', edHeader, { ...good, role: 'root' }, 'token has no valid role'],
    ['the system role', edHeader, { ...good, role: 'system' }, 'token has no valid role'],
  ])('%s', (_case, header, claims, expected) => {
    expect(reason(forge(header, claims))).toBe(expected);
  });

  it('accepts an audience list that names this deployment, and clock skew within a minute', () => {
    expect(reason(forge(edHeader, { ...good, aud: ['clinic-b', 'clinic-a'] }))).toBe('accepted');
    expect(reason(forge(edHeader, { ...good, nbf: s0 + 30 }), t0)).toBe('accepted');
  });

  it.each(['garbage', 'a.b', 'a.b.c.d', '.x.y', 'a b.c.d', `${'a'.repeat(9000)}.b.c`, 'e30.e30.@@'])(
    'malformed shape %#',
    (token) => expect(reason(token)).toBe('malformed token'),
  );

  it('the verifier applies its deployment policy; the default policy is revcycle/revcycle/8 h', () => {
    const verifier = new AccessTokenVerifier(verifying, policy);
    const forOther = issueAccessToken({ id: 'u', role: 'biller' }, signing, { now: t0, ttlSeconds: 600 });
    expect(() => verifier.verify(forOther, t0)).toThrow('token has the wrong audience');
    expect(new AccessTokenVerifier(verifying).verify(forOther, t0)).toEqual({ id: 'u', role: 'biller' });
    expect(DEFAULT_TOKEN_POLICY).toEqual({
      issuer: 'revcycle',
      audience: 'revcycle',
      maxLifetimeSeconds: 28800,
    });
  });
});
