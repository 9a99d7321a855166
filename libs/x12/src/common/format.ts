/** Conversions between the model (integer cents, ISO dates) and X12 element text. */

/** Formats integer cents as an X12 decimal amount (R type): 12345 → "123.45", 1200 → "12", -5 → "-0.05". */
export function formatCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(`amount must be integer cents, got ${cents}`);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let text = String(whole);
  if (frac !== 0) text += frac % 10 === 0 ? `.${frac / 10}` : `.${frac < 10 ? '0' : ''}${frac}`;
  return negative ? `-${text}` : text;
}

/**
 * Parses an X12 decimal amount into integer cents without floating-point arithmetic.
 * Returns undefined when the text is not a valid X12 R (decimal) value.
 */
export function parseCents(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let frac = 0;
  let fracDigits = 0;
  let seenDot = false;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (seenDot) return undefined;
      seenDot = true;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    digits++;
    if (seenDot) {
      if (fracDigits < 2) frac = frac * 10 + (c - 48);
      else if (c !== 48) return undefined; // sub-cent precision cannot be represented in cents
      fracDigits++;
    } else whole = whole * 10 + (c - 48);
  }
  if (digits === 0) return undefined;
  if (fracDigits === 1) frac *= 10;
  const cents = whole * 100 + frac;
  return negative ? -cents : cents;
}

/** Formats a quantity (unit count) the X12 way: no trailing zeros, no exponent. */
export function formatQuantity(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`quantity must be finite, got ${value}`);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

export function parseQuantity(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  // X12 R: optional minus, digits, at most one decimal point, at least one digit.
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else if (!(c === 45 && i === 0)) return undefined;
  }
  if (digits === 0 || dots > 1) return undefined;
  return Number(text);
}

/** CCYYMMDD → YYYY-MM-DD (undefined when not a real calendar date). */
export function x12DateToIso(text: string | undefined): string | undefined {
  if (!text || !isValidCcyymmdd(text)) return undefined;
  // One string built from the char codes (a template literal would allocate three slices and the joins).
  const c = (i: number) => text.charCodeAt(i);
  return String.fromCharCode(c(0), c(1), c(2), c(3), 45, c(4), c(5), 45, c(6), c(7));
}

/** YYYY-MM-DD → CCYYMMDD. */
export function isoToX12Date(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`date must be YYYY-MM-DD, got "${iso}"`);
  return iso.replace(/-/g, '');
}

function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function isValidCcyymmdd(text: string): boolean {
  if (text.length !== 8) return false;
  const y = digits(text, 0, 4);
  const m = digits(text, 4, 6);
  const d = digits(text, 6, 8);
  if (y < 0 || m < 0 || d < 0) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidYymmdd(text: string): boolean {
  return /^\d{6}$/.test(text) && isValidCcyymmdd(`20${text}`);
}

/** HHMM, HHMMSS, HHMMSSD, HHMMSSDD. */
export function isValidTime(text: string): boolean {
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(text)) return false;
  const h = Number(text.slice(0, 2));
  const m = Number(text.slice(2, 4));
  const s = text.length >= 6 ? Number(text.slice(4, 6)) : 0;
  return h < 24 && m < 60 && s < 60;
}
