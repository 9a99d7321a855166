import { isValidNpi, withNpiCheckDigit } from './identifiers';

describe('NPI check digit (Luhn with the 80840 prefix)', () => {
  it('accepts the CMS worked example 1234567893', () => expect(isValidNpi('1234567893')).toBe(true));
  it('rejects a wrong check digit', () => expect(isValidNpi('1234567890')).toBe(false));
  it('rejects non-digits and wrong lengths', () => {
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678A3')).toBe(false);
  });
  it('completes any 9 digits into a valid NPI', () => {
    for (const nine of ['100000000', '987654321', '555555555'])
      expect(isValidNpi(withNpiCheckDigit(nine))).toBe(true);
  });
});
