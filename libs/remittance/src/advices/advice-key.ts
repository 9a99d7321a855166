import type { RemittanceAdvice } from '@revcycle/x12';

/**
 * The payer an advice is keyed by (its unique key is payer + TRN02 + amount): the 835's own payer
 * identification — 1000A REF*2U, else N104, else TRN03 (the payer's originating company id), else its
 * name — so the same remittance always gets the same key, whatever our ledger knows.
 */
export function advicePayerId(a: RemittanceAdvice): string {
  const ref2u = a.payer.references?.find((r) => r.qualifier === '2U')?.value;
  return ref2u || a.payer.id || a.trace.originatorId || a.payer.name || 'UNKNOWN';
}

/** BPR02 signed: BPR03 D is a debit (the payer takes money back). */
export const signedPaidCents = (a: RemittanceAdvice) =>
  a.payment.creditDebit === 'D' ? -a.payment.totalPaidCents : a.payment.totalPaidCents;

/** BPR16, else the DTM*405 production date. */
export const paymentDate = (a: RemittanceAdvice) =>
  a.payment.date ?? a.dates?.find((d) => d.qualifier === '405')?.date;
