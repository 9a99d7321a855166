import type { Claim, ClaimFile, ClaimPayment, Party, RemittanceFile } from '@revcycle/x12';

/** The synthetic secondary plan the claims of `secondaryClaimFile` are billed to. */
export const SECOND_PLAN: Party = {
  entityType: 'organization',
  name: 'SECOND CHANCE INSURANCE',
  idQualifier: 'PI',
  id: '99999',
};

const sum = (xs: ReadonlyArray<{ amountCents: number }>) => xs.reduce((s, a) => s + a.amountCents, 0);

/**
 * What a provider bills the secondary payer after the primary's 835 (837 IG 1.4.1 coordination of
 * benefits): each claim of `primary` the 835 paid as primary (CLP02 1, not later reversed), with the
 * same lines, 2000B SBR01 S and the secondary payer, and the primary in 2320 (SBR01 P, AMT*D paid,
 * AMT*EAF remaining patient liability), 2330A/2330B (REF*F8 = CLP07) and 2430 per line (SVD02
 * paid, CAS as the 835 adjusted the line, DTP*573 the payment date). Claim ids get `suffix`. For
 * tests and the simulator's own specs: the platform builds its secondary claims in claims' COB.
 */
export function secondaryClaimFile(
  primary: ClaimFile,
  remittance: RemittanceFile,
  options: { payer?: Party; suffix?: string } = {},
): ClaimFile {
  const payer = options.payer ?? SECOND_PLAN;
  const reversed = new Set(
    remittance.transactions
      .flatMap((t) => t.claims)
      .filter((c) => c.status === '22')
      .map((c) => c.claimId),
  );
  const paid = new Map<string, { payment: ClaimPayment; date: string }>();
  for (const t of remittance.transactions)
    for (const c of t.claims)
      if (c.status === '1' && !reversed.has(c.claimId))
        paid.set(c.claimId, { payment: c, date: t.payment.date ?? '' });
  return {
    ...primary,
    transactions: primary.transactions
      .map((t) => ({
        ...t,
        claims: t.claims.flatMap((c) => {
          const p = paid.get(c.claimId);
          return p && p.payment.serviceLines.length === c.serviceLines.length
            ? [secondaryOf(c, p.payment, p.date, payer, options.suffix ?? 'S')]
            : [];
        }),
      }))
      .filter((t) => t.claims.length > 0),
  };
}

function secondaryOf(
  claim: Claim,
  p: ClaimPayment,
  paymentDate: string,
  payer: Party,
  suffix: string,
): Claim {
  const primaryPayer = claim.subscriber.payer;
  const pr = (xs: ClaimPayment['adjustments']) => sum(xs.filter((a) => a.group === 'PR'));
  const remaining = pr(p.adjustments) + p.serviceLines.reduce((s, l) => s + pr(l.adjustments), 0);
  return {
    ...claim,
    claimId: `${claim.claimId}${suffix}`.slice(0, 20),
    subscriber: { ...claim.subscriber, payerResponsibility: 'S', payer },
    otherSubscribers: [
      {
        payerResponsibility: 'P',
        relationship: claim.subscriber.relationship ?? (claim.patient ? claim.patient.relationship : '18'),
        groupNumber: claim.subscriber.groupNumber,
        claimFilingIndicator: claim.subscriber.claimFilingIndicator ?? 'CI',
        adjustments: p.adjustments.length ? p.adjustments : undefined,
        payerPaidCents: p.paidCents,
        amounts: remaining > 0 ? [{ qualifier: 'EAF', cents: remaining }] : undefined,
        benefitsAssigned: 'Y',
        releaseOfInformation: 'Y',
        subscriber: { ...claim.subscriber.person, birthDate: undefined, gender: undefined },
        payer: {
          ...primaryPayer,
          references: p.payerClaimControlNumber
            ? [{ qualifier: 'F8', value: p.payerClaimControlNumber }]
            : undefined,
        },
      },
    ],
    serviceLines: claim.serviceLines.map((l, i) => {
      const svc = p.serviceLines[i];
      return {
        ...l,
        adjudications: [
          {
            payerId: primaryPayer.id ?? '',
            paidCents: svc.paidCents,
            procedure: svc.procedure,
            ...(l.revenueCode ? { revenueCode: l.revenueCode } : {}),
            paidUnits: svc.units ?? l.quantity,
            adjustments: svc.adjustments.length ? svc.adjustments : undefined,
            adjudicationDate: paymentDate,
          },
        ],
      };
    }),
  };
}
