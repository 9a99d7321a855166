import { isValidNpi, withNpiCheckDigit } from '@revcycle/contracts';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();

describe('NPI check digit (Luhn over 80840 + 9 digits)', () => {
  it('accepts the CMS example 1234567893 and rejects other check digits', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678A3')).toBe(false);
    expect(withNpiCheckDigit('123456789')).toBe('1234567893');
  });
  it('rejects a bad billing NPI', () => {
    const r = e.scrub(
      cleanClaim({ billingProvider: { ...cleanClaim().billingProvider, npi: '1234567890' } }),
    );
    expect(r.edits).toEqual([
      expect.objectContaining({ id: 'NPI_BILLING_INVALID', category: 'npi', codes: ['1234567890'] }),
    ]);
  });
  it('rejects bad rendering (claim and line) and referring NPIs, accepts valid ones', () => {
    const r = e.scrub(
      cleanClaim({
        renderingProviderNpi: '1234567891',
        referringProviderNpi: '1234567892',
        lines: [line('99213', { renderingProviderNpi: '1111111111' })],
      }),
    );
    expect(ids(r).sort()).toEqual([
      'NPI_REFERRING_INVALID',
      'NPI_RENDERING_INVALID',
      'NPI_RENDERING_INVALID',
    ]);
    const ok = e.scrub(
      cleanClaim({
        renderingProviderNpi: withNpiCheckDigit('198765432'),
        referringProviderNpi: '1234567893',
      }),
    );
    expect(ok.status).toBe('clean');
  });
});

describe('required data', () => {
  const base = cleanClaim();
  it.each([
    ['REQUIRED_CLAIM_ID', { claimId: '' }],
    ['REQUIRED_SUBSCRIBER_ID', { subscriberId: ' ' }],
    ['REQUIRED_PAYER_ID', { payerId: undefined }],
    ['REQUIRED_BILLING_NPI', { billingProvider: { ...base.billingProvider, npi: undefined } }],
    ['REQUIRED_BILLING_TIN', { billingProvider: { ...base.billingProvider, taxId: '12345' } }],
    [
      'REQUIRED_BILLING_ADDRESS',
      {
        billingProvider: {
          ...base.billingProvider,
          address: { line1: '1 Main', city: 'X', state: 'IL', postalCode: '62701' },
        },
      },
    ],
    ['REQUIRED_PATIENT_BIRTH_DATE', { patient: { sex: 'F' } }],
    ['REQUIRED_PATIENT_SEX', { patient: { birthDate: '1970-05-15', sex: 'X' } }],
    ['REQUIRED_PLACE_OF_SERVICE', { placeOfService: '28' }],
    ['REQUIRED_FREQUENCY_CODE', { frequencyCode: '5' }],
    ['REQUIRED_DIAGNOSIS', { diagnoses: [], lines: [line('99213', { diagnosisPointers: undefined })] }],
  ] as const)('%s fires', (id, patch) => {
    const r = e.scrub(cleanClaim(patch as never));
    expect(ids(r)).toContain(id);
    expect(r.edits.find((x) => x.id === id)).toMatchObject({ category: 'required', severity: 'reject' });
  });
  it('accepts a hyphenated TIN and ZIP+4', () => {
    const r = e.scrub(
      cleanClaim({
        billingProvider: {
          ...base.billingProvider,
          taxId: '12-3456789',
          address: { line1: '1 Main', city: 'X', state: 'IL', postalCode: '62701-1234' },
        },
      }),
    );
    expect(r.status).toBe('clean');
  });
  it('takes a line place of service when the claim has none, and checks it', () => {
    expect(
      e.scrub(cleanClaim({ placeOfService: undefined, lines: [line('99213', { placeOfService: '11' })] }))
        .status,
    ).toBe('clean');
    expect(
      e.scrub(cleanClaim({ placeOfService: undefined, lines: [line('99213', { placeOfService: '30' })] }))
        .edits,
    ).toEqual([expect.objectContaining({ id: 'REQUIRED_PLACE_OF_SERVICE', line: 1, codes: ['30'] })]);
  });
  it('accepts replacement and void frequency codes on 837P and NUBC codes on 837I', () => {
    expect(e.scrub(cleanClaim({ frequencyCode: '7' })).status).toBe('clean');
    expect(ids(e.scrub(cleanClaim({ claimType: 'institutional', frequencyCode: '5' })))).not.toContain(
      'REQUIRED_FREQUENCY_CODE',
    );
  });
  it('rejects a claim without lines', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [] })))).toEqual(['REQUIRED_SERVICE_LINES']);
  });
});
