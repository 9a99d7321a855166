import { loadCarc, loadRarc } from '@revcycle/codesets';
import type { ClaimPayment, RemittanceSetReport } from '@revcycle/x12';
import { stream835, validateX12Stream } from '@revcycle/x12';
import {
  syntheticRemittance,
  syntheticRemittanceChunks,
  syntheticRemittanceShape,
} from './synthetic-remittance';

const CARC = new Set(loadCarc().keys());
const RARC = new Set(loadRarc().keys());

describe('syntheticRemittance: a large 835 for the posting bench, streamed', () => {
  const options = { claims: 2000, seed: 7, claimsPerTransaction: 500, reversalEvery: 250 };

  it('2,000 claims in several ST/SE sets: our validator accepts every set and each balances', async () => {
    const shape = syntheticRemittanceShape(options);
    expect(shape).toEqual({ transactionSets: 4, claimPayments: 2000 + 2 * 6, reversals: 6 });
    const sets: RemittanceSetReport[] = [];
    const result = await validateX12Stream(syntheticRemittance(options), {
      adjustmentReasons: CARC,
      remarkCodes: RARC,
      remittance: { transaction: (r) => sets.push(r) },
    });
    expect(result.issues).toEqual([]);
    expect(sets.map((s) => [s.errors, s.closed, s.balancing.length])).toEqual(
      Array.from({ length: 4 }, () => [0, true, 0]),
    );
  });

  it('stream835 reads N claims with the given patient control numbers and a realistic mix', async () => {
    const claims: ClaimPayment[] = [];
    const summary = await stream835(
      syntheticRemittance({ ...options, patientControlNumber: (i) => `PCN-${i}` }),
      { claim: (c) => claims.push(c) },
    );
    expect(summary).toMatchObject({ transactions: 4, claims: 2012, balanced: true, balancingErrors: 0 });
    const ids = new Set(claims.map((c) => c.claimId));
    expect(ids.size).toBe(2000);
    expect(ids.has('PCN-0') && ids.has('PCN-1999')).toBe(true);
    const statuses = (s: string) => claims.filter((c) => c.status === s).length;
    expect(statuses('22')).toBe(6);
    expect(statuses('4')).toBeGreaterThan(100); // denied
    const groups = (c: ClaimPayment) =>
      [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)].map(
        (a) => `${a.group}-${a.reason}`,
      );
    const all = claims.flatMap(groups);
    for (const code of ['CO-45', 'PR-1', 'PR-2', 'PR-3']) expect(all).toContain(code);
    // Partially paid: some line paid nothing while another was paid.
    expect(
      claims.some(
        (c) => c.status === '1' && c.serviceLines.some((l) => l.paidCents === 0) && c.paidCents > 0,
      ),
    ).toBe(true);
    // A reversal is followed by the corrected payment naming the reversed payer claim number (REF*F8).
    const r = claims.findIndex((c) => c.status === '22');
    expect(claims[r + 1]).toMatchObject({ claimId: claims[r].claimId, status: '1' });
    expect(claims[r + 1].references).toEqual([{ qualifier: 'F8', value: claims[r].payerClaimControlNumber }]);
    expect(claims[r + 1].paidCents).toBeGreaterThan(-claims[r].paidCents);
    expect(summary.plbCents).not.toBe(0);
  });

  it('yields bounded chunks ending on a segment terminator, the same text for the same seed', () => {
    const chunks = [...syntheticRemittanceChunks({ ...options, chunkSize: 16 * 1024 })];
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks) {
      expect(c.length).toBeLessThan(20 * 1024);
      expect(c.trimEnd().endsWith('~')).toBe(true);
    }
    expect(chunks.join('')).toBe([...syntheticRemittanceChunks(options)].join(''));
    expect([...syntheticRemittanceChunks({ ...options, seed: 8 })].join('')).not.toBe(chunks.join(''));
  });

  it('refuses a nonsensical size', () => {
    expect(() => [...syntheticRemittanceChunks({ claims: -1 })]).toThrow(/claims/);
    expect(() => [...syntheticRemittanceChunks({ claims: 10, claimsPerTransaction: 0 })]).toThrow(
      /claimsPerTransaction/,
    );
  });
});
