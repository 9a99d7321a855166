import { ClaimAdjudicated, ClaimAdjudicatedEvent, EventEnvelope, createEvent } from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { validateX12 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { ClaimAdjudicatedConsumer } from './claim-adjudicated.consumer';

export interface ClaimView {
  id: string;
  patientControlNumber: string;
  payerId: string;
  status: string;
  frequencyCode: string;
  revision: number;
  payerClaimControlNumber: string | null;
  payerResponsibility: string;
  primaryClaimId: string | null;
  totalChargeCents: number;
  serviceLines: Array<{ lineNumber: number; chargeCents: number; procedureCode: string }>;
}
export interface HistoryView {
  status: string;
  changes: Array<{
    from: string | null;
    to: string;
    by: string;
    source: string | null;
    reason: string | null;
  }>;
}

/** A remittance.claim.adjudicated envelope as remittance posting would emit it for `claim`. */
export function adjudicatedEvent(
  claim: Pick<ClaimView, 'id' | 'patientControlNumber' | 'payerId'>,
  payload: Partial<ClaimAdjudicated> & Pick<ClaimAdjudicated, 'outcome' | 'claimStatusCode' | 'paidCents'>,
): EventEnvelope<ClaimAdjudicated> {
  return createEvent(ClaimAdjudicatedEvent, {
    aggregateId: claim.id,
    actor: { id: 'remittance-posting', role: 'system' },
    payload: {
      claimId: claim.id,
      patientControlNumber: claim.patientControlNumber,
      payerId: claim.payerId,
      remittanceId: randomUUID(),
      adjustmentCents: 0,
      patientResponsibilityCents: 0,
      paymentDate: '2026-10-01',
      ...payload,
    },
  });
}

/** Delivers the event to the claims service's own consumer (inbox, lifecycle), sealed as from Kafka. */
export async function deliverAdjudication(
  claims: ServiceUnderTest,
  event: EventEnvelope<ClaimAdjudicated>,
): Promise<void> {
  await claims.running.app.get(ClaimAdjudicatedConsumer).onAdjudicated(sealEventEnvelope(event));
}

/** Batches the payer's ready claims, and the payer downloads the file (submitted). Returns the 837. */
export async function sendToPayer(claims: ServiceUnderTest, payerId: string): Promise<string> {
  const made = await claims.call<Array<{ id: string }>>('POST', '/claims/batches', 'biller', { payerId });
  const [batch] = made.body;
  if (made.status !== 201 || made.body.length !== 1 || !batch)
    throw new Error(`batch for ${payerId}: ${made.status} ${JSON.stringify(made.body)}`);
  const file = await claims.send('GET', `/payer/claim-files/${batch.id}`, { role: 'payer', payerId });
  return file.text;
}

export const x12Errors = (text: string) => validateX12(text).issues.filter((i) => i.severity === 'error');

export async function claimsOfEncounter(claims: ServiceUnderTest, encounterId: string): Promise<ClaimView[]> {
  const r = await claims.call<{ items: ClaimView[] }>('GET', `/claims?encounterId=${encounterId}`, 'biller');
  return r.body.items;
}

export async function historyOf(claims: ServiceUnderTest, id: string): Promise<HistoryView> {
  return (await claims.call<HistoryView>('GET', `/claims/${id}/history`, 'biller')).body;
}
