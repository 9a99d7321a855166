// Cases are rows of the packaged CMS NCCI PTP tables (Q3 2024), practitioner unless stated.
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();
const ptpEdits = (r: { edits: { category: string; line: number | null; codes: string[]; id: string }[] }) =>
  r.edits.filter((x) => x.category === 'ncci-ptp');

describe('NCCI PTP, modifier indicator 0 (45380 → 45378, active)', () => {
  it('rejects the column 2 line when both are billed on one date, naming both codes', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380'), line('45378')] }));
    expect(ptpEdits(r)).toEqual([
      expect.objectContaining({ id: 'PTP_MODIFIER_NOT_ALLOWED', line: 2, codes: ['45380', '45378'] }),
    ]);
    expect(r.status).toBe('rejected');
  });
  it('is not bypassed by modifier 59 or XS', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380'), line('45378', { modifiers: ['59', 'XS'] })] }));
    expect(ids(r)).toContain('PTP_MODIFIER_NOT_ALLOWED');
  });
  it('does not fire when the two codes are on different dates', () => {
    const r = e.scrub(cleanClaim({ lines: [line('45380'), line('45378', { serviceDate: '2025-11-04' })] }));
    expect(ptpEdits(r)).toEqual([]);
  });
  it('fires in the outpatient-hospital table for an institutional claim', () => {
    const r = e.scrub(cleanClaim({ claimType: 'institutional', lines: [line('45380'), line('45378')] }));
    expect(ids(r)).toContain('PTP_MODIFIER_NOT_ALLOWED');
    expect(ptpEdits(r)[0]!.codes).toEqual(['45380', '45378']);
  });
});

describe('NCCI PTP, modifier indicator 1 (93000 → 93010, active)', () => {
  it('rejects without an NCCI-associated modifier and says which modifier would apply', () => {
    const r = e.scrub(cleanClaim({ lines: [line('93000'), line('93010')] }));
    const [edit] = ptpEdits(r);
    expect(edit).toMatchObject({ id: 'PTP_MODIFIER_REQUIRED', line: 2, codes: ['93000', '93010'] });
    expect(r.edits.find((x) => x.id === 'PTP_MODIFIER_REQUIRED')!.message).toMatch(
      /59 or XE\/XS\/XP\/XU to line 2/,
    );
  });
  it.each(['59', 'XE', 'XS', 'XP', 'XU', '91'])('is bypassed by %s on the column 2 line', (m) => {
    const r = e.scrub(cleanClaim({ lines: [line('93000'), line('93010', { modifiers: [m] })] }));
    expect(ptpEdits(r)).toEqual([]);
  });
  it('is NOT bypassed by 59 on the column 1 line (wrong line)', () => {
    const r = e.scrub(cleanClaim({ lines: [line('93000', { modifiers: ['59'] }), line('93010')] }));
    expect(ids(r)).toContain('PTP_MODIFIER_REQUIRED');
  });
  it('is NOT bypassed by a non-NCCI modifier (GT)', () => {
    const r = e.scrub(cleanClaim({ lines: [line('93000'), line('93010', { modifiers: ['GT'] })] }));
    expect(ids(r)).toContain('PTP_MODIFIER_REQUIRED');
  });
  it('is bypassed by different anatomic modifiers on both lines, not by the same one', () => {
    const diff = e.scrub(
      cleanClaim({ lines: [line('11042', { modifiers: ['RT'] }), line('97597', { modifiers: ['LT'] })] }),
    );
    expect(ptpEdits(diff)).toEqual([]);
    const same = e.scrub(
      cleanClaim({ lines: [line('11042', { modifiers: ['RT'] }), line('97597', { modifiers: ['RT'] })] }),
    );
    expect(ids(same)).toContain('PTP_MODIFIER_REQUIRED');
  });
  it('is bypassed by a global-surgery modifier (79) on either line', () => {
    const r = e.scrub(cleanClaim({ lines: [line('11042', { modifiers: ['79'] }), line('97597')] }));
    expect(ptpEdits(r)).toEqual([]);
  });
});

describe('NCCI PTP with an E/M code (20610 → 99213: two rows, deleted 2019-12-31 and active)', () => {
  it('is bypassed by 25 on the E/M line', () => {
    const r = e.scrub(cleanClaim({ lines: [line('20610'), line('99213', { modifiers: ['25'] })] }));
    expect(ptpEdits(r)).toEqual([]);
  });
  it('is NOT bypassed by 25 on the procedure line', () => {
    const r = e.scrub(cleanClaim({ lines: [line('20610', { modifiers: ['25'] }), line('99213')] }));
    expect(ptpEdits(r)).toEqual([
      expect.objectContaining({ id: 'PTP_MODIFIER_REQUIRED', line: 2, codes: ['20610', '99213'] }),
    ]);
    expect(r.edits.find((x) => x.category === 'ncci-ptp')!.message).toMatch(/25 on the E\/M line \(99213\)/);
  });
  it('does not exist in the outpatient-hospital table, so an institutional claim passes', () => {
    const r = e.scrub(cleanClaim({ claimType: 'institutional', lines: [line('20610'), line('99213')] }));
    expect(ptpEdits(r)).toEqual([]);
  });
});

describe('NCCI PTP deletion dates and several rows per pair', () => {
  it('99213 → 0115T (deleted 2007-12-31) fires for a 2007 date of service', () => {
    const r = e.scrub(
      cleanClaim({
        lines: [line('99213', { serviceDate: '2007-06-01' }), line('0115T', { serviceDate: '2007-06-01' })],
      }),
    );
    expect(ptpEdits(r)).toEqual([
      expect.objectContaining({ id: 'PTP_MODIFIER_REQUIRED', codes: ['99213', '0115T'] }),
    ]);
  });
  it('99213 → 0115T does not fire on or after its deletion date', () => {
    for (const d of ['2007-12-31', '2025-11-03']) {
      const r = e.scrub(
        cleanClaim({ lines: [line('99213', { serviceDate: d }), line('0115T', { serviceDate: d })] }),
      );
      expect(ptpEdits(r)).toEqual([]);
    }
  });
  it('0007U → 0328U uses the indicator-0 row before 2023-06-30 and the indicator-1 row after', () => {
    const before = e.scrub(
      cleanClaim({
        lines: [
          line('0007U', { serviceDate: '2023-01-15' }),
          line('0328U', { serviceDate: '2023-01-15', modifiers: ['59'] }),
        ],
      }),
    );
    expect(ids(before)).toContain('PTP_MODIFIER_NOT_ALLOWED');
    const after = e.scrub(cleanClaim({ lines: [line('0007U'), line('0328U', { modifiers: ['59'] })] }));
    expect(ptpEdits(after)).toEqual([]);
    const afterNoModifier = e.scrub(cleanClaim({ lines: [line('0007U'), line('0328U')] }));
    expect(ids(afterNoModifier)).toContain('PTP_MODIFIER_REQUIRED');
  });
  it('modifier indicator 9 (00100 → 99497 before 2015-01-01) never fires; the later indicator-0 row does', () => {
    const nine = e.scrub(
      cleanClaim({
        lines: [line('00100', { serviceDate: '2014-06-01' }), line('99497', { serviceDate: '2014-06-01' })],
      }),
    );
    expect(ptpEdits(nine)).toEqual([]);
    const zero = e.scrub(
      cleanClaim({
        lines: [line('00100', { serviceDate: '2016-06-01' }), line('99497', { serviceDate: '2016-06-01' })],
      }),
    );
    expect(ids(zero)).toContain('PTP_MODIFIER_NOT_ALLOWED');
  });
});
