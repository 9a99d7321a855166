import { EncounterCoded, EncounterCodedEvent, createEvent } from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { CodedEncounterConsumer } from '../intake/coded-encounter.consumer';

/** A synthetic coded encounter for payer `payerId`; `n` varies the charge and the patient. */
export const codedEncounter = (payerId: string, n: number): EncounterCoded => ({
  encounterId: randomUUID(),
  dateOfService: '2026-09-14',
  placeOfService: '11',
  patient: {
    id: randomUUID(),
    mrn: `SUB-${n}`,
    firstName: 'Sam',
    lastName: `Sender${String.fromCharCode(65 + (n % 26))}`,
    dateOfBirth: '1980-02-02',
    sex: 'M',
    address: { line1: '9 Oak St', city: 'Madison', state: 'WI', postalCode: '53703' },
  },
  coverage: {
    id: randomUUID(),
    payer: { id: payerId, name: 'Batch Health', payerId: 'BATCH01' },
    // a member id of its own: the scrubber would take a same-member, same-charge claim for a duplicate
    memberId: `MB${randomUUID().slice(0, 8)}`,
    relationship: 'self',
    subscriber: { firstName: 'Sam', lastName: 'Sender', dateOfBirth: '1980-02-02', sex: 'M' },
  },
  billingProvider: {
    id: randomUUID(),
    npi: '1234567893',
    name: 'Clinic',
    taxId: '123456789',
    address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
  },
  renderingProvider: { id: randomUUID(), npi: '1234567893', name: 'Okafor', firstName: 'Ada' },
  diagnoses: [{ code: 'E119', sequence: 1 }],
  procedures: [{ code: '99213', modifiers: [], units: 1, chargeCents: 15000 + n, diagnosisSequences: [1] }],
  codedBy: 'it-coder',
  codingMethod: 'auto',
});

/** `count` claims of `payerId` stored and scrubbed through the claims consumer, as from Kafka. */
export async function storeReadyClaims(
  claims: ServiceUnderTest,
  payerId: string,
  count: number,
): Promise<void> {
  const consumer = claims.running.app.get(CodedEncounterConsumer);
  for (let n = 0; n < count; n++) {
    const event = createEvent(EncounterCodedEvent, {
      aggregateId: randomUUID(),
      actor: { id: 'it-coder', role: 'coder' },
      payload: codedEncounter(payerId, n),
    });
    await consumer.onCoded(sealEventEnvelope(event));
  }
}
