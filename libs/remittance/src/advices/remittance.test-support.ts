import { ClaimCreated, ClaimCreatedEvent, createEvent } from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { AdjudicationResult, adjudicateClaimFile } from '@revcycle/payer-simulator';
import { ServiceUnderTest } from '@revcycle/runtime';
import {
  ClaimFile,
  InMemoryControlNumbers,
  RemittanceFile,
  manyClaimsFile,
  parse835,
  professionalLine,
  write835,
  write837,
} from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { ClaimCreatedConsumer } from '../ledger/claim-created.consumer';

export interface BilledRemittance {
  /** Our 837, as the claims service writes it: CLM01 = patient control number, 2400 REF*6R per line. */
  claimFile: string;
  /** The 835 the payer simulator wrote for it. */
  text: string;
  payer: AdjudicationResult;
  patientControlNumbers: string[];
  /** The claims.claim.created payloads the ledger was given, in file order. */
  events: ClaimCreated[];
}

const DATE_OF_SERVICE = '2026-09-14';

/**
 * `count` two-line professional claims (an E/M with modifier 25, a venipuncture) in a real 837,
 * adjudicated by the payer simulator; their claims.claim.created events — sealed, with the billed
 * lines and REF*6R as the 837 carries them — delivered to remittance's own ledger consumer.
 */
export async function billAndAdjudicate(
  remittance: ServiceUnderTest,
  count: number,
  seed: number,
): Promise<BilledRemittance> {
  const { claimFile, events } = billedClaimFile(count, seed);
  const payer = adjudicateClaimFile(claimFile, { seed });
  await deliverClaimsCreated(remittance, events);
  const text = payer.files['835'];
  if (!text) throw new Error('the payer simulator wrote no 835');
  return {
    claimFile,
    text,
    payer,
    patientControlNumbers: events.map((e) => e.patientControlNumber),
    events,
  };
}

/** claims.claim.created for each payload, sealed, delivered to remittance's own ledger consumer. */
export async function deliverClaimsCreated(
  remittance: ServiceUnderTest,
  payloads: ClaimCreated[],
): Promise<void> {
  const ledger = remittance.running.app.get(ClaimCreatedConsumer);
  for (const payload of payloads)
    await ledger.onClaimCreated(
      sealEventEnvelope(
        createEvent(ClaimCreatedEvent, {
          aggregateId: payload.claimId,
          actor: { id: 'claims-builder', role: 'system' },
          payload,
        }),
      ),
    );
}

/** The 837 of `count` two-line claims (deterministic per seed) and the claims.claim.created payloads. */
export function billedClaimFile(count: number, seed: number): { claimFile: string; events: ClaimCreated[] } {
  const template = manyClaimsFile(count);
  // Deterministic per seed (each spec run has its own database): the same 837, so the same decisions.
  const prefix = `RT${String(seed).padStart(4, '0')}`;
  const events: ClaimCreated[] = [];
  const payerId = randomUUID();
  const file: ClaimFile = {
    ...template,
    transactions: template.transactions.map((t) => ({
      ...t,
      claims: t.claims.map((c, i) => {
        const pcn = `${prefix}${String(i + 1).padStart(4, '0')}`;
        const lines = [
          professionalLine('99213', 15000 + i, DATE_OF_SERVICE, [1], ['25']),
          professionalLine('36415', 2500, DATE_OF_SERVICE),
        ].map((l, k) => ({ ...l, lineItemControlNumber: `${pcn}-${k + 1}` }));
        const totalChargeCents = lines.reduce((s, l) => s + l.chargeCents, 0);
        events.push({
          claimId: randomUUID(),
          encounterId: randomUUID(),
          patientControlNumber: pcn,
          patientId: randomUUID(),
          payerId,
          dateOfService: DATE_OF_SERVICE,
          totalChargeCents,
          serviceLineCount: lines.length,
          serviceLines: lines.map((l, k) => ({
            lineNumber: k + 1,
            lineItemControlNumber: l.lineItemControlNumber,
            procedureCode: l.procedure?.code ?? '',
            modifiers: l.procedure?.modifiers ?? [],
            dateOfService: DATE_OF_SERVICE,
            units: l.quantity,
            chargeCents: l.chargeCents,
          })),
        });
        return { ...c, claimId: pcn, serviceLines: lines, totalChargeCents };
      }),
    })),
  };
  const claimFile = write837(file, {
    at: new Date('2026-11-02T09:00:00Z'),
    controlNumbers: new InMemoryControlNumbers(seed * 1000),
  });
  return { claimFile, events };
}

let serial = 700_000_000;

/** The 835 read, changed, and written again (fresh control numbers; SE counts right). */
export function rewrite835(text: string, change: (file: RemittanceFile) => void): string {
  const { file } = parse835(text);
  change(file);
  return write835(file, { controlNumbers: new InMemoryControlNumbers(serial++ * 10), at: new Date() });
}
