import type { ClaimPayment, ServicePayment } from '@revcycle/x12';
import {
  NO_POSTINGS,
  addPosting,
  adjudicationOutcome,
  balanceCents,
  beyondCharge,
  claimCasTotals,
  unknownGroups,
} from './claim-posting';

const line = (over: Partial<ServicePayment>): ServicePayment => ({
  procedure: { qualifier: 'HC', code: '99213' },
  chargeCents: 10000,
  paidCents: 0,
  adjustments: [],
  ...over,
});
const clp = (over: Partial<ClaimPayment>): ClaimPayment => ({
  claimId: 'RC0000000001',
  status: '1',
  chargeCents: 20000,
  paidCents: 0,
  adjustments: [],
  serviceLines: [],
  ...over,
});

// Line 1: charge 100.00, CO-45 20.00, PR-1 30.00, PR-2 10.00 → paid 40.00.
// Line 2: charge 100.00, CO-45 10.00, PR-3 25.00 → paid 65.00.
const paidClaim = clp({
  paidCents: 10500,
  serviceLines: [
    line({
      paidCents: 4000,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 2000 },
        { group: 'PR', reason: '1', amountCents: 3000 },
        { group: 'PR', reason: '2', amountCents: 1000 },
      ],
    }),
    line({
      paidCents: 6500,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 1000 },
        { group: 'PR', reason: '3', amountCents: 2500 },
      ],
    }),
  ],
});

describe('posting math', () => {
  it('keeps deductible, coinsurance and copay apart inside patient responsibility; CO/OA/PI are adjustments', () => {
    expect(claimCasTotals(paidClaim)).toEqual({
      adjustmentCents: 3000,
      patientResponsibilityCents: 6500,
      deductibleCents: 3000,
      coinsuranceCents: 1000,
      copayCents: 2500,
    });
    const after = addPosting(NO_POSTINGS, paidClaim.paidCents, claimCasTotals(paidClaim));
    // charge − paid − adjustments − PR
    expect(balanceCents(20000, after)).toBe(20000 - 10500 - 3000 - 6500);
  });

  it('paid, partially paid (a line allowed nothing), denied (CLP02 4 or nothing allowed), reversed', () => {
    expect(adjudicationOutcome(paidClaim)).toBe('paid');
    const lineDenied = clp({
      paidCents: 8000,
      serviceLines: [
        line({ paidCents: 8000, adjustments: [{ group: 'CO', reason: '45', amountCents: 2000 }] }),
        line({ paidCents: 0, adjustments: [{ group: 'CO', reason: '97', amountCents: 10000 }] }),
      ],
    });
    expect(adjudicationOutcome(lineDenied)).toBe('partially_paid');
    expect(adjudicationOutcome(clp({ status: '4' }))).toBe('denied');
    expect(
      adjudicationOutcome(clp({ adjustments: [{ group: 'CO', reason: '29', amountCents: 20000 }] })),
    ).toBe('denied');
    // all allowed went to the deductible: allowed, the patient owes it — not a denial
    const allDeductible = clp({
      serviceLines: [line({ adjustments: [{ group: 'PR', reason: '1', amountCents: 10000 }] })],
    });
    expect(adjudicationOutcome(allDeductible)).toBe('paid');
    expect(adjudicationOutcome(clp({ status: '22', paidCents: -10500 }))).toBe('reversed');
  });

  it("a secondary's 835 (CLP02 2): a line the primary settled in full (only OA-23) is no denial", () => {
    const prior = (amountCents: number) => ({ group: 'OA', reason: '23', amountCents });
    const secondary = clp({
      status: '2',
      paidCents: 1500,
      serviceLines: [
        line({ paidCents: 1500, adjustments: [prior(8000), { group: 'PR', reason: '3', amountCents: 500 }] }),
        line({ paidCents: 0, adjustments: [prior(10000)] }),
      ],
    });
    expect(adjudicationOutcome(secondary)).toBe('paid');
    // the primary settled every line: nothing for the secondary, and nothing denied
    const nothingLeft = clp({ status: '2', serviceLines: [line({ adjustments: [prior(10000)] })] });
    expect(adjudicationOutcome(nothingLeft)).toBe('paid');
    // what the primary left, denied by the secondary, is a denial
    const deniedRest = clp({
      status: '2',
      paidCents: 1500,
      serviceLines: [
        line({ paidCents: 1500, adjustments: [prior(8500)] }),
        line({ adjustments: [prior(8000), { group: 'CO', reason: '204', amountCents: 2000 }] }),
      ],
    });
    expect(adjudicationOutcome(deniedRest)).toBe('partially_paid');
    expect(
      adjudicationOutcome(
        clp({
          status: '2',
          serviceLines: [
            line({ adjustments: [prior(8000), { group: 'CO', reason: '204', amountCents: 2000 }] }),
          ],
        }),
      ),
    ).toBe('denied');
  });

  it('a reversal nets the claim back to its charge; the same CLP again without one is beyond the charge', () => {
    const once = addPosting(NO_POSTINGS, paidClaim.paidCents, claimCasTotals(paidClaim));
    expect(beyondCharge(paidClaim, 20000, once)).toBeUndefined();
    const twice = addPosting(once, paidClaim.paidCents, claimCasTotals(paidClaim));
    expect(beyondCharge(paidClaim, 20000, twice)?.message).toMatch(/more than the 200.00 billed/);
    const negate = (n: number) => -n;
    const reversal = clp({
      status: '22',
      chargeCents: -20000,
      paidCents: -10500,
      serviceLines: paidClaim.serviceLines.map((l) => ({
        ...l,
        chargeCents: negate(l.chargeCents),
        paidCents: negate(l.paidCents),
        adjustments: l.adjustments.map((a) => ({ ...a, amountCents: negate(a.amountCents) })),
      })),
    });
    const reversed = addPosting(once, reversal.paidCents, claimCasTotals(reversal));
    expect(reversed).toEqual(NO_POSTINGS);
    expect(balanceCents(20000, reversed)).toBe(20000);
    expect(beyondCharge(reversal, 20000, reversed)).toBeUndefined();
  });

  it('refuses a CLP charge above ours and CAS groups that are no code', () => {
    expect(beyondCharge(clp({ chargeCents: 20001 }), 20000, NO_POSTINGS)).toEqual({
      element: 'CLP03',
      message: expect.stringMatching(/CLP03 charge 200.01/),
    });
    expect(unknownGroups(clp({ adjustments: [{ group: 'XX', reason: '45', amountCents: 1 }] }))).toEqual([
      'XX',
    ]);
    expect(unknownGroups(paidClaim)).toEqual([]);
  });
});
