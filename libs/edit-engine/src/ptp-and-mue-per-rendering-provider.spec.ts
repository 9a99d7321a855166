// NCCI Policy Manual ch. I: PTP edits and MUEs apply to the services of ONE provider for one
// beneficiary on one date. A group claim whose lines name different rendering providers (837P
// 2420A) pairs and sums each provider's lines on their own.
import { withNpiCheckDigit } from '@revcycle/contracts';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();
const DR_A = '1234567893';
const DR_B = withNpiCheckDigit('124531959');
const byCategory = (r: { edits: { category: string }[] }, c: string) =>
  r.edits.filter((x) => x.category === c);

describe('NCCI PTP per rendering provider (45380 → 45378, modifier indicator 0)', () => {
  it('does not pair lines of two rendering providers', () => {
    const r = e.scrub(
      cleanClaim({
        renderingProviderNpi: DR_A,
        lines: [line('45380'), line('45378', { renderingProviderNpi: DR_B })],
      }),
    );
    expect(byCategory(r, 'ncci-ptp')).toEqual([]);
  });
  it('still pairs a line by the claim rendering provider with one naming the same NPI', () => {
    const r = e.scrub(
      cleanClaim({
        renderingProviderNpi: DR_A,
        lines: [line('45380'), line('45378', { renderingProviderNpi: DR_A })],
      }),
    );
    expect(byCategory(r, 'ncci-ptp')).toEqual([
      expect.objectContaining({ id: 'PTP_MODIFIER_NOT_ALLOWED', line: 2, codes: ['45380', '45378'] }),
    ]);
  });
  it('pairs within each provider on a three-line group claim', () => {
    const r = e.scrub(
      cleanClaim({
        lines: [
          line('45380', { renderingProviderNpi: DR_A }),
          line('45378', { renderingProviderNpi: DR_B }),
          line('45378', { renderingProviderNpi: DR_A }),
        ],
      }),
    );
    expect(byCategory(r, 'ncci-ptp')).toEqual([
      expect.objectContaining({ id: 'PTP_MODIFIER_NOT_ALLOWED', line: 3, codes: ['45380', '45378'] }),
    ]);
  });
});

describe('MUE MAI 2/3 per rendering provider', () => {
  it('does not sum the units of two rendering providers (45380 MUE 1, MAI 2)', () => {
    const r = e.scrub(
      cleanClaim({
        renderingProviderNpi: DR_A,
        lines: [line('45380'), line('45380', { renderingProviderNpi: DR_B })],
      }),
    );
    expect(byCategory(r, 'mue')).toEqual([]);
    expect(ids(r)).not.toContain('DUPLICATE_LINE');
  });
  it("sums one provider's lines and names only them (97140 MUE 6, MAI 3)", () => {
    const r = e.scrub(
      cleanClaim({
        lines: [
          line('97140', { units: 4, renderingProviderNpi: DR_A }),
          line('97140', { units: 5, modifiers: ['59'], renderingProviderNpi: DR_B }),
          line('97140', { units: 3, modifiers: ['59'], renderingProviderNpi: DR_A }),
        ],
      }),
    );
    expect(byCategory(r, 'mue')).toEqual([
      expect.objectContaining({ id: 'MUE_DATE_OF_SERVICE_CLINICAL', line: 1, codes: ['97140', '7', '6'] }),
    ]);
    expect(r.edits.find((x) => x.category === 'mue')!.message).toMatch(/^lines 1, 3: 7 units/);
  });
});
