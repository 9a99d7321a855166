import { ScrubClaim } from './claim';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();

describe('bad input gets an edit, never an exception', () => {
  it('a non-object claim is CLAIM_UNREADABLE and the batch goes on', () => {
    const results = e.scrubBatch([null as unknown as ScrubClaim, 'x' as unknown as ScrubClaim, cleanClaim()]);
    expect(results.map((r) => r.edits[0]?.id ?? 'clean')).toEqual(['CLAIM_UNREADABLE', 'CLAIM_UNREADABLE', 'clean']);
  });
  it('fields of the wrong type become edits', () => {
    const weird = { ...cleanClaim(), lines: [{ procedureCode: 99213, units: '1', chargeCents: '100', serviceDate: 20251103 }, 'junk'] } as unknown as ScrubClaim;
    const r = e.scrub(weird);
    expect(r.status).toBe('rejected');
    expect(ids(r)).toEqual(expect.arrayContaining(['UNITS_NOT_POSITIVE', 'CHARGE_NOT_POSITIVE', 'DATE_INVALID', 'PROCEDURE_CODE_INVALID']));
  });
  it('an empty object is a list of required-data edits', () => {
    const r = e.scrub({} as ScrubClaim);
    expect(r.claimId).toBe('');
    expect(ids(r)).toEqual(expect.arrayContaining(['REQUIRED_CLAIM_ID', 'REQUIRED_SERVICE_LINES', 'REQUIRED_DIAGNOSIS', 'REQUIRED_PATIENT_BIRTH_DATE']));
  });
  it('thousands of lines: REQUIRED_LINE_LIMIT, every line still checked', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => line(i % 2 ? '45380' : '45378', { serviceDate: `2025-${String(1 + (i % 11)).padStart(2, '0')}-01` }));
    const r = e.scrub(cleanClaim({ lines }));
    expect(ids(r)).toContain('REQUIRED_LINE_LIMIT');
    expect(ids(r)).toContain('PTP_MODIFIER_NOT_ALLOWED');
    expect(r.edits.some((x) => x.line === 3000)).toBe(true);
  });
  it('unknown codes everywhere are edits, not crashes', () => {
    const r = e.scrub(cleanClaim({ diagnoses: ['???', ''], lines: [line('#####', { modifiers: ['!!'], diagnosisPointers: [99] })] }));
    expect(ids(r)).toEqual(expect.arrayContaining(['ICD_INVALID', 'PROCEDURE_CODE_INVALID', 'MODIFIER_INVALID', 'DX_POINTER_INVALID']));
  });
  it('is deterministic: same claim, same result', () => {
    const c = cleanClaim({ diagnoses: ['E11', 'C61'], lines: [line('45380'), line('45378'), line('11045')] });
    expect(e.scrub(c)).toEqual(e.scrub(structuredClone(c)));
  });
});
