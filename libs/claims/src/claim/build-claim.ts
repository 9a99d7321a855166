import { EncounterCoded } from '@revcycle/contracts';
import { Claim } from './claim.entity';
import { ServiceLine } from './service-line.entity';

/**
 * A professional claim from a coded encounter. Diagnoses keep their order (HI), procedure lines
 * point at them by position (SV107, at most 4); the total is the sum of line charges (CLM02).
 */
export function buildClaim(id: string, patientControlNumber: string, encounter: EncounterCoded): Claim {
  const ordered = [...encounter.diagnoses].sort((a, b) => a.sequence - b.sequence);
  const position = new Map(ordered.map((d, i) => [d.sequence, i + 1]));
  const serviceLines = encounter.procedures.map((p, i): ServiceLine => ({
    claimId: id,
    lineNumber: i + 1,
    procedureCode: p.code,
    modifiers: p.modifiers,
    units: p.units,
    chargeCents: p.chargeCents,
    diagnosisPointers: p.diagnosisSequences.map((s) => position.get(s) ?? 0),
    dateOfService: p.dateOfService ?? encounter.dateOfService,
  }));
  return {
    id,
    patientControlNumber,
    encounterId: encounter.encounterId,
    patientId: encounter.patient.id,
    payerId: encounter.coverage.payer.id,
    claimType: 'professional',
    frequencyCode: '1',
    status: 'ready',
    payerClaimControlNumber: null,
    revision: 1,
    scrubbedAt: null,
    dateOfService: encounter.dateOfService,
    placeOfService: encounter.placeOfService,
    totalChargeCents: serviceLines.reduce((sum, l) => sum + l.chargeCents, 0),
    diagnoses: ordered.map((d) => d.code),
    fingerprint: null,
    parties: {
      patient: encounter.patient,
      coverage: encounter.coverage,
      billingProvider: encounter.billingProvider,
      renderingProvider: encounter.renderingProvider,
      referringProvider: encounter.referringProvider,
      secondaryCoverage: encounter.secondaryCoverage,
    },
    payerResponsibility: 'P',
    primaryClaimId: null,
    priorPayer: null,
    serviceLines,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}
