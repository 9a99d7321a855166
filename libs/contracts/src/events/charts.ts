import { defineEvent } from '../envelope';
import {
  CoverageSnapshot,
  EncounterDiagnosis,
  EncounterProcedure,
  PatientSnapshot,
  ProviderSnapshot,
  coverageSnapshot,
  encounterDiagnosis,
  encounterProcedure,
  patientSnapshot,
  providerSnapshot,
} from '../snapshots';
import { array, isoDate, object, optional, str } from '../validation';

export interface EncounterSnapshot {
  encounterId: string;
  dateOfService: string;
  /** CMS place-of-service code, 2 digits. */
  placeOfService: string;
  patient: PatientSnapshot;
  coverage: CoverageSnapshot;
  /** The patient's secondary coverage, when any: claims bills it after the primary's 835 (COB). */
  secondaryCoverage?: CoverageSnapshot;
  billingProvider: ProviderSnapshot;
  renderingProvider: ProviderSnapshot;
  referringProvider?: ProviderSnapshot;
  diagnoses: EncounterDiagnosis[];
  procedures: EncounterProcedure[];
}

export const encounterSnapshotShape = {
  encounterId: str({ min: 1 }),
  dateOfService: isoDate,
  placeOfService: str({ pattern: /^\d{2}$/, what: 'a 2-digit place-of-service code' }),
  patient: patientSnapshot,
  coverage: coverageSnapshot,
  secondaryCoverage: optional(coverageSnapshot),
  billingProvider: providerSnapshot,
  renderingProvider: providerSnapshot,
  referringProvider: optional(providerSnapshot),
  diagnoses: array(encounterDiagnosis, { min: 1, max: 12 }),
  procedures: array(encounterProcedure, { min: 1, max: 50 }),
};

/** charts → coding: a provider signed off an encounter; its documented codes await coding. */
export type EncounterFinalized = EncounterSnapshot;
export const EncounterFinalizedEvent = defineEvent<EncounterFinalized>(
  'charts.encounter.finalized',
  1,
  object(encounterSnapshotShape),
);
