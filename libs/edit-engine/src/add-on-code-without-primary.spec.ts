// AOC rows of the packaged CMS add-on code table (Q3 2024).
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();
const addOn = (r: { edits: { category: string }[] }) => r.edits.filter((x) => x.category === 'add-on');

describe('type 1 add-on code 11045 (primary 11042)', () => {
  it('rejects 11045 billed alone and names a primary', () => {
    const r = e.scrub(cleanClaim({ lines: [line('11045')] }));
    expect(addOn(r)).toEqual([
      expect.objectContaining({ id: 'ADDON_WITHOUT_PRIMARY', line: 1, codes: ['11045'], severity: 'reject' }),
    ]);
    expect(r.edits.find((x) => x.id === 'ADDON_WITHOUT_PRIMARY')!.message).toMatch(/11042/);
  });
  it('passes with 11042 on the same date', () => {
    expect(addOn(e.scrub(cleanClaim({ lines: [line('11042'), line('11045')] })))).toEqual([]);
  });
  it('rejects when the primary is on another date', () => {
    const r = e.scrub(cleanClaim({ lines: [line('11042', { serviceDate: '2025-11-02' }), line('11045')] }));
    expect(ids(r)).toContain('ADDON_WITHOUT_PRIMARY');
  });
});

describe('type 3 add-on code 20701 (listed primaries 11010 …)', () => {
  it('warns without a listed primary', () => {
    const r = e.scrub(cleanClaim({ lines: [line('20701')] }));
    expect(addOn(r)).toEqual([expect.objectContaining({ id: 'ADDON_PRIMARY_NOT_LISTED', severity: 'warn' })]);
  });
  it('passes with a listed primary', () => {
    expect(addOn(e.scrub(cleanClaim({ lines: [line('11010'), line('20701')] })))).toEqual([]);
  });
});

describe('type 2 add-on code 0054T (primaries defined by the contractor: CCCCC)', () => {
  it('is not checked', () => {
    expect(addOn(e.scrub(cleanClaim({ lines: [line('0054T')] })))).toEqual([]);
  });
});
