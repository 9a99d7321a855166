import { EncounterFinalized } from '@revcycle/contracts';
import { Coverage } from '../patients/coverage.entity';
import { Patient } from '../patients/patient.entity';
import { Payer } from '../payers/payer.entity';
import { Provider } from '../providers/provider.entity';
import { coverageParty, patientParty, providerParty } from '../shared/party-snapshots';
import { Encounter } from './encounter.entity';

export interface EncounterParts {
  encounter: Encounter;
  patient: Patient;
  coverage: Coverage;
  payer: Payer;
  billing: Provider;
  rendering: Provider;
  referring?: Provider;
  /** The secondary coverage and its payer, when the encounter names one. */
  secondary?: { coverage: Coverage; payer: Payer };
}

/** Event-carried state: everything downstream needs, so no service reads charts' tables. */
export function encounterSnapshot(p: EncounterParts): EncounterFinalized {
  return {
    encounterId: p.encounter.id,
    dateOfService: p.encounter.dateOfService,
    placeOfService: p.encounter.placeOfService,
    patient: patientParty(p.patient),
    coverage: coverageParty(p.coverage, p.payer),
    secondaryCoverage: p.secondary ? coverageParty(p.secondary.coverage, p.secondary.payer) : undefined,
    billingProvider: providerParty(p.billing),
    renderingProvider: providerParty(p.rendering),
    referringProvider: p.referring ? providerParty(p.referring) : undefined,
    diagnoses: p.encounter.diagnoses,
    procedures: p.encounter.procedures,
  };
}
