import { defineEvent } from '../envelope';
import { EncounterSnapshot, encounterSnapshotShape } from './charts';
import { object, oneOf, str } from '../validation';

/** coding → claims: the encounter's codes are valid and final; everything a claim needs. */
export interface EncounterCoded extends EncounterSnapshot {
  codedBy: string;
  /** auto = every documented code passed validation; coder = completed from the coding queue. */
  codingMethod: 'auto' | 'coder';
}

export const EncounterCodedEvent = defineEvent<EncounterCoded>(
  'coding.encounter.coded',
  1,
  object({ ...encounterSnapshotShape, codedBy: str({ min: 1 }), codingMethod: oneOf('auto', 'coder') }),
);
