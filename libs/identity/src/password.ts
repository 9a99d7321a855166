import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';

/**
 * argon2id with OWASP's Password Storage Cheat Sheet minimum (m = 19 MiB, t = 2, p = 1); the
 * parameters travel inside the PHC string, so raising them later still verifies old hashes.
 */
// Algorithm.Argon2id is an ambient const enum (not importable under isolatedModules): its value is 2.
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2ID);

/** False for a wrong password and for a hash that does not parse (never throws on bad input). */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * What is wrong with a new password, or undefined. NIST SP 800-63B §5.1.1.2: length over
 * composition rules, no truncation, and not the user name.
 */
export function passwordProblem(password: string, userName: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(userName.toLowerCase())) return 'must not contain the user name';
  if (new Set(password).size < 4) return 'must not repeat a few characters';
  return undefined;
}

/** Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/l/I). */
const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time password to hand a new user: 20 readable characters (~114 bits), in groups of 5. */
export function oneTimePassword(): string {
  const chars = Array.from({ length: 20 }, () => READABLE[randomInt(READABLE.length)]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
