import { createHmac, sign, timingSafeEqual, verify } from 'node:crypto';
import { Role } from './permissions';
import { TokenSigningKey, TokenVerificationKey, sharedTokenSecret } from './token-keys';

/** The authenticated user of a request. */
export interface Principal {
  id: string;
  role: Role;
  /** For role `payer` only, always set: the one payer (charts payer id) the token speaks for. */
  payerId?: string;
}

/** What a deployment accepts (RFC 7519 §4.1): its issuer, its audience, the longest lifetime. */
export interface TokenPolicy {
  issuer: string;
  audience: string;
  maxLifetimeSeconds: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  issuer: 'revcycle',
  audience: 'revcycle',
  maxLifetimeSeconds: 8 * 3600,
};

/** Clocks of issuer and service drift; RFC 7519 §4.1.4/§4.1.5 allow "some small leeway". */
const CLOCK_SKEW_SECONDS = 60;
const MAX_TOKEN_LENGTH = 8192;
const MAX_SUBJECT_LENGTH = 200;
const ROLES: Role[] = ['coder', 'biller', 'finance', 'compliance', 'admin', 'payer'];
/** A charts payer id (uuid) or an electronic payer id. */
const PAYER_ID = /^[A-Za-z0-9-]{1,80}$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_SEGMENT = /^[A-Za-z0-9_-]*$/;

export class InvalidTokenError extends Error {}

export interface IssueOptions {
  ttlSeconds?: number;
  now?: number;
  issuer?: string;
  audience?: string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
/** A string key is an HS256 secret: tests and single-trust-domain deployments. */
const keyOf = <K extends TokenSigningKey | TokenVerificationKey>(key: K | string): K =>
  typeof key === 'string' ? (sharedTokenSecret(key) as K) : key;

function signature(alg: TokenSigningKey['alg'], key: TokenSigningKey['key'], input: string): Buffer {
  const data = Buffer.from(input);
  if (alg === 'HS256') return createHmac('sha256', key).update(data).digest();
  // RFC 7518 §3.4: ES256 signatures are R || S (64 bytes), not DER.
  if (alg === 'ES256') return sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
  return sign(null, data, key);
}

function signatureHolds(key: TokenVerificationKey, input: string, given: Buffer): boolean {
  const data = Buffer.from(input);
  if (key.alg === 'HS256') {
    const expected = createHmac('sha256', key.key).update(data).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  if (key.alg === 'ES256')
    return given.length === 64 && verify('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' }, given);
  return given.length === 64 && verify(null, data, key.key, given);
}

/** Issues a JWT (RFC 7519) for a principal, signed with the key's algorithm. */
export function issueAccessToken(
  principal: Principal,
  signingKey: TokenSigningKey | string,
  options: IssueOptions = {},
): string {
  const key = keyOf(signingKey);
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const header = b64url(JSON.stringify({ alg: key.alg, typ: 'JWT' }));
  const body = b64url(
    JSON.stringify({
      sub: principal.id,
      role: principal.role,
      ...(principal.payerId === undefined ? {} : { payer_id: principal.payerId }),
      iss: options.issuer ?? DEFAULT_TOKEN_POLICY.issuer,
      aud: options.audience ?? DEFAULT_TOKEN_POLICY.audience,
      iat,
      nbf: iat,
      exp: iat + (options.ttlSeconds ?? DEFAULT_TOKEN_POLICY.maxLifetimeSeconds),
    }),
  );
  return `${header}.${body}.${b64url(signature(key.alg, key.key, `${header}.${body}`))}`;
}

function jsonObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError(`malformed token: ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidTokenError(`malformed token: ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** exp, nbf, iat (RFC 7519 §4.1.4–4.1.6) and this deployment's longest lifetime. */
function checkTimes(claims: Record<string, unknown>, policy: TokenPolicy, nowSeconds: number): void {
  const { exp, nbf, iat } = claims;
  if (!isTime(exp)) throw new InvalidTokenError('token exp is not a number');
  if (!isTime(iat)) throw new InvalidTokenError('token iat is not a number');
  if (nbf !== undefined && !isTime(nbf)) throw new InvalidTokenError('token nbf is not a number');
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new InvalidTokenError('token issued in the future');
  if (isTime(nbf) && nbf > nowSeconds + CLOCK_SKEW_SECONDS)
    throw new InvalidTokenError('token not yet valid');
  if (exp <= nowSeconds - CLOCK_SKEW_SECONDS) throw new InvalidTokenError('token expired');
  if (exp - iat > policy.maxLifetimeSeconds)
    throw new InvalidTokenError(`token lifetime exceeds ${policy.maxLifetimeSeconds} s`);
}

function checkParties(claims: Record<string, unknown>, policy: TokenPolicy): Principal {
  if (claims['iss'] !== policy.issuer) throw new InvalidTokenError('token has the wrong issuer');
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(policy.audience)) throw new InvalidTokenError('token has the wrong audience');
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_SUBJECT_LENGTH)
    throw new InvalidTokenError('token has no valid subject');
  const role = claims['role'] as Role;
  if (!ROLES.includes(role)) throw new InvalidTokenError('token has no valid role');
  const payerId = claims['payer_id'];
  // A payer token speaks for exactly one payer; no other role carries one.
  if (role !== 'payer') {
    if (payerId !== undefined) throw new InvalidTokenError('only a payer token names a payer_id');
    return { id: sub, role };
  }
  if (typeof payerId !== 'string' || !PAYER_ID.test(payerId))
    throw new InvalidTokenError('a payer token must name its payer in payer_id');
  return { id: sub, role, payerId };
}

/**
 * Verifies a bearer token: shape, header, the algorithm the key dictates (never the one the token
 * names — no alg=none, no HS256-with-a-public-key), signature, times, issuer, audience, subject and
 * role. Every failure is an InvalidTokenError whose message is the reason (a 401, never a 500).
 */
export function verifyAccessToken(
  token: string,
  verificationKey: TokenVerificationKey | string,
  policy: TokenPolicy = DEFAULT_TOKEN_POLICY,
  now = Date.now(),
): Principal {
  const key = keyOf(verificationKey);
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  if (
    parts.length !== 3 ||
    !SEGMENT.test(parts[0]) ||
    !SEGMENT.test(parts[1]) ||
    !SIGNATURE_SEGMENT.test(parts[2])
  )
    throw new InvalidTokenError('malformed token');
  const [header, body, sig] = parts;
  const parsedHeader = jsonObject(header, 'header');
  if (parsedHeader['alg'] !== key.alg) throw new InvalidTokenError('unsupported algorithm');
  if (parsedHeader['typ'] !== undefined && parsedHeader['typ'] !== 'JWT')
    throw new InvalidTokenError('token typ is not JWT');
  if (parsedHeader['crit'] !== undefined) throw new InvalidTokenError('token has critical header parameters');
  if (!signatureHolds(key, `${header}.${body}`, Buffer.from(sig, 'base64url')))
    throw new InvalidTokenError('bad signature');
  const claims = jsonObject(body, 'claims');
  checkTimes(claims, policy, Math.floor(now / 1000));
  return checkParties(claims, policy);
}

/** The deployment's verification key and policy, as the guard uses them. */
export class AccessTokenVerifier {
  constructor(
    readonly key: TokenVerificationKey,
    readonly policy: TokenPolicy = DEFAULT_TOKEN_POLICY,
  ) {}

  verify(token: string, now = Date.now()): Principal {
    return verifyAccessToken(token, this.key, this.policy, now);
  }
}
