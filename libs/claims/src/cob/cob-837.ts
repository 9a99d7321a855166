import type { CoverageSnapshot, Address as SnapshotAddress, Relationship } from '@revcycle/contracts';
import type {
  Address,
  LineAdjudication,
  OtherSubscriber,
  ServiceLine as ServiceLine837,
} from '@revcycle/x12';
import type { PriorPayerAdjudication } from './prior-payer';

/** 837 IG 2320 SBR02: individual relationship code of the patient to the other payer's subscriber (X12 1069). */
const RELATIONSHIP: Record<Relationship, string> = { self: '18', spouse: '01', child: '19', other: 'G8' };

function address(a: SnapshotAddress | undefined): Address | undefined {
  return a && { line1: a.line1, line2: a.line2, city: a.city, state: a.state, postalCode: a.postalCode };
}

/**
 * 837P loop 2320 with 2330A/2330B: the primary payer of a secondary claim and what it did.
 * 2320 SBR01 P (the prior payer was primary), SBR02 relationship, SBR09 filing indicator; CAS the
 * claim-level adjustments; AMT*D the prior payer paid amount (required when the other payer
 * adjudicated the claim); AMT*EAF the remaining patient liability, at claim level only (X12: claim
 * or line level, never both — Stedi rejects both); OI benefits assignment / release of information.
 * 2330A NM1*IL the other subscriber (MI member id, N3/N4); 2330B NM1*PR the other payer (PI id),
 * DTP*573 when no line was adjudicated (else 2430 DTP*573), REF*F8 its claim control number (CLP07).
 */
export function otherSubscriber(
  prior: PriorPayerAdjudication,
  claimFilingIndicator = 'CI',
  patientAddress?: SnapshotAddress,
): OtherSubscriber {
  const c = prior.coverage;
  return {
    payerResponsibility: 'P',
    relationship: RELATIONSHIP[c.relationship],
    groupNumber: c.groupNumber,
    claimFilingIndicator,
    adjustments: prior.claimAdjustments.length > 0 ? prior.claimAdjustments : undefined,
    payerPaidCents: prior.paidCents,
    amounts:
      prior.remainingPatientLiabilityCents > 0
        ? [{ qualifier: 'EAF', cents: prior.remainingPatientLiabilityCents }]
        : undefined,
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    subscriber: {
      entityType: 'person',
      name: c.subscriber.lastName,
      firstName: c.subscriber.firstName,
      idQualifier: 'MI',
      id: c.memberId,
      // 2330A N3/N4 when known: the subscriber's, or the patient's when the patient is the subscriber.
      address: address(c.subscriber.address ?? (c.relationship === 'self' ? patientAddress : undefined)),
    },
    payer: {
      entityType: 'organization',
      name: c.payer.name,
      idQualifier: 'PI',
      id: c.payer.payerId,
      references: prior.payerClaimControlNumber
        ? [{ qualifier: 'F8', value: prior.payerClaimControlNumber }]
        : undefined,
    },
    adjudicationDate: prior.lines.length === 0 ? prior.adjudicationDate : undefined,
  };
}

/**
 * 837 IG 2320 is required on the primary's claim too "if other payers are known to potentially be
 * involved in paying on this claim": the secondary coverage, SBR01 S, with no amounts (nothing is
 * adjudicated yet) and its subscriber and payer in 2330A/2330B.
 */
export function knownOtherPayer(
  coverage: CoverageSnapshot,
  claimFilingIndicator = 'CI',
  patientAddress?: SnapshotAddress,
): OtherSubscriber {
  return {
    payerResponsibility: 'S',
    relationship: RELATIONSHIP[coverage.relationship],
    groupNumber: coverage.groupNumber,
    claimFilingIndicator,
    benefitsAssigned: 'Y',
    releaseOfInformation: 'Y',
    subscriber: {
      entityType: 'person',
      name: coverage.subscriber.lastName,
      firstName: coverage.subscriber.firstName,
      idQualifier: 'MI',
      id: coverage.memberId,
      address: address(
        coverage.subscriber.address ?? (coverage.relationship === 'self' ? patientAddress : undefined),
      ),
    },
    payer: {
      entityType: 'organization',
      name: coverage.payer.name,
      idQualifier: 'PI',
      id: coverage.payer.payerId,
    },
  };
}

/**
 * 837P loop 2430 of our line `lineNumber`: SVD01 the other payer (= 2330B NM109), SVD02 its paid
 * amount, SVD03 the procedure as adjudicated, SVD05 paid units; CAS its line adjustments (SVD02 +
 * Σ CAS = SV102); DTP*573 the adjudication date (required in 2430).
 */
export function lineAdjudication(
  prior: PriorPayerAdjudication,
  lineNumber: number,
  line: ServiceLine837,
): LineAdjudication | undefined {
  const l = prior.lines.find((x) => x.lineNumber === lineNumber);
  if (!l) return undefined;
  return {
    payerId: prior.coverage.payer.payerId,
    paidCents: l.paidCents,
    procedure: {
      qualifier: 'HC',
      code: l.procedureCode,
      modifiers: l.modifiers.length ? l.modifiers : undefined,
    },
    // 837I IG 2430 SVD04: the line's revenue code (837P has none).
    revenueCode: line.revenueCode,
    paidUnits: l.units ?? line.quantity,
    adjustments: l.adjustments.length > 0 ? l.adjustments : undefined,
    adjudicationDate: prior.adjudicationDate,
  };
}
