import { interpret277ca, interpret999, write837 } from '@revcycle/x12';
import { adjudicateClaimFile } from './adjudicate-claim-file';
import { syntheticClaimFile } from './synthetic-claim-file';

const AT = new Date('2024-03-01T12:00:00Z');

function read999(text: string) {
  const r = interpret999(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.acknowledgment;
}

function read277ca(text: string) {
  const r = interpret277ca(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.acknowledgment;
}

describe("the simulator's 999 and 277CA interpret to what it decided", () => {
  const claimFile = syntheticClaimFile(120);
  const text837 = write837(claimFile, { at: AT });
  const result = adjudicateClaimFile(text837, { seed: 7 });

  it('999: every 837 transaction set accepted, acknowledged by our ST02 and GS06', () => {
    const ack = read999(result.files['999']);
    expect(ack.warnings).toEqual([]);
    const sets = ack.groups.flatMap((g) => g.transactions);
    expect(sets.length).toBe(claimFile.transactions.length);
    expect(sets.every((t) => t.accepted && t.code === 'A' && t.reasons.length === 0)).toBe(true);
    expect(ack.groups.every((g) => g.groupAccepted === 'A' && g.functionalId === 'HC')).toBe(true);
    expect(sets.map((t) => t.transactionSetControlNumber)).toEqual(
      [...text837.matchAll(/^ST\*837\*(\w+)\*/gm)].map((m) => m[1]),
    );
    expect(ack.groups.map((g) => g.acknowledgedGroupControlNumber)).toEqual(
      [...text837.matchAll(/^GS\*HC\*(?:[^*]*\*){4}(\d+)\*/gm)].map((m) => m[1]),
    );
  });

  it('277CA: each claim accepted or rejected as the simulator decided, rejections with its category:code:entity', () => {
    const ack = read277ca(result.files['277ca']!);
    expect(ack.warnings).toEqual([]);
    const decided = new Map(result.claims.map((c) => [c.claimId, c]));
    expect(ack.claims).toHaveLength(result.claims.length);
    const rejected = ack.claims.filter((c) => !c.accepted);
    expect(rejected.length).toBe(result.summary.rejected);
    expect(rejected.length).toBeGreaterThan(0);
    for (const c of ack.claims) {
      const d = decided.get(c.patientControlNumber)!;
      expect(c.accepted).toBe(d.outcome !== 'rejected');
      expect(c.billedAmountCents).toBe(d.chargeCents);
      if (c.accepted) {
        expect(c.outcome).toBe('accepted');
        expect(c.payerClaimControlNumber).toBe(d.payerClaimControlNumber);
      } else {
        const [s] = c.statuses;
        expect(`${s.categoryCode}:${s.statusCode}${s.entityCode ? `:${s.entityCode}` : ''}`).toBe(d.reason);
        expect(c.reasons).toHaveLength(1);
        expect(c.reasons[0]).not.toMatch(/not in our table/);
      }
    }
    expect(ack.summaries.reduce((n, s) => n + s.claimsAccepted, 0)).toBe(
      result.claims.length - result.summary.rejected,
    );
  });

  it('an 837 with a damaged claim: the 999 rejects its transaction set, with the reason in words', () => {
    const file = syntheticClaimFile(3);
    file.transactions[0].claims[0].facilityCode = '1X';
    const rejected = adjudicateClaimFile(write837(file, { at: AT }), { seed: 1 });
    const [set] = read999(rejected.files['999']).groups[0].transactions;
    expect(set.accepted).toBe(false);
    expect(set.code).toBe('R');
    expect(rejected.summary.transactionSetsRejected).toBe(1);
    expect(set.reasons[0]).toMatch(
      /^CLM at segment \d+ \(claim .+\): .+ — CLM05-1 \(element 5, component 1\)$/,
    );
  });
});
