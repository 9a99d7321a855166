import { formatCents, formatQuantity, isoToX12Date } from '../common/format';
import { fromRaw, money, writeAmount, writeCas } from '../common/segments';
import type { ControlNumberSource, ElementValue, SegmentValues } from '../envelope/writer';
import { InMemoryControlNumbers, writeInterchange } from '../envelope/writer';
import type { Procedure } from '../837/model';
import type { Delimiters } from '../tokenizer/segment';
import type { ClaimPayment, RemittanceAdvice, RemittanceFile, RemittanceParty } from './model';
import { IMPLEMENTATION_835 } from './model';

function procedure(p: Procedure | undefined): ElementValue {
  if (!p) return undefined;
  const m = p.modifiers ?? [];
  return [p.qualifier, p.code, m[0], m[1], m[2], m[3], p.description];
}

function dtm(d: { qualifier: string; date?: string; value?: string }): SegmentValues {
  return ['DTM', d.qualifier, d.date ? isoToX12Date(d.date) : d.value];
}

function party(code: string, p: RemittanceParty): SegmentValues[] {
  const out: SegmentValues[] = [['N1', code, p.name, p.idQualifier, p.id]];
  if (p.address) {
    out.push(['N3', p.address.line1, p.address.line2]);
    out.push([
      'N4',
      p.address.city,
      p.address.state,
      p.address.postalCode,
      p.address.countryCode,
      undefined,
      undefined,
      p.address.countrySubdivision,
    ]);
  }
  for (const r of p.references ?? []) out.push(['REF', r.qualifier, r.value]);
  for (const c of p.contacts ?? []) {
    const row: SegmentValues = ['PER', c.function ?? 'BL', c.name];
    for (const n of c.numbers.slice(0, 3)) row.push(n.qualifier, n.value);
    out.push(row);
  }
  for (const x of p.extraSegments ?? []) out.push(fromRaw(x));
  return out;
}

function writeClaimPayment(c: ClaimPayment): SegmentValues[] {
  const out: SegmentValues[] = [
    [
      'CLP',
      c.claimId,
      c.status,
      formatCents(c.chargeCents),
      formatCents(c.paidCents),
      money(c.patientResponsibilityCents),
      c.filingIndicator,
      c.payerClaimControlNumber,
      c.facilityCode,
      c.frequencyCode,
      undefined,
      c.drgCode,
      c.drgWeight,
      c.dischargeFraction,
    ],
  ];
  out.push(...writeCas(c.adjustments));
  for (const p of c.parties ?? [])
    out.push([
      'NM1',
      p.entityCode,
      p.entityType === 'person' ? '1' : '2',
      p.name,
      p.firstName,
      p.middleName,
      undefined,
      p.suffix,
      p.idQualifier,
      p.id,
    ]);
  if (c.inpatientAdjudication) out.push(fromRaw(c.inpatientAdjudication));
  if (c.outpatientAdjudication) out.push(fromRaw(c.outpatientAdjudication));
  for (const r of c.references ?? []) out.push(['REF', r.qualifier, r.value]);
  for (const d of c.dates ?? []) out.push(dtm(d));
  for (const x of c.extraSegments ?? []) out.push(fromRaw(x));
  for (const a of c.amounts ?? []) out.push(writeAmount(a));
  for (const q of c.quantities ?? []) out.push(['QTY', q.qualifier, formatQuantity(q.value)]);
  for (const l of c.serviceLines) {
    out.push([
      'SVC',
      procedure(l.procedure),
      formatCents(l.chargeCents),
      formatCents(l.paidCents),
      l.revenueCode,
      l.units === undefined ? undefined : formatQuantity(l.units),
      procedure(l.submittedProcedure),
      l.submittedUnits === undefined ? undefined : formatQuantity(l.submittedUnits),
    ]);
    for (const d of l.dates ?? []) out.push(dtm(d));
    out.push(...writeCas(l.adjustments));
    if (l.lineItemControlNumber) out.push(['REF', '6R', l.lineItemControlNumber]);
    for (const r of l.references ?? []) out.push(['REF', r.qualifier, r.value]);
    for (const a of l.amounts ?? []) out.push(writeAmount(a));
    for (const q of l.quantities ?? []) out.push(['QTY', q.qualifier, formatQuantity(q.value)]);
    for (const r of l.remarks ?? []) out.push(['LQ', r.qualifier, r.code]);
  }
  return out;
}

/** The body (between ST and SE) of one 835. */
export function write835Body(a: RemittanceAdvice): SegmentValues[] {
  const p = a.payment;
  const sb = p.senderBank;
  const rb = p.receiverBank;
  const body: SegmentValues[] = [
    [
      'BPR',
      p.handlingCode,
      formatCents(p.totalPaidCents),
      p.creditDebit,
      p.method,
      p.format,
      sb?.qualifier,
      sb?.id,
      sb?.accountQualifier,
      sb?.account,
      p.originatingCompanyId,
      p.originatingCompanySupplementalCode,
      rb?.qualifier,
      rb?.id,
      rb?.accountQualifier,
      rb?.account,
      p.date ? isoToX12Date(p.date) : undefined,
    ],
    ['TRN', a.trace.typeCode, a.trace.traceNumber, a.trace.originatorId, a.trace.supplementalId],
  ];
  if (a.currency) body.push(['CUR', 'PR', a.currency]);
  for (const r of a.references ?? []) body.push(['REF', r.qualifier, r.value]);
  for (const d of a.dates ?? []) body.push(dtm(d));
  body.push(...party('PR', a.payer));
  body.push(...party('PE', a.payee));
  // 2000 header loops: claims grouped by LX number in order of appearance.
  let header: string | undefined = '\u0000';
  let lx = 0;
  for (const c of a.claims) {
    if (c.headerNumber !== header || header === '\u0000') {
      header = c.headerNumber;
      lx++;
      body.push(['LX', header ?? String(lx)]);
      const summary = a.headerSummaries?.find((h) => h.headerNumber === header);
      for (const s of summary?.segments ?? []) body.push(fromRaw(s));
    }
    body.push(...writeClaimPayment(c));
  }
  for (const plb of a.providerAdjustments) {
    const row: SegmentValues = [
      'PLB',
      plb.providerId,
      /^\d{4}-\d{2}-\d{2}$/.test(plb.fiscalPeriodDate)
        ? isoToX12Date(plb.fiscalPeriodDate)
        : plb.fiscalPeriodDate,
    ];
    for (const adj of plb.adjustments)
      row.push(
        adj.reference ? [adj.reasonCode, adj.reference] : adj.reasonCode,
        formatCents(adj.amountCents),
      );
    body.push(row);
  }
  return body;
}

export interface Write835Options {
  controlNumbers?: ControlNumberSource;
  at?: Date;
  delimiters?: Delimiters;
  lineBreaks?: boolean;
}

/** Writes an 835 file (the payer simulator's side): one interchange, one HP group. */
export function write835(file: RemittanceFile, options: Write835Options = {}): string {
  const i = file.interchange ?? { senderId: 'PAYER', receiverId: 'PROVIDER', usage: 'T' as const };
  return writeInterchange({
    parties: {
      senderQualifier: i.senderQualifier,
      senderId: i.senderId,
      receiverQualifier: i.receiverQualifier,
      receiverId: i.receiverId,
      usage: i.usage ?? 'T',
    },
    groups: [
      {
        functionalId: 'HP',
        version: IMPLEMENTATION_835,
        transactions: file.transactions.map((t) => ({
          id: '835',
          implementationReference: IMPLEMENTATION_835,
          body: write835Body(t),
        })),
      },
    ],
    controlNumbers: options.controlNumbers ?? new InMemoryControlNumbers(),
    at: options.at,
    delimiters: options.delimiters,
    lineBreaks: options.lineBreaks,
  }).text;
}
