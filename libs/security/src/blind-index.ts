import { createHmac, hkdfSync } from 'node:crypto';

/** The searchable PHI fields; the field name is bound into each digest (equal values in two fields never match). */
export type BlindIndexField = 'mrn' | 'firstName' | 'lastName' | 'dateOfBirth';

/** MRNs are compared trimmed and upper-cased (" mrn-12 " = "MRN-12"). */
export const normalizeMrn = (mrn: string): string => mrn.trim().toUpperCase();

/**
 * Names are compared case- and accent-folded, trimmed, inner whitespace collapsed:
 * "  José  " = "JOSE", "Straße" = "STRASSE" (upper-casing first gives the full case folding of ß).
 */
export const normalizeName = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().toLowerCase().trim().replace(/\s+/g, ' ');

/** Dates of birth are compared as YYYY-MM-DD (callers validate the calendar date). */
export const normalizeDate = (date: string): string => date.trim();

const NORMALIZE: Record<BlindIndexField, (value: string) => string> = {
  mrn: normalizeMrn,
  firstName: normalizeName,
  lastName: normalizeName,
  dateOfBirth: normalizeDate,
};

/** HKDF "info" label: the index key is derived from, never equal to, the PHI encryption key. */
export const BLIND_INDEX_KEY_INFO = 'revcycle blind index v1';

/**
 * Keyed HMAC-SHA-256 over normalized values, so encrypted PHI can be searched by equality
 * without storing it readable: the same value gives the same digest, and without the key a
 * digest cannot be recomputed from a guessed value (a plain hash of a date of birth could).
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length < 32) throw new Error('blind index key must be at least 32 bytes');
    this.key = Buffer.from(key);
  }

  /** HKDF-SHA-256 (RFC 5869) from the base64 PHI key with a distinct info label. */
  static derivedFrom(phiKeyBase64: string): BlindIndex {
    const phiKey = Buffer.from(phiKeyBase64, 'base64');
    if (phiKey.length !== 32) throw new Error('PHI encryption key must be 32 bytes');
    return new BlindIndex(Buffer.from(hkdfSync('sha256', phiKey, Buffer.alloc(0), BLIND_INDEX_KEY_INFO, 32)));
  }

  /** base64url of HMAC-SHA-256(key, field NUL normalized value): 43 characters. */
  digest(field: BlindIndexField, value: string): string {
    return createHmac('sha256', this.key)
      .update(field)
      .update('\0')
      .update(NORMALIZE[field](value), 'utf8')
      .digest('base64url');
  }
}

let active: BlindIndex | undefined;

/** Set once at boot from the PHI key, beside configurePhiEncryption. */
export function configureBlindIndex(phiKeyBase64: string): void {
  active = BlindIndex.derivedFrom(phiKeyBase64);
}

export function blindIndex(): BlindIndex {
  if (!active) throw new Error('the blind index is not configured (configureBlindIndex at boot)');
  return active;
}
