import { defineEvent } from '../envelope';
import {
  CoverageSnapshot,
  PatientSnapshot,
  PayerSnapshot,
  ProviderSnapshot,
  coverageSnapshot,
  patientSnapshot,
  payerSnapshot,
  providerSnapshot,
} from '../snapshots';
import { array, object, str } from '../validation';

/**
 * charts → claims: billing staff fixed a claim party (PATCH). Each event carries the party's whole
 * latest snapshot (event-carried state), so claims can re-snapshot a claim under correction
 * without reading charts' tables; `changed` names the fields the patch changed.
 */
interface PartyUpdated {
  changed: string[];
}
export interface PatientUpdated extends PartyUpdated {
  patient: PatientSnapshot;
}
export interface CoverageUpdated extends PartyUpdated {
  patientId: string;
  coverage: CoverageSnapshot;
}
export interface ProviderUpdated extends PartyUpdated {
  provider: ProviderSnapshot;
}
export interface PayerUpdated extends PartyUpdated {
  payer: PayerSnapshot;
}

const changed = array(str({ min: 1, max: 60 }), { min: 1, max: 20 });

export const PatientUpdatedEvent = defineEvent<PatientUpdated>(
  'charts.patient.updated',
  1,
  object({ patient: patientSnapshot, changed }),
);
export const CoverageUpdatedEvent = defineEvent<CoverageUpdated>(
  'charts.coverage.updated',
  1,
  object({ patientId: str({ min: 1 }), coverage: coverageSnapshot, changed }),
);
export const ProviderUpdatedEvent = defineEvent<ProviderUpdated>(
  'charts.provider.updated',
  1,
  object({ provider: providerSnapshot, changed }),
);
export const PayerUpdatedEvent = defineEvent<PayerUpdated>(
  'charts.payer.updated',
  1,
  object({ payer: payerSnapshot, changed }),
);
