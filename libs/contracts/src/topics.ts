import { AuditRecordedEvent } from './events/audit';
import {
  CoverageUpdatedEvent,
  PatientUpdatedEvent,
  PayerUpdatedEvent,
  ProviderUpdatedEvent,
} from './events/chart-parties';
import { EncounterFinalizedEvent } from './events/charts';
import { ClaimCorrectedEvent, ClaimCreatedEvent } from './events/claims';
import { EncounterCodedEvent } from './events/coding';
import { ClaimAdjudicatedEvent, ClaimsAdjudicatedEvent } from './events/remittance';

/** Every event type is also its Kafka topic (`<service>.<aggregate>.<event>`). */
export const ALL_EVENTS = [
  EncounterFinalizedEvent,
  PatientUpdatedEvent,
  CoverageUpdatedEvent,
  ProviderUpdatedEvent,
  PayerUpdatedEvent,
  EncounterCodedEvent,
  ClaimCreatedEvent,
  ClaimCorrectedEvent,
  ClaimAdjudicatedEvent,
  ClaimsAdjudicatedEvent,
  AuditRecordedEvent,
] as const;
export const ALL_TOPICS: string[] = ALL_EVENTS.map((e) => e.type);
