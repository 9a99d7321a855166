import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCarc, loadRarc } from '@revcycle/codesets';
import type { RemittanceFile } from '@revcycle/x12';
import { parse277ca, parse835, parse999, validateX12, write837 } from '@revcycle/x12';
import { adjudicateClaimFile, Unreadable837Error } from './adjudicate-claim-file';
import { CLAIM_DENIALS, LINE_DENIALS } from './remittance-codes';
import { syntheticClaimFile } from './synthetic-claim-file';

const AT = new Date('2024-03-01T12:00:00Z');
const claimFile837 = write837(syntheticClaimFile(400), { at: AT });

function remittance(text: string): RemittanceFile {
  const parsed = parse835(text);
  expect(parsed.issues).toEqual([]);
  expect(parsed.balancing).toEqual([]);
  return parsed.file;
}

describe('payer simulator: 837 in, 999 / 277CA / 835 out', () => {
  const result = adjudicateClaimFile(claimFile837, { seed: 42 });
  const remit = remittance(result.files['835']!);
  const claims = remit.transactions.flatMap((t) => t.claims);

  it('starts from an 837 our validator passes', () => {
    expect(validateX12(claimFile837).issues).toEqual([]);
  });

  it('same seed, same files byte for byte; another seed, another adjudication', () => {
    const again = adjudicateClaimFile(claimFile837, { seed: 42 });
    expect(again.files).toEqual(result.files);
    const other = adjudicateClaimFile(claimFile837, { seed: 43 });
    expect(other.files['835']).not.toEqual(result.files['835']);
  });

  it('writes a 999, 277CA and 835 that validate clean and read without issues', () => {
    for (const text of Object.values(result.files)) expect(validateX12(text!).issues).toEqual([]);
    // CAS reason and LQ remark codes all from the packaged CARC/RARC lists (835 IG code sources 139, 411).
    const lists = { adjustmentReasons: new Set(loadCarc().keys()), remarkCodes: new Set(loadRarc().keys()) };
    expect(validateX12(result.files['835']!, lists).issues).toEqual([]);
    expect(parse999(result.files['999']).issues).toEqual([]);
    expect(parse277ca(result.files['277ca']!).issues).toEqual([]);
    expect(parse835(result.files['835']!).summary.balanced).toBe(true);
  });

  it('over 400 claims: paid, partially paid, denied, 277CA-rejected and one reversal', () => {
    const s = result.summary;
    expect(s.claims).toBe(400);
    expect(s.paid + s.partiallyPaid + s.denied + s.rejected).toBe(400);
    for (const n of [s.paid, s.partiallyPaid, s.denied, s.rejected]) expect(n).toBeGreaterThan(0);
    expect(s.paid).toBeGreaterThan(s.denied + s.partiallyPaid + s.rejected);
    expect(s.reversed).toBe(1);
    expect(s.totalPaidCents).toBe(remit.transactions.reduce((t, r) => t + r.payment.totalPaidCents, 0));
    expect(s.totalChargeCents).toBe(result.claims.reduce((t, c) => t + c.chargeCents, 0));
  });

  it('277CA: rejected claims carry a rejection status and never reach the 835; accepted ones carry REF*1K = CLP07', () => {
    const acks = parse277ca(result.files['277ca']!).reports.flatMap((r) => r.claims);
    expect(acks).toHaveLength(400);
    const inRemit = new Set(claims.map((c) => c.claimId));
    for (const a of acks) {
      if (a.accepted) {
        expect(a.statuses[0]).toMatchObject({ category: 'A2', code: '20', action: 'WQ' });
        expect(claims.find((c) => c.claimId === a.claimId)?.payerClaimControlNumber).toBe(
          a.payerClaimControlNumber,
        );
      } else {
        expect(a.statuses[0]).toMatchObject({ category: expect.stringMatching(/^A[37]$/), action: 'U' });
        expect(inRemit.has(a.claimId)).toBe(false);
      }
    }
    expect(acks.filter((a) => !a.accepted)).toHaveLength(result.summary.rejected);
  });

  it('paid claims: allowed = charge − CO-45, patient share split into PR-1/2/3, CLP05 = Σ PR', () => {
    const paid = claims.filter((c) => c.status === '1');
    const reasons = new Set<string>();
    for (const c of paid) {
      let patient = 0;
      for (const l of c.serviceLines) {
        for (const a of l.adjustments) {
          reasons.add(`${a.group}-${a.reason}`);
          if (a.group === 'PR') patient += a.amountCents;
        }
        const allowed = l.amounts?.find((a) => a.qualifier === 'B6')?.cents;
        const co45 = l.adjustments.find((a) => a.group === 'CO' && a.reason === '45')?.amountCents ?? 0;
        if (allowed !== undefined) expect(l.chargeCents - co45).toBe(allowed);
      }
      expect(c.patientResponsibilityCents).toBe(patient);
    }
    for (const r of ['CO-45', 'PR-1', 'PR-2', 'PR-3']) expect(reasons).toContain(r);
  });

  it('denials: CLP02 4, nothing paid, a real CARC (with its RARC) on every line', () => {
    const carc = loadCarc();
    const rarc = loadRarc();
    const denied = claims.filter((c) => c.status === '4');
    expect(denied.length).toBe(result.summary.denied);
    for (const c of denied) {
      expect(c.paidCents).toBe(0);
      for (const l of c.serviceLines) {
        const [a] = l.adjustments;
        const reason = CLAIM_DENIALS.find((d) => d.carc === a.reason && d.group === a.group);
        expect(reason).toBeDefined();
        expect(l.remarks?.map((r) => r.code)).toEqual(reason?.rarc ? [reason.rarc] : undefined);
      }
    }
    for (const d of [...CLAIM_DENIALS, ...LINE_DENIALS]) {
      expect(carc.has(d.carc)).toBe(true);
      if (d.rarc) expect(rarc.has(d.rarc)).toBe(true);
    }
  });

  it('the reversal: CLP02 22 with every amount negated and the same CLP07, then the corrected payment citing it (REF*F8)', () => {
    const reversal = claims.find((c) => c.status === '22')!;
    const i = claims.indexOf(reversal);
    const original = claims.find((c) => c.claimId === reversal.claimId && c.status === '1')!;
    const corrected = claims[i + 1];
    expect(reversal.payerClaimControlNumber).toBe(original.payerClaimControlNumber);
    expect([reversal.chargeCents, reversal.paidCents]).toEqual([-original.chargeCents, -original.paidCents]);
    expect(reversal.serviceLines.map((l) => l.paidCents)).toEqual(
      original.serviceLines.map((l) => -l.paidCents),
    );
    expect(corrected.claimId).toBe(reversal.claimId);
    expect(corrected.status).toBe('1');
    expect(corrected.payerClaimControlNumber).not.toBe(original.payerClaimControlNumber);
    expect(corrected.references).toEqual([{ qualifier: 'F8', value: original.payerClaimControlNumber }]);
    expect(corrected.paidCents).toBeGreaterThan(original.paidCents);
    // The reversal arrives in a later remittance than the payment it takes back.
    const later = remit.transactions.find((t) => t.claims.includes(reversal))!;
    const earlier = remit.transactions.find((t) => t.claims.includes(original))!;
    expect(later.payment.date! > earlier.payment.date!).toBe(true);
  });

  it('now and then a PLB: interest (L6, adds to the payment) or a forward balance (FB)', () => {
    const reasons = new Map<string, number[]>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = remittance(adjudicateClaimFile(claimFile837, { seed }).files['835']!);
      for (const t of r.transactions)
        for (const p of t.providerAdjustments)
          for (const a of p.adjustments)
            reasons.set(a.reasonCode, [...(reasons.get(a.reasonCode) ?? []), a.amountCents]);
    }
    expect(reasons.get('L6')?.every((c) => c < 0)).toBe(true);
    expect(reasons.get('FB')?.length).toBeGreaterThan(0);
  });

  it('dates come from the 837 (BHT04) or the given adjudication date: payments 14 days later', () => {
    expect(remit.transactions[0].payment.date).toBe('2024-03-15');
    const dated = remittance(
      adjudicateClaimFile(claimFile837, { seed: 42, date: '2024-04-01' }).files['835']!,
    );
    expect(dated.transactions[0].payment.date).toBe('2024-04-15');
  });

  it('pays at the fee schedule: a listed code at its allowed amount per unit, others at the default percentage', () => {
    const r = remittance(
      adjudicateClaimFile(claimFile837, {
        seed: 42,
        feeSchedule: { defaultAllowedPercent: 50, allowed: { '99213': 9500 } },
      }).files['835']!,
    );
    // Left out: the reversed payment (made on an outdated rate) and lines denied on a partially paid claim.
    const all = r.transactions.flatMap((t) => t.claims);
    const reversed = new Set(all.filter((c) => c.status === '22').map((c) => c.payerClaimControlNumber));
    const lines = all
      .filter((c) => c.status === '1' && !reversed.has(c.payerClaimControlNumber))
      .flatMap((c) => c.serviceLines)
      .filter((l) => !l.remarks);
    const allowed = (code: string) =>
      lines
        .filter((l) => l.procedure.code === code)
        .map((l) => l.amounts?.find((a) => a.qualifier === 'B6')?.cents);
    expect(new Set(allowed('99213'))).toEqual(new Set([9500]));
    const visit = lines.find((l) => l.procedure.code === '99214')!;
    expect(visit.amounts).toEqual([{ qualifier: 'B6', cents: visit.chargeCents / 2 }]);
  });
});

describe('payer simulator on an 837 it cannot accept', () => {
  it('an 837 our validator rejects: a 999 with IK3/IK4 and IK5*R, no 277CA or 835', () => {
    const file = syntheticClaimFile(3);
    file.transactions[0].claims[0].facilityCode = '1X';
    const result = adjudicateClaimFile(write837(file, { at: AT }), { seed: 1 });
    expect(Object.keys(result.files)).toEqual(['999']);
    const tx = parse999(result.files['999']).acknowledgments[0].groups[0].transactions[0];
    expect(tx.status).toBe('R');
    expect(tx.segmentErrors[0]).toMatchObject({
      segmentId: 'CLM',
      elementErrors: [expect.objectContaining({ position: 5 })],
    });
    expect(result.summary).toMatchObject({
      claims: 3,
      rejected: 3,
      transactionSetsRejected: 1,
      totalPaidCents: 0,
    });
    expect(validateX12(result.files['999']).issues).toEqual([]);
  });

  it('a file that is no 837 at all: Unreadable837Error naming the segment and byte', () => {
    expect(() => adjudicateClaimFile('GS*HC*X~', { seed: 1 })).toThrow(Unreadable837Error);
    expect(() => adjudicateClaimFile('GS*HC*X~')).toThrow(/ISA_EXPECTED.*byte 0/);
  });
});

describe('payer simulator over many seeds and real-world 837s', () => {
  const small = write837(syntheticClaimFile(60), { at: AT });

  it.each(Array.from({ length: 20 }, (_, i) => i + 100))(
    'seed %i: every file validates clean, the 835 balances, the correction pays more',
    (seed) => {
      const r = adjudicateClaimFile(small, { seed });
      for (const text of Object.values(r.files)) expect(validateX12(text!).issues).toEqual([]);
      const claims = remittance(r.files['835']!).transactions.flatMap((t) => t.claims);
      const reversal = claims.find((c) => c.status === '22');
      if (reversal) {
        const corrected = claims[claims.indexOf(reversal) + 1];
        expect(corrected.paidCents).toBeGreaterThan(-reversal.paidCents);
      }
    },
  );

  const corpus = ['837p', '837i'].flatMap((kind) => {
    const dir = path.join(__dirname, '..', '..', 'x12', 'fixtures', kind);
    return fs.readdirSync(dir).map((f) => path.join(kind, f));
  });

  it.each(corpus)('%s (vendored corpus): what it writes validates clean', (file) => {
    const input = fs.readFileSync(path.join(__dirname, '..', '..', 'x12', 'fixtures', file));
    const r = adjudicateClaimFile(input, { seed: 1 });
    for (const text of Object.values(r.files)) expect(validateX12(text!).issues).toEqual([]);
    if (r.files['835']) remittance(r.files['835']);
    const clean = validateX12(input).errors === 0;
    expect(r.summary.transactionSetsRejected > 0).toBe(!clean);
  });
});
