import fc from 'fast-check';
import { EDIT_CATEGORIES, ScrubClaim } from './claim';
import { cleanClaim, engine, ids, line } from './test/claim-fixtures';

const e = engine();

describe('bad input gets an edit, never an exception', () => {
  it('a non-object claim is CLAIM_UNREADABLE and the batch goes on', () => {
    const results = e.scrubBatch([null as unknown as ScrubClaim, 'x' as unknown as ScrubClaim, cleanClaim()]);
    expect(results.map((r) => r.edits[0]?.id ?? 'clean')).toEqual([
      'CLAIM_UNREADABLE',
      'CLAIM_UNREADABLE',
      'clean',
    ]);
  });
  it('fields of the wrong type become edits', () => {
    const weird = {
      ...cleanClaim(),
      lines: [{ procedureCode: 99213, units: '1', chargeCents: '100', serviceDate: 20251103 }, 'junk'],
    } as unknown as ScrubClaim;
    const r = e.scrub(weird);
    expect(r.status).toBe('rejected');
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'UNITS_NOT_POSITIVE',
        'CHARGE_NOT_POSITIVE',
        'DATE_INVALID',
        'PROCEDURE_CODE_INVALID',
      ]),
    );
  });
  it('an empty object is a list of required-data edits', () => {
    const r = e.scrub({} as ScrubClaim);
    expect(r.claimId).toBe('');
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'REQUIRED_CLAIM_ID',
        'REQUIRED_SERVICE_LINES',
        'REQUIRED_DIAGNOSIS',
        'REQUIRED_PATIENT_BIRTH_DATE',
      ]),
    );
  });
  it('thousands of lines: REQUIRED_LINE_LIMIT, every line still checked', () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      line(i % 2 ? '45380' : '45378', { serviceDate: `2025-${String(1 + (i % 11)).padStart(2, '0')}-01` }),
    );
    const r = e.scrub(cleanClaim({ lines }));
    expect(ids(r)).toContain('REQUIRED_LINE_LIMIT');
    expect(ids(r)).toContain('PTP_MODIFIER_NOT_ALLOWED');
    expect(r.edits.some((x) => x.line === 3000)).toBe(true);
  });
  it('unknown codes everywhere are edits, not crashes', () => {
    const r = e.scrub(
      cleanClaim({
        diagnoses: ['???', ''],
        lines: [line('#####', { modifiers: ['!!'], diagnosisPointers: [99] })],
      }),
    );
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'ICD_INVALID',
        'PROCEDURE_CODE_INVALID',
        'MODIFIER_INVALID',
        'DX_POINTER_INVALID',
      ]),
    );
  });
  it('is deterministic: same claim, same result', () => {
    const c = cleanClaim({ diagnoses: ['E11', 'C61'], lines: [line('45380'), line('45378'), line('11045')] });
    expect(e.scrub(c)).toEqual(e.scrub(structuredClone(c)));
  });
});

describe('fuzz: arbitrary JSON values as claims (fast-check)', () => {
  it('every input gets a well-formed result with categories from the fixed vocabulary', () => {
    const categories = new Set<string>(EDIT_CATEGORIES);
    const lineish = fc.record(
      {
        procedureCode: fc.oneof(fc.string(), fc.constantFrom('99213', '45380', '45378', 'A0425')),
        units: fc.oneof(fc.double(), fc.integer(), fc.string()),
        chargeCents: fc.oneof(fc.integer(), fc.double()),
        serviceDate: fc.oneof(fc.string(), fc.constant('2025-11-03')),
        modifiers: fc.anything(),
        diagnosisPointers: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const claimish = fc.oneof(
      fc.anything({ withNullPrototype: true, withBigInt: true }),
      fc.record(
        {
          claimId: fc.anything(),
          patient: fc.anything(),
          billingProvider: fc.anything(),
          diagnoses: fc.oneof(fc.anything(), fc.array(fc.string())),
          lines: fc.oneof(fc.anything({ withNullPrototype: true }), fc.array(lineish, { maxLength: 8 })),
          payerId: fc.anything(),
          placeOfService: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.array(claimish, { maxLength: 20 }), (claims) => {
        const results = e.scrubBatch(claims as unknown as ScrubClaim[]);
        expect(results).toHaveLength(claims.length);
        results.forEach((r, i) => {
          const c = claims[i];
          // an object is always read field by field: CLAIM_UNREADABLE (an exception inside) would be a bug
          if (c !== null && typeof c === 'object' && !Array.isArray(c))
            expect(r.edits.map((x) => x.id)).not.toContain('CLAIM_UNREADABLE');
          expect(['clean', 'rejected', 'warning']).toContain(r.status);
          expect(typeof r.claimId).toBe('string');
          for (const x of r.edits) {
            expect(categories.has(x.category)).toBe(true);
            expect(x.message.length).toBeGreaterThan(0);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
