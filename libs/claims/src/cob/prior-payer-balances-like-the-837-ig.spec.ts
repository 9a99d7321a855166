import type { ClaimAdjudicated, CoverageSnapshot } from '@revcycle/contracts';
import { balanceForSecondary, priorPayerAdjudication, priorPayerProblems } from './prior-payer';

const coverage: CoverageSnapshot = {
  id: 'c1',
  payer: { id: 'p1', name: 'Primary', payerId: 'PRIM01' },
  memberId: 'M1',
  relationship: 'self',
  subscriber: { firstName: 'A', lastName: 'B', dateOfBirth: '1980-01-01', sex: 'F' },
};
const primary = {
  id: 'claim-1',
  patientControlNumber: 'RC1',
  totalChargeCents: 17500,
  serviceLines: [
    { lineNumber: 1, chargeCents: 15000, procedureCode: '99213' },
    { lineNumber: 2, chargeCents: 2500, procedureCode: '36415' },
  ],
};
const event = (over: Partial<ClaimAdjudicated> = {}): ClaimAdjudicated => ({
  claimId: 'claim-1',
  patientControlNumber: 'RC1',
  payerId: 'p1',
  remittanceId: 'r1',
  outcome: 'paid',
  claimStatusCode: '1',
  paidCents: 9000,
  adjustmentCents: 4000,
  patientResponsibilityCents: 4500,
  paymentDate: '2026-10-02',
  adjustments: [{ group: 'OA', reason: '23', amountCents: 500 }],
  lines: [
    {
      lineItemControlNumber: 'RC1-1',
      procedureCode: '99213',
      chargeCents: 15000,
      paidCents: 8000,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 3000 },
        { group: 'PR', reason: '2', amountCents: 4000 },
      ],
    },
    {
      lineNumber: 2,
      procedureCode: '36415',
      chargeCents: 2500,
      paidCents: 1500,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: 500 },
        { group: 'PR', reason: '3', amountCents: 500 },
      ],
    },
  ],
  ...over,
});

describe('the prior payer adjudication of a secondary claim balances like the 837 IG asks', () => {
  it('AMT*D = Σ SVD02 − Σ 2320 CAS; CLM02 = AMT*D + Σ CAS; EAF = Σ PR', () => {
    const { prior, problems } = priorPayerAdjudication(primary, coverage, event());
    expect(problems).toEqual([]);
    expect(priorPayerProblems(primary, prior)).toEqual([]);
    expect(prior).toMatchObject({
      paidCents: 9000,
      remainingPatientLiabilityCents: 4500,
      adjudicationDate: '2026-10-02',
    });
    expect(prior.lines.map((l) => [l.lineNumber, l.paidCents])).toEqual([
      [1, 8000],
      [2, 1500],
    ]);
  });

  it('names a line that does not balance, a line missing, a line not ours, and a claim paid amount that disagrees', () => {
    const e = event();
    e.lines![0]!.paidCents = 7000;
    const { prior, problems } = priorPayerAdjudication(primary, coverage, e);
    expect(problems).toEqual([expect.stringMatching(/come to 80.00, not the 90.00/)]);
    expect(priorPayerProblems(primary, prior)).toEqual([
      expect.stringMatching(
        /^line 1: the primary paid 70.00 and adjusted 70.00, which is not the line charge 150.00/,
      ),
      expect.stringMatching(/not the claim charge 175.00/),
    ]);
    const short = priorPayerAdjudication(primary, coverage, event({ lines: event().lines!.slice(0, 1) }));
    expect(priorPayerProblems(primary, short.prior)).toContainEqual(
      expect.stringMatching(/adjudicated 1 of the claim's 2 lines/),
    );
    const foreign = event();
    foreign.lines![1]!.lineNumber = 9;
    expect(priorPayerAdjudication(primary, coverage, foreign).problems[0]).toMatch(/not on claim RC1/);
  });

  it('checks the amounts against the charges as they stand after a correction', () => {
    const { prior } = priorPayerAdjudication(primary, coverage, event());
    const corrected = {
      ...primary,
      serviceLines: [{ ...primary.serviceLines[0]!, chargeCents: 16000 }, primary.serviceLines[1]!],
      totalChargeCents: 18500,
    };
    expect(priorPayerProblems(corrected, prior)).toEqual([
      expect.stringMatching(/^line 1: .* not the line charge 160.00/),
      expect.stringMatching(/not the claim charge 185.00/),
    ]);
  });

  it('bills the secondary for what is left after payment and contractual (CO) adjustments', () => {
    expect(balanceForSecondary(17500, event())).toBe(17500 - 9000 - 3500);
    expect(
      balanceForSecondary(
        17500,
        event({
          paidCents: 14000,
          lines: [],
          adjustments: [{ group: 'CO', reason: '45', amountCents: 3500 }],
        }),
      ),
    ).toBe(0);
  });
});
