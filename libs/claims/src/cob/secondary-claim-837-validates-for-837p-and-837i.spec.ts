import { parse837, validateX12 } from '@revcycle/x12';
import { ClaimFileWriter } from '../submission/claim-file/claim-file-writer';
import { storedClaim, writerOptions } from '../submission/claim-file/sample-stored-claims';
import type { ClaimToSubmit } from '../submission/claim-file/claim-837-mapping';
import { priorPayerAdjudication } from './prior-payer';

const SECONDARY = {
  id: 'cov-2',
  payer: { id: 'payer-second', name: 'SECOND CHANCE INSURANCE', payerId: '99999' },
  memberId: 'SEC00000001',
  relationship: 'self' as const,
  subscriber: { firstName: 'ALEX', lastName: 'TESTPATIENT2', dateOfBirth: '1980-02-14', sex: 'F' as const },
};

/** A stored secondary claim of stored claim 2 (three lines) after its primary paid 60% with CO-45 and PR-2. */
function secondaryOf(kind: ClaimToSubmit['claimType']): ClaimToSubmit {
  const primary = storedClaim(2, kind);
  const lines = primary.serviceLines.map((l) => {
    const paid = Math.round(l.chargeCents * 0.6);
    const co = Math.round(l.chargeCents * 0.25);
    return {
      lineNumber: l.lineNumber,
      procedureCode: l.procedureCode,
      chargeCents: l.chargeCents,
      paidCents: paid,
      units: l.units,
      adjustments: [
        { group: 'CO', reason: '45', amountCents: co },
        { group: 'PR', reason: '2', amountCents: l.chargeCents - paid - co },
      ],
    };
  });
  const { prior, problems } = priorPayerAdjudication(
    { id: 'claim-2', ...primary },
    primary.parties.coverage,
    {
      claimId: 'claim-2',
      patientControlNumber: primary.patientControlNumber,
      payerId: 'payer-acme',
      remittanceId: 'r1',
      outcome: 'partially_paid',
      claimStatusCode: '1',
      payerClaimControlNumber: 'ACME-CCN-2',
      paidCents: lines.reduce((s, l) => s + l.paidCents, 0),
      adjustmentCents: 0,
      patientResponsibilityCents: 0,
      paymentDate: '2026-12-01',
      lines,
    },
  );
  expect(problems).toEqual([]);
  return {
    ...primary,
    patientControlNumber: 'PCN0000099',
    parties: { ...primary.parties, coverage: SECONDARY },
    payerResponsibility: 'S',
    priorPayer: prior,
  };
}

describe.each(['professional', 'institutional'] as const)('a secondary %s claim in an 837', (kind) => {
  it('validates clean with balanced 2320/2430 loops', () => {
    const writer = new ClaimFileWriter(writerOptions(kind));
    const claim = secondaryOf(kind);
    const text = writer.header() + writer.transaction([claim]).text + writer.trailer();
    expect(validateX12(text).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [c] = parse837(text).file.transactions[0]!.claims;
    expect(c!.subscriber.payerResponsibility).toBe('S');
    const other = c!.otherSubscribers![0]!;
    expect(other).toMatchObject({ payerResponsibility: 'P', relationship: '18', payer: { id: '87726' } });
    const lineCas = c!.serviceLines.flatMap((l) => l.adjudications![0]!.adjustments ?? []);
    expect(other.payerPaidCents! + lineCas.reduce((s, a) => s + a.amountCents, 0)).toBe(c!.totalChargeCents);
    for (const l of c!.serviceLines) {
      const [svd] = l.adjudications!;
      expect(svd!.paidCents + (svd!.adjustments ?? []).reduce((s, a) => s + a.amountCents, 0)).toBe(
        l.chargeCents,
      );
      if (kind === 'institutional') expect(svd!.revenueCode).toBe(l.revenueCode);
    }
  });

  it('a primary claim names the known secondary payer in 2320 without amounts', () => {
    const writer = new ClaimFileWriter(writerOptions(kind));
    const primary = storedClaim(3, kind);
    primary.parties = { ...primary.parties, secondaryCoverage: SECONDARY };
    const text = writer.header() + writer.transaction([primary]).text + writer.trailer();
    expect(validateX12(text).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [c] = parse837(text).file.transactions[0]!.claims;
    expect(c!.subscriber.payerResponsibility).toBe('P');
    expect(c!.otherSubscribers).toEqual([
      expect.objectContaining({ payerResponsibility: 'S', payer: expect.objectContaining({ id: '99999' }) }),
    ]);
    expect(c!.serviceLines.every((l) => !l.adjudications)).toBe(true);
  });
});
