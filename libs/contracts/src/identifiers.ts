/**
 * NPI check digit: Luhn over the 9 leading digits prefixed with 80840 (the ISO health-card issuer
 * prefix, CMS "NPI check digit" specification). The prefix contributes a constant 24 to the sum.
 * No allocation: the scrubber calls it for every provider of every claim.
 */
export function isValidNpi(npi: string): boolean {
  if (npi.length !== 10) return false;
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = npi.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if ((i & 1) === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const check = npi.charCodeAt(9) - 48;
  if (check < 0 || check > 9) return false;
  return (10 - (sum % 10)) % 10 === check;
}

/** Appends the check digit to a 9-digit NPI base (for test fixtures and generators). */
export function withNpiCheckDigit(base9: string): string {
  for (let d = 0; d <= 9; d++) if (isValidNpi(base9 + d)) return base9 + d;
  throw new Error(`not a 9-digit NPI base: ${base9}`);
}
