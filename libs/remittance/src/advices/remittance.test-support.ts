import { getDataSourceToken } from '@nestjs/typeorm';
import { EncounterCoded, EncounterCodedEvent, createEvent } from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { AdjudicationResult, adjudicateClaimFile } from '@revcycle/payer-simulator';
import { ServiceUnderTest } from '@revcycle/runtime';
import { InMemoryControlNumbers, RemittanceFile, parse835, write835 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
// Test support only: the claims service's own consumer stores the claims, as from Kafka.
import { CodedEncounterConsumer } from '../../../claims/src/intake/coded-encounter.consumer';
import { codedEncounter } from '../../../claims/src/submission/ready-claims.test-support';
import { ClaimCreatedConsumer } from '../ledger/claim-created.consumer';

/** Two lines per claim: an E/M with modifier 25 and a venipuncture, charges varying with `n`. */
const twoLineEncounter = (payerId: string, n: number): EncounterCoded => ({
  ...codedEncounter(payerId, n),
  procedures: [
    { code: '99213', modifiers: ['25'], units: 1, chargeCents: 15000 + n, diagnosisSequences: [1] },
    { code: '36415', modifiers: [], units: 1, chargeCents: 2500, diagnosisSequences: [1] },
  ],
});

export interface BilledRemittance {
  payerId: string;
  /** The 835 the payer simulator wrote for our 837. */
  text: string;
  payer: AdjudicationResult;
  patientControlNumbers: string[];
}

/**
 * `count` claims built and scrubbed by the claims service, batched into its 837, adjudicated by the
 * payer simulator; the claims' own claims.claim.created events (from the claims outbox, sealed)
 * delivered to remittance's ledger consumer.
 */
export async function billAndAdjudicate(
  claims: ServiceUnderTest,
  remittance: ServiceUnderTest,
  count: number,
  seed: number,
): Promise<BilledRemittance> {
  const payerId = randomUUID();
  const coded = claims.running.app.get(CodedEncounterConsumer);
  for (let n = 0; n < count; n++)
    await coded.onCoded(
      sealEventEnvelope(
        createEvent(EncounterCodedEvent, {
          aggregateId: randomUUID(),
          actor: { id: 'it-coder', role: 'coder' },
          payload: twoLineEncounter(payerId, n),
        }),
      ),
    );
  const made = await claims.call<{ id: string; claimCount: number }[]>('POST', '/claims/batches', 'biller', {
    payerId,
  });
  if (made.status !== 201 || made.body.length !== 1 || made.body[0].claimCount !== count)
    throw new Error(`claims did not batch: ${made.status} ${JSON.stringify(made.body)}`);
  const file = await claims.send('GET', `/claims/batches/${made.body[0].id}/837`, 'biller');
  const payer = adjudicateClaimFile(file.text, { seed });
  const claimsDb: DataSource = claims.running.app.get(getDataSourceToken('claims'));
  const rows: { envelope: unknown; message_key: string }[] = await claimsDb.query(
    `SELECT o.envelope, o.message_key FROM claims.outbox o
       JOIN claims.claim c ON c.id::text = o.message_key
      WHERE o.topic = 'claims.claim.created' AND c.payer_id = $1 ORDER BY o.seq`,
    [payerId],
  );
  const ledger = remittance.running.app.get(ClaimCreatedConsumer);
  for (const r of rows) await ledger.onClaimCreated(r.envelope);
  const pcns: { patient_control_number: string }[] = await claimsDb.query(
    `SELECT patient_control_number FROM claims.claim WHERE payer_id = $1 ORDER BY patient_control_number`,
    [payerId],
  );
  return {
    payerId,
    text: payer.files['835']!,
    payer,
    patientControlNumbers: pcns.map((p) => p.patient_control_number),
  };
}

let serial = 700_000_000;

/** The 835 read, changed, and written again (fresh control numbers; SE counts right). */
export function rewrite835(text: string, change: (file: RemittanceFile) => void): string {
  const { file } = parse835(text);
  change(file);
  return write835(file, { controlNumbers: new InMemoryControlNumbers(serial++ * 10), at: new Date() });
}
