/**
 * NPI check digit: Luhn over the 9 leading digits prefixed with the card issuer prefix 80840
 * (CMS "Requirements for NPI check digit", ISO/IEC 7812).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

/** Appends the check digit to 9 digits: for generating synthetic but valid NPIs. */
export function withNpiCheckDigit(nineDigits: string): string {
  for (let d = 0; d <= 9; d++) if (isValidNpi(`${nineDigits}${d}`)) return `${nineDigits}${d}`;
  throw new Error(`not 9 digits: ${nineDigits}`);
}
