import { createHmac, timingSafeEqual } from 'node:crypto';
import { Role } from './permissions';

/** The authenticated user of a request. */
export interface Principal {
  id: string;
  role: Role;
}

const ROLES: Role[] = ['coder', 'biller', 'finance', 'compliance', 'admin', 'payer'];
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Issues an HS256 JWT (RFC 7519) for a principal. */
export function issueAccessToken(
  principal: Principal,
  secret: string,
  ttlSeconds = 8 * 3600,
  now = Date.now(),
): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const iat = Math.floor(now / 1000);
  const body = b64url(
    JSON.stringify({ sub: principal.id, role: principal.role, iat, exp: iat + ttlSeconds, iss: 'revcycle' }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

export class InvalidTokenError extends Error {}

/** Verifies signature, algorithm, expiry and role; throws InvalidTokenError with the reason. */
export function verifyAccessToken(token: string, secret: string, now = Date.now()): Principal {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, body, signature] = parts;
  let parsedHeader: { alg?: string };
  let claims: { sub?: unknown; role?: unknown; exp?: unknown };
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (parsedHeader.alg !== 'HS256') throw new InvalidTokenError('unsupported algorithm');
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new InvalidTokenError('bad signature');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) throw new InvalidTokenError('token expired');
  if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role))
    throw new InvalidTokenError('token has no valid subject or role');
  return { id: claims.sub, role: claims.role as Role };
}
