// 837 files of the x12 library's golden fixtures, read with its parser, mapped to ScrubClaim.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse837 } from '@revcycle/x12';
import { scrubClaimFromX12 } from './x12-claim';

const golden = (name: string) =>
  parse837(readFileSync(join(__dirname, '../../x12/src/837/__fixtures__/golden', name)));

describe('837 claim → ScrubClaim', () => {
  it('837P: CLM01 is the claim id; subscriber, payer, billing NPI/TIN/address, POS, diagnoses and lines are mapped', () => {
    const { file } = golden('professional-many-lines.837');
    const t = file.transactions[0]!;
    const c = scrubClaimFromX12(t.claims[0]!, t.kind);
    const src = t.claims[0]!;
    expect(c.claimId).toBe(src.claimId);
    expect(c.claimType).toBe('professional');
    expect(c.placeOfService).toBe(src.facilityCode);
    expect(c.payerId).toBe(src.subscriber.payer.id);
    expect(c.subscriberId).toBe(src.subscriber.person.id);
    expect(c.billingProvider.npi).toBe(src.billingProvider.provider.id);
    expect(c.billingProvider.taxId).toMatch(/^\d{9}$/);
    expect(c.diagnoses[0]).toBe(src.healthCodes.find((h) => h.qualifier === 'ABK')!.code);
    expect(c.lines).toHaveLength(src.serviceLines.length);
    expect(c.lines[0]).toMatchObject({
      procedureCode: src.serviceLines[0]!.procedure!.code,
      units: src.serviceLines[0]!.quantity,
      chargeCents: src.serviceLines[0]!.chargeCents,
    });
    expect(c.lines.every((l) => /^\d{4}-\d{2}-\d{2}$/.test(l.serviceDate))).toBe(true);
    expect(c.totalChargeCents).toBe(src.totalChargeCents);
  });
  it('837P from a DME supplier (2000A PRV*BI taxonomy 332B…) is marked for the DME supplier MUEs', () => {
    const { file } = golden('professional-many-lines.837');
    const t = file.transactions[0]!;
    const src = t.claims[0]!;
    expect(scrubClaimFromX12(src, t.kind).dmeSupplier).toBeUndefined();
    const supplier = { ...src.billingProvider.provider, specialty: { role: 'BI', taxonomy: '332B00000X' } };
    const dme = { ...src, billingProvider: { ...src.billingProvider, provider: supplier } };
    expect(scrubClaimFromX12(dme, t.kind).dmeSupplier).toBe(true);
  });
  it('837I: institutional, statement period from DTP*434, no claim POS', () => {
    const { file } = golden('institutional-outpatient.837');
    const t = file.transactions[0]!;
    const c = scrubClaimFromX12(t.claims[0]!, t.kind);
    expect(c.claimType).toBe('institutional');
    expect(c.placeOfService).toBeUndefined();
    expect(c.statementFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.lines.every((l) => l.revenueCode !== undefined || l.procedureCode !== '')).toBe(true);
  });
});
