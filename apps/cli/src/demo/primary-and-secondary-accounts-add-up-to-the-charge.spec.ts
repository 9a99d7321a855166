import { coordinatedBenefits } from './post-remittances';

const cas = (group: string, reason: string, amountCents: number) => ({ group, reason, amountCents });

/** Charge 200.00: the primary paid 120.00, CO-45 40.00, PR-2 40.00; the secondary took over 160.00 (OA-23) and paid 30.00, PR-3 10.00. */
const primary = {
  chargeCents: 20000,
  paidCents: 12000,
  patientResponsibilityCents: 4000,
  postings: [{ adjustments: [], lines: [{ adjustments: [cas('CO', '45', 4000), cas('PR', '2', 4000)] }] }],
};
const secondary = {
  chargeCents: 20000,
  paidCents: 3000,
  adjustmentCents: 16000,
  patientResponsibilityCents: 1000,
  balanceCents: 0,
  postings: [{ adjustments: [], lines: [{ adjustments: [cas('OA', '23', 16000), cas('PR', '3', 1000)] }] }],
};

describe("the demo's check across a primary and its secondary", () => {
  it('charge = primary paid + CO + secondary paid + its other adjustments + PR + balance', () => {
    expect(coordinatedBenefits(primary, secondary)).toBeUndefined();
  });

  it('names what does not add up: an OA-23 that is not what the primary paid and wrote off', () => {
    // 150.00 taken over instead of 160.00, and 10.00 left open: the encounter's money is 10.00 over.
    const wrong = {
      ...secondary,
      adjustmentCents: 15000,
      balanceCents: 1000,
      postings: [
        { adjustments: [], lines: [{ adjustments: [cas('OA', '23', 15000), cas('PR', '3', 1000)] }] },
      ],
    };
    expect(coordinatedBenefits(primary, wrong)).toMatch(/= \$210\.00, not the charge \$200\.00/);
  });
});
