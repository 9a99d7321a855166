import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A session id or CSRF token: 32 random bytes (256 bits, OWASP session management ≥ 64 bits). */
export const newSessionSecret = (): string => randomBytes(32).toString('base64url');

/** Only this digest is stored: a copy of the table does not let anyone ride a session. */
export const sessionDigest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
