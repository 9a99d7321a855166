/**
 * Integer encodings and open-addressing hash probes shared by the snapshot builder (here) and the
 * edit engine's hot path. Everything is plain arithmetic over typed arrays: no strings, no Maps.
 */

/** '0'-'9' → 0..9, 'A'-'Z' → 10..35, anything else → -1. */
function base36(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  if (c >= 97 && c <= 122) return c - 87; // lower-case accepted
  return -1;
}

/** A 5-character CPT/HCPCS code packed into an integer 1..36^5; 0 when not 5 alphanumerics. */
export function packProcedureCode(code: string): number {
  if (code.length !== 5) return 0;
  let v = 0;
  for (let i = 0; i < 5; i++) {
    const d = base36(code.charCodeAt(i));
    if (d < 0) return 0;
    v = v * 36 + d;
  }
  return v + 1;
}

/** Multiplicative hash of a 32-bit key into `bits` bits. */
export function hashSlot(key: number, bits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bits);
}

/** Open-addressing lookup: keys[slot] == 0 is empty. Returns the slot or -1. */
export function probe(keys: Uint32Array | Int32Array, bits: number, key: number): number {
  const mask = (1 << bits) - 1;
  let slot = hashSlot(key, bits);
  for (;;) {
    const k = keys[slot];
    if (k === key) return slot;
    if (k === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

/** Inserts (or finds) `key`; returns its slot. The table must have room. */
export function insertKey(keys: Uint32Array | Int32Array, bits: number, key: number): number {
  const mask = (1 << bits) - 1;
  let slot = hashSlot(key, bits);
  for (;;) {
    const k = keys[slot];
    if (k === key) return slot;
    if (k === 0) {
      keys[slot] = key;
      return slot;
    }
    slot = (slot + 1) & mask;
  }
}

/** Table size in bits for `n` entries at load ≤ 0.5. */
export function bitsFor(n: number): number {
  let bits = 4;
  while (1 << bits < n * 2) bits++;
  return bits;
}

/** '0'-'9' → 1..10, 'A'-'Z' → 11..36 (0 = no character), base 37. */
function base37(c: number): number {
  if (c >= 48 && c <= 57) return c - 47;
  if (c >= 65 && c <= 90) return c - 54;
  if (c >= 97 && c <= 122) return c - 86;
  return -1;
}

/**
 * An ICD-10-CM code (3–7 characters, no dot; a dot at position 4 is skipped) as two integers:
 * hi = characters 1–3 (base 37), lo = characters 4–7 (base 37, 0-padded). Both 0 when malformed.
 * Writes into `out[0]`, `out[1]` to avoid allocating on the hot path.
 */
export function packIcd10Cm(code: string, out: Int32Array): boolean {
  const n = code.length;
  let hi = 0;
  let lo = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    if (c === 46 && count === 3) continue; // the dot after the category
    const d = base37(c);
    if (d < 0 || count >= 7) {
      out[0] = 0;
      out[1] = 0;
      return false;
    }
    if (count < 3) hi = hi * 37 + d;
    else lo = lo * 37 + d;
    count++;
  }
  if (count < 3) {
    out[0] = 0;
    out[1] = 0;
    return false;
  }
  for (let i = count; i < 7; i++) lo *= 37;
  out[0] = hi;
  out[1] = lo;
  return true;
}

export function icdSlot(hi: number, lo: number, bits: number): number {
  return (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo + 0x632be5ab, 0x85ebca77)) >>> (32 - bits);
}

/** Lookup in a two-key table (hi 0 = empty). Returns the slot or -1. */
export function probeIcd(keyHi: Int32Array, keyLo: Int32Array, bits: number, hi: number, lo: number): number {
  const mask = (1 << bits) - 1;
  let slot = icdSlot(hi, lo, bits);
  for (;;) {
    const h = keyHi[slot];
    if (h === 0) return -1;
    if (h === hi && keyLo[slot] === lo) return slot;
    slot = (slot + 1) & mask;
  }
}

/** `YYYY-MM-DD` → YYYYMMDD integer, 0 when not a real calendar date (1900–2199). */
export function dateToInt(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return 0;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    y = y * 10 + d;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return 0;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return 0;
  return y * 10000 + m * 100 + d;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** YYYYMMDD → days since 1970-01-01 (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function intToDays(ymd: number): number {
  let y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** YYYYMMDD → `YYYY-MM-DD`. */
export function intToDate(ymd: number): string {
  const s = String(ymd);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** ICD-10-CM fiscal year of a YYYYMMDD date of service (FY N = 1 Oct N-1 .. 30 Sep N). */
export function fiscalYearOf(ymd: number): number {
  const y = Math.floor(ymd / 10000);
  return ymd % 10000 >= 1001 ? y + 1 : y;
}
