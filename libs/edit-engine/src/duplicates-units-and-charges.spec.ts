import { claimFingerprint, storedDuplicateEdit } from './engine';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();

describe('duplicate service lines', () => {
  it('rejects the second of two identical lines', () => {
    const r = e.scrub(cleanClaim({ lines: [line('99213'), line('99213')] }));
    expect(r.edits.filter((x) => x.category === 'duplicate')).toEqual([
      expect.objectContaining({ id: 'DUPLICATE_LINE', line: 2, codes: ['99213'] }),
    ]);
  });
  it('does not treat a repeat with 76 or another date as a duplicate', () => {
    expect(
      ids(e.scrub(cleanClaim({ lines: [line('J1100'), line('J1100', { modifiers: ['76'] })] }))),
    ).not.toContain('DUPLICATE_LINE');
    expect(
      ids(e.scrub(cleanClaim({ lines: [line('99213'), line('99213', { serviceDate: '2025-11-04' })] }))),
    ).not.toContain('DUPLICATE_LINE');
  });
});

describe('duplicate claims across a batch', () => {
  it('rejects the second identical claim and names the first', () => {
    const [a, b] = e.scrubBatch([cleanClaim(), cleanClaim({ claimId: 'PCN-1002' })]);
    expect(a!.status).toBe('clean');
    expect(b!.edits).toEqual([expect.objectContaining({ id: 'DUPLICATE_CLAIM', codes: ['PCN-1001'] })]);
  });
  it('lets a replacement (frequency 7) repeat an earlier claim', () => {
    const results = e.scrubBatch([cleanClaim(), cleanClaim({ claimId: 'PCN-1002', frequencyCode: '7' })]);
    expect(results.map((r) => r.status)).toEqual(['clean', 'clean']);
  });
  it('warns when a claim id is reused by a different claim', () => {
    const [, b] = e.scrubBatch([
      cleanClaim(),
      cleanClaim({ lines: [line('99214', { diagnosisPointers: [1] })] }),
    ]);
    expect(b!.edits).toEqual([expect.objectContaining({ id: 'DUPLICATE_CLAIM_ID', severity: 'warn' })]);
    expect(b!.status).toBe('warning');
  });
  it('does not flag different claims', () => {
    const results = e.scrubBatch([cleanClaim(), cleanClaim({ claimId: 'PCN-2', subscriberId: 'W999' })]);
    expect(results.map((r) => r.status)).toEqual(['clean', 'clean']);
  });
});

describe('units and charges', () => {
  it.each([0, -100, 12.5, Number.NaN])('rejects charge %p', (c) => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { chargeCents: c })] })))).toContain(
      'CHARGE_NOT_POSITIVE',
    );
  });
  it.each([0, -1, Number.POSITIVE_INFINITY])('rejects units %p', (u) => {
    expect(ids(e.scrub(cleanClaim({ lines: [line('99213', { units: u })] })))).toContain(
      'UNITS_NOT_POSITIVE',
    );
  });
  it('rejects a claim total that differs from the line sum, accepts an equal one', () => {
    expect(e.scrub(cleanClaim({ totalChargeCents: 15001 })).edits).toEqual([
      expect.objectContaining({ id: 'CLAIM_TOTAL_MISMATCH', codes: ['15001', '15000'] }),
    ]);
    expect(e.scrub(cleanClaim({ totalChargeCents: 15000 })).status).toBe('clean');
  });
});

describe('claim fingerprint', () => {
  it('differs when another rendering provider did the same services (claim or line level)', () => {
    const a = cleanClaim({ renderingProviderNpi: '1234567893' });
    expect(claimFingerprint(a)).toBe(claimFingerprint(cleanClaim({ renderingProviderNpi: '1234567893' })));
    expect(claimFingerprint(a)).not.toBe(
      claimFingerprint(cleanClaim({ renderingProviderNpi: '1245319599' })),
    );
    const byB = cleanClaim({ lines: [line('99213', { renderingProviderNpi: '1245319599' })] });
    expect(claimFingerprint(byB)).not.toBe(claimFingerprint(cleanClaim({ lines: [line('99213')] })));
  });
  it('a duplicate of a stored claim names it and rejects', () => {
    expect(storedDuplicateEdit('RC0000000001')).toMatchObject({
      id: 'DUPLICATE_CLAIM',
      category: 'duplicate',
      severity: 'reject',
      codes: ['RC0000000001'],
    });
  });
});
