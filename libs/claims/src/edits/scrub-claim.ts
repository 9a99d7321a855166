import { ScrubClaim } from '@revcycle/edit-engine';
import { Claim } from '../claim/claim.entity';

/** The scrubber's view of a stored claim (837P fields it checks). */
export function toScrubClaim(claim: Claim): ScrubClaim {
  const p = claim.parties;
  return {
    claimId: claim.patientControlNumber,
    claimType: claim.claimType,
    frequencyCode: claim.frequencyCode,
    payerId: p.coverage.payer.payerId,
    subscriberId: p.coverage.memberId,
    patient: { birthDate: p.patient.dateOfBirth, sex: p.patient.sex },
    billingProvider: {
      npi: p.billingProvider.npi,
      taxId: p.billingProvider.taxId,
      address: p.billingProvider.address,
    },
    renderingProviderNpi: p.renderingProvider.npi,
    referringProviderNpi: p.referringProvider?.npi,
    placeOfService: claim.placeOfService,
    totalChargeCents: claim.totalChargeCents,
    diagnoses: claim.diagnoses,
    lines: [...claim.serviceLines]
      .sort((a, b) => a.lineNumber - b.lineNumber)
      .map((l) => ({
        procedureCode: l.procedureCode,
        modifiers: l.modifiers,
        units: l.units,
        chargeCents: l.chargeCents,
        serviceDate: l.dateOfService,
        diagnosisPointers: l.diagnosisPointers,
      })),
  };
}
