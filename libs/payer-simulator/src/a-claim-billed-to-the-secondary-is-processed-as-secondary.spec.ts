import { loadCarc, loadRarc } from '@revcycle/codesets';
import type { Claim, ClaimFile, ClaimPayment } from '@revcycle/x12';
import { parse277ca, parse835, parse837, validateX12, write837 } from '@revcycle/x12';
import { adjudicateClaimFile } from './adjudicate-claim-file';
import { priorPaymentOf } from './claim-decision';
import { MISSING_PRIOR_PAYER } from './remittance-codes';
import { syntheticClaimFile } from './synthetic-claim-file';
import { SECOND_PLAN, secondaryClaimFile } from './synthetic-secondary-claims';

const BILLED = new Date('2024-03-01T12:00:00Z');
const BILLED_TO_SECONDARY = new Date('2024-03-20T12:00:00Z');
const lists = { adjustmentReasons: new Set(loadCarc().keys()), remarkCodes: new Set(loadRarc().keys()) };
const sum = (xs: ReadonlyArray<{ group?: string; amountCents: number }> | undefined, group?: string) =>
  (xs ?? []).filter((a) => !group || a.group === group).reduce((s, a) => s + a.amountCents, 0);

/** The primary's 835 for a synthetic 837, and the 837 the provider then bills the secondary. */
function billedToSecondary(n: number, seed: number): { model: ClaimFile; text: string } {
  const primaryModel = syntheticClaimFile(n);
  const primary = adjudicateClaimFile(write837(primaryModel, { at: BILLED }), { seed });
  const model = secondaryClaimFile(primaryModel, parse835(primary.files['835']!).file);
  return { model, text: write837(model, { at: BILLED_TO_SECONDARY }) };
}

function payments(text: string): ClaimPayment[] {
  const parsed = parse835(text);
  expect(parsed.issues).toEqual([]);
  expect(parsed.balancing).toEqual([]);
  return parsed.file.transactions.flatMap((t) => t.claims);
}

describe('payer simulator: a claim billed to it as secondary (837 SBR01 S, 2320 AMT*D) is processed as secondary', () => {
  const { model, text } = billedToSecondary(120, 11);
  const claims = parse837(text).file.transactions.flatMap((t) => t.claims);
  const result = adjudicateClaimFile(text, { seed: 11 });
  const paid = payments(result.files['835']!);

  it('starts from a secondary 837 our validator passes (2320/2330A/2330B/2430 balanced)', () => {
    expect(validateX12(text).issues).toEqual([]);
    expect(claims.length).toBeGreaterThan(50);
    for (const c of claims) {
      expect(c.subscriber).toMatchObject({ payerResponsibility: 'S', payer: { id: SECOND_PLAN.id } });
      expect(c.otherSubscribers?.[0]).toMatchObject({ payerResponsibility: 'P', payer: { id: '87726' } });
    }
  });

  it('writes a 999, 277CA and 835 that validate clean with the CARC/RARC lists; the 835 balances', () => {
    for (const t of Object.values(result.files)) expect(validateX12(t!, lists).issues).toEqual([]);
    expect(parse835(result.files['835']!).summary.balanced).toBe(true);
    expect(parse277ca(result.files['277ca']!).issues).toEqual([]);
  });

  it('answers CLP02 2 for every claim it pays, 4 for the ones it denies; its summary counts them', () => {
    expect(new Set(paid.map((p) => p.status))).toEqual(new Set(['2', '4']));
    const s = result.summary;
    expect(s.secondary).toBe(paid.filter((p) => p.status === '2').length);
    expect(s.secondary).toBeGreaterThan(s.denied);
    expect(s.reversed).toBe(0);
    for (const c of result.claims.filter((x) => x.outcome !== 'rejected'))
      expect(c.priorPayerPaidCents).toBe(
        claims.find((x) => x.claimId === c.claimId)!.otherSubscribers![0].payerPaidCents,
      );
  });

  it('each line: OA-23 for what the primary paid and wrote off, then pays (part of) what the primary left, less its own PR', () => {
    const reasons = new Set<string>();
    let paidSomething = 0;
    let patientOwesNothing = 0;
    for (const p of paid.filter((x) => x.status === '2')) {
      const claim = claims.find((c) => c.claimId === p.claimId)!;
      const prior = priorPaymentOf(claim)!;
      p.serviceLines.forEach((l, i) => {
        const billed = claim.serviceLines[i];
        const svd = billed.adjudications![0];
        const priorImpact = svd.paidCents + sum(svd.adjustments, 'CO');
        expect(prior.lines[i]).toEqual({
          paidCents: svd.paidCents,
          contractualCents: sum(svd.adjustments, 'CO'),
        });
        expect(l.chargeCents).toBe(billed.chargeCents);
        const oa23 = l.adjustments.filter((a) => a.group === 'OA' && a.reason === '23');
        expect(sum(oa23)).toBe(priorImpact);
        // What the primary left: its PR (and other adjustments) on the line.
        const left = billed.chargeCents - priorImpact;
        expect(l.paidCents).toBeLessThanOrEqual(left);
        expect(l.paidCents + sum(l.adjustments) - sum(oa23)).toBe(left);
        // Never more than its own allowed amount (80 % of the charge) less what the primary paid.
        expect(l.paidCents).toBeLessThanOrEqual(
          Math.max(0, Math.round(billed.chargeCents * 0.8) - svd.paidCents),
        );
        for (const a of l.adjustments) reasons.add(`${a.group}-${a.reason}`);
        if (l.paidCents > 0) paidSomething++;
      });
      // The patient's share as the secondary assigns it: CLP05 = Σ PR, all within what the primary left him.
      expect(p.patientResponsibilityCents).toBe(
        p.serviceLines.reduce((s, l) => s + sum(l.adjustments, 'PR'), 0),
      );
      const eaf = claim.otherSubscribers![0].amounts?.find((a) => a.qualifier === 'EAF')?.cents ?? 0;
      expect(p.paidCents + (p.patientResponsibilityCents ?? 0)).toBeLessThanOrEqual(eaf);
      // A supplemental plan often takes over all the primary left the patient.
      if (eaf > 0 && p.paidCents === eaf && p.patientResponsibilityCents === 0) patientOwesNothing++;
      expect(p.serviceLines.some((l) => l.amounts?.some((a) => a.qualifier === 'B6'))).toBe(false);
    }
    expect(paidSomething).toBeGreaterThan(20);
    expect(patientOwesNothing).toBeGreaterThan(10);
    for (const r of ['OA-23', 'PR-1', 'PR-2', 'PR-3']) expect(reasons).toContain(r);
  });

  it('a denial by the secondary adjusts only what the primary left (OA-23 for the rest), with its CARC and RARC', () => {
    const denied = paid.filter((p) => p.status === '4');
    expect(denied.length).toBeGreaterThan(0);
    for (const p of denied) {
      const claim = claims.find((c) => c.claimId === p.claimId)!;
      expect(p.paidCents).toBe(0);
      p.serviceLines.forEach((l, i) => {
        const svd = claim.serviceLines[i].adjudications![0];
        const priorImpact = svd.paidCents + sum(svd.adjustments, 'CO');
        const oa23 = sum(l.adjustments.filter((a) => a.group === 'OA' && a.reason === '23'));
        expect(oa23).toBe(priorImpact);
        expect(sum(l.adjustments) - oa23).toBe(l.chargeCents - priorImpact);
      });
    }
  });

  it('the same seed and 837, the same bytes', () => {
    expect(adjudicateClaimFile(text, { seed: 11 }).files).toEqual(result.files);
    expect(model.transactions.length).toBeGreaterThan(0);
  });
});

describe('payer simulator: coordination of benefits at the edges', () => {
  const { model } = billedToSecondary(12, 5);
  const first = model.transactions[0];
  const only = (claim: Claim): ClaimFile => ({ ...model, transactions: [{ ...first, claims: [claim] }] });
  const adjudicate = (file: ClaimFile, seed = 1) => {
    const text = write837(file, { at: BILLED_TO_SECONDARY });
    expect(validateX12(text).issues).toEqual([]);
    const r = adjudicateClaimFile(text, { seed });
    for (const t of Object.values(r.files)) expect(validateX12(t!, lists).issues).toEqual([]);
    return { r, clp: r.files['835'] ? payments(r.files['835'])[0] : undefined };
  };
  /** The first seed under which the simulator pays the one claim of `file` (as secondary: CLP02 2). */
  const paidAsSecondary = (file: ClaimFile) => {
    for (let seed = 1; seed < 100; seed++) {
      const { r, clp } = adjudicate(file, seed);
      if (r.claims[0].outcome === 'paid') return clp!;
    }
    throw new Error('no seed under 100 pays the claim');
  };
  const claim = first.claims.find((c) => c.serviceLines.length > 1)!;

  it('a prior payer adjudicated at claim level only (2320 AMT*D and CAS, no 2430): its payment spread over the lines', () => {
    const lines = claim.serviceLines.map((l) => ({ ...l, adjudications: undefined }));
    const charge = claim.totalChargeCents;
    const other = {
      ...claim.otherSubscribers![0],
      payerPaidCents: Math.round(charge * 0.5),
      adjustments: [
        { group: 'CO', reason: '45', amountCents: Math.round(charge * 0.2) },
        {
          group: 'PR',
          reason: '2',
          amountCents: charge - Math.round(charge * 0.5) - Math.round(charge * 0.2),
        },
      ],
      amounts: [{ qualifier: 'EAF', cents: charge - Math.round(charge * 0.5) - Math.round(charge * 0.2) }],
      adjudicationDate: '2024-03-15',
    };
    const c = { ...claim, serviceLines: lines, otherSubscribers: [other] };
    const prior = priorPaymentOf(c)!;
    expect(prior.lines.reduce((s, l) => s + l.paidCents, 0)).toBe(other.payerPaidCents);
    expect(prior.lines.reduce((s, l) => s + l.contractualCents, 0)).toBe(Math.round(charge * 0.2));
    const clp = paidAsSecondary(only(c));
    expect(clp.status).toBe('2');
    expect(
      clp.serviceLines.reduce((s, l) => s + sum(l.adjustments.filter((a) => a.reason === '23')), 0),
    ).toBe(Math.round(charge * 0.7));
    expect(clp.chargeCents - clp.paidCents).toBe(
      sum(clp.adjustments) + clp.serviceLines.reduce((s, l) => s + sum(l.adjustments), 0),
    );
  });

  it('billed as secondary without the primary payment (no AMT*D): denied CO-16 / MA04', () => {
    const c = {
      ...claim,
      otherSubscribers: [{ ...claim.otherSubscribers![0], payerPaidCents: undefined, amounts: undefined }],
      serviceLines: claim.serviceLines.map((l) => ({ ...l, adjudications: undefined })),
    };
    expect(priorPaymentOf(c)).toBeUndefined();
    const { r, clp } = adjudicate(only(c));
    if (r.claims[0].outcome === 'rejected') return; // the 277CA turned it back first (4 % of claims)
    expect(clp).toMatchObject({ status: '4', paidCents: 0 });
    for (const l of clp!.serviceLines) {
      expect(l.adjustments).toEqual([
        { group: MISSING_PRIOR_PAYER.group, reason: MISSING_PRIOR_PAYER.carc, amountCents: l.chargeCents },
      ]);
      expect(l.remarks).toEqual([{ qualifier: 'HE', code: 'MA04' }]);
    }
    expect(r.summary.secondary).toBe(0);
  });

  it('a primary claim that names the known secondary payer (2320 SBR01 S, no amounts) is processed as primary', () => {
    const primary = syntheticClaimFile(12);
    const t = primary.transactions[0];
    const c: Claim = {
      ...t.claims[0],
      otherSubscribers: [
        {
          ...claim.otherSubscribers![0],
          payerResponsibility: 'S',
          payerPaidCents: undefined,
          amounts: undefined,
          adjustments: undefined,
          payer: { ...SECOND_PLAN },
        },
      ],
    };
    expect(priorPaymentOf(c)).toBeUndefined();
    const { r, clp } = adjudicate({ ...primary, transactions: [{ ...t, claims: [c] }] });
    expect(r.summary.secondary).toBe(0);
    if (clp) expect(['1', '4']).toContain(clp.status);
  });
});
