import { EncounterFinalized, ProviderSnapshot } from '@revcycle/contracts';
import { Coverage } from '../patients/coverage.entity';
import { Patient } from '../patients/patient.entity';
import { Payer } from '../payers/payer.entity';
import { Provider } from '../providers/provider.entity';
import { Encounter } from './encounter.entity';

export interface EncounterParts {
  encounter: Encounter;
  patient: Patient;
  coverage: Coverage;
  payer: Payer;
  billing: Provider;
  rendering: Provider;
  referring?: Provider;
}

/** Event-carried state: everything downstream needs, so no service reads charts' tables. */
export function encounterSnapshot(p: EncounterParts): EncounterFinalized {
  return {
    encounterId: p.encounter.id,
    dateOfService: p.encounter.dateOfService,
    placeOfService: p.encounter.placeOfService,
    patient: {
      id: p.patient.id,
      mrn: p.patient.mrn,
      firstName: p.patient.firstName,
      lastName: p.patient.lastName,
      dateOfBirth: p.patient.dateOfBirth,
      sex: p.patient.sex,
      address: p.patient.address,
    },
    coverage: {
      id: p.coverage.id,
      payer: { id: p.payer.id, name: p.payer.name, payerId: p.payer.payerId },
      memberId: p.coverage.memberId,
      groupNumber: p.coverage.groupNumber ?? undefined,
      relationship: p.coverage.relationship,
      subscriber: p.coverage.subscriber,
    },
    billingProvider: providerSnapshot(p.billing),
    renderingProvider: providerSnapshot(p.rendering),
    referringProvider: p.referring ? providerSnapshot(p.referring) : undefined,
    diagnoses: p.encounter.diagnoses,
    procedures: p.encounter.procedures,
  };
}

function providerSnapshot(p: Provider): ProviderSnapshot {
  return {
    id: p.id,
    npi: p.npi,
    name: p.name,
    firstName: p.firstName ?? undefined,
    taxonomy: p.taxonomy ?? undefined,
    taxId: p.taxId ?? undefined,
    address: p.address ?? undefined,
  };
}
