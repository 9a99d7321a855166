import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 6238 TOTP as authenticator apps expect it: HMAC-SHA-1, 30-second steps, 6 digits. */
export interface TotpOptions {
  stepSeconds?: number;
  digits?: number;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32, unpadded (the form otpauth:// URIs carry). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error(`not base32: "${ch}"`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 20 random bytes, RFC 4226 §4's recommended length for HMAC-SHA-1. */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** RFC 4226 §5.3 HOTP: dynamic truncation of HMAC(secret, counter). */
export function hotp(
  secret: Buffer,
  counter: number,
  digits = 6,
  algorithm: TotpOptions['algorithm'] = 'sha1',
) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The code for a moment (RFC 6238 §4: T = floor(unix time / step)). */
export function totpAt(secretBase32: string, unixMs: number, options: TotpOptions = {}): string {
  const step = options.stepSeconds ?? 30;
  return hotp(
    base32Decode(secretBase32),
    Math.floor(unixMs / 1000 / step),
    options.digits,
    options.algorithm,
  );
}

/**
 * The time step a code matches, within one step either side (RFC 6238 §5.2 allows for clock drift
 * and typing time), or undefined. The caller refuses a step it has already accepted (§5.2: one use).
 */
export function matchingTotpStep(
  secretBase32: string,
  code: string,
  unixMs: number,
  options: TotpOptions = {},
): number | undefined {
  const digits = options.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
  const step = options.stepSeconds ?? 30;
  const now = Math.floor(unixMs / 1000 / step);
  const secret = base32Decode(secretBase32);
  for (const counter of [now, now - 1, now + 1]) {
    const expected = Buffer.from(hotp(secret, counter, digits, options.algorithm));
    if (timingSafeEqual(expected, Buffer.from(code))) return counter;
  }
  return undefined;
}

/** The Key Uri Format authenticator apps scan: otpauth://totp/Issuer:account?secret=…&issuer=… */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
