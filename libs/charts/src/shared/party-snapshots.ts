import { CoverageSnapshot, PatientSnapshot, PayerSnapshot, ProviderSnapshot } from '@revcycle/contracts';
import { Coverage } from '../patients/coverage.entity';
import { Patient } from '../patients/patient.entity';
import { Payer } from '../payers/payer.entity';
import { Provider } from '../providers/provider.entity';

/** The claim parties as events carry them (charts.encounter.finalized and charts.*.updated). */
export function patientParty(p: Patient): PatientSnapshot {
  return {
    id: p.id,
    mrn: p.mrn,
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    address: p.address,
  };
}

export function payerParty(p: Payer): PayerSnapshot {
  return { id: p.id, name: p.name, payerId: p.payerId };
}

export function coverageParty(c: Coverage, payer: Payer): CoverageSnapshot {
  return {
    id: c.id,
    payer: payerParty(payer),
    memberId: c.memberId,
    groupNumber: c.groupNumber ?? undefined,
    relationship: c.relationship,
    subscriber: c.subscriber,
  };
}

export function providerParty(p: Provider): ProviderSnapshot {
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

/** 837P 2010BA: when the patient is the subscriber (SBR02 = 18), the subscriber is the patient. */
export function patientAsSubscriber(p: Patient): Coverage['subscriber'] {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    address: p.address,
  };
}
