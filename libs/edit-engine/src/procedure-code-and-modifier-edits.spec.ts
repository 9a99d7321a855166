// HCPCS rows of the packaged July 2024 HCPCS Level II file.
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();

describe('procedure codes', () => {
  it('rejects a code that is not 5 characters', () => {
    expect(e.scrub(cleanClaim({ lines: [line('9921')] })).edits[0]).toMatchObject({
      id: 'PROCEDURE_CODE_INVALID',
      line: 1,
      codes: ['9921'],
    });
  });
  it('rejects a HCPCS Level II code missing from the HCPCS file (Q9999)', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('Q9999')] })))).toContain('PROCEDURE_CODE_UNKNOWN');
  });
  it('warns on a CPT-format code found in no CMS table (99999)', () => {
    const r = e.scrub(cleanClaim({ lines: [line('99999')] }));
    expect(r.edits).toEqual([
      expect.objectContaining({ id: 'PROCEDURE_CODE_NOT_IN_TABLES', severity: 'warn' }),
    ]);
    expect(r.status).toBe('warning');
  });
  it('rejects A4397 (terminated 2021-12-31) after termination, accepts it before', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('A4397')] })))).toContain('PROCEDURE_CODE_NOT_EFFECTIVE');
    const before = e.scrub(cleanClaim({ lines: [line('A4397', { serviceDate: '2021-12-31' })] }));
    expect(ids(before)).not.toContain('PROCEDURE_CODE_NOT_EFFECTIVE');
  });
  it('rejects A2026 (added 2024-04-01) before it existed', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('A2026', { serviceDate: '2024-03-31' })] })))).toContain(
      'PROCEDURE_CODE_NOT_EFFECTIVE',
    );
    expect(ids(e.scrub(cleanClaim({ lines: [line('A2026')] })))).not.toContain(
      'PROCEDURE_CODE_NOT_EFFECTIVE',
    );
  });
  it('accepts an 837I revenue-code-only line without a HCPCS code, not a professional one', () => {
    const inst = e.scrub(
      cleanClaim({ claimType: 'institutional', lines: [line('', { revenueCode: '0120' })] }),
    );
    expect(ids(inst)).not.toContain('PROCEDURE_CODE_INVALID');
    expect(ids(e.scrub(cleanClaim({ lines: [line('', { revenueCode: '0120' })] })))).toContain(
      'PROCEDURE_CODE_INVALID',
    );
  });
  it('accepts lower-case input', () => {
    expect(e.scrub(cleanClaim({ lines: [line('j1100', { units: 1 })] })).status).toBe('clean');
  });
});

describe('modifiers', () => {
  it('rejects a malformed modifier', () => {
    expect(e.scrub(cleanClaim({ lines: [line('99213', { modifiers: ['2'] })] })).edits).toEqual([
      expect.objectContaining({ id: 'MODIFIER_INVALID', codes: ['2'] }),
    ]);
  });
  it('rejects a duplicate modifier', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { modifiers: ['25', '25'] })] })))).toEqual([
      'MODIFIER_DUPLICATE',
    ]);
  });
  it('rejects more than four modifiers', () => {
    expect(
      ids(e.scrub(cleanClaim({ lines: [line('99213', { modifiers: ['25', 'GT', 'GA', 'KX', 'Q5'] })] }))),
    ).toEqual(['MODIFIER_TOO_MANY']);
  });
  it('rejects LT with RT, and 26 with TC', () => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('73560', { modifiers: ['LT', 'RT'] })] })))).toEqual([
      'MODIFIER_CONFLICT',
    ]);
    expect(ids(e.scrub(cleanClaim({ lines: [line('73560', { modifiers: ['26', 'TC'] })] })))).toEqual([
      'MODIFIER_CONFLICT',
    ]);
  });
  it('accepts up to four distinct well-formed modifiers', () => {
    expect(
      ids(e.scrub(cleanClaim({ lines: [line('73560', { modifiers: ['26', 'LT', 'GA', 'KX'] })] }))),
    ).toEqual([]);
  });
});
