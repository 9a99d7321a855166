import { isoToX12Date } from '../common/format';
import type { Party } from '../common/model';
import { money, writeDtp } from '../common/segments';
import type { ControlNumberSource, SegmentValues } from '../envelope/writer';
import { InMemoryControlNumbers, writeInterchange } from '../envelope/writer';
import type { ClaimAcknowledgment, ClaimAcknowledgmentReport, ClaimStatus } from './reader';

export const IMPLEMENTATION_277CA = '005010X214';

/** One 277CA transaction to write: the reader's report plus the header dates and traces it does not keep. */
export interface ClaimAcknowledgmentToWrite extends Omit<ClaimAcknowledgmentReport, 'controlNumber'> {
  /** 2100A information source (NM1*PR) and 2100B information receiver (NM1*41). */
  payer: Party;
  receiver: Party;
  /** BHT03 reference of this acknowledgment, BHT04/BHT05 its creation date (YYYY-MM-DD) and time (HHMM). */
  referenceId: string;
  createdDate: string;
  createdTime: string;
  /** 2200A TRN02: the payer's trace of the received batch. */
  sourceTrace: string;
  /** 2200A DTP*050 date the batch was received, DTP*009 date it was processed. */
  receivedDate: string;
  processedDate: string;
  /** 2200B TRN02: the submitter's reference of the batch (the 837's BHT03). */
  batchReference: string;
  /** Each claim needs its billing provider (2000C) and patient (2100D). */
  claims: (ClaimAcknowledgment & { provider: Party; patient: Party })[];
}

export interface ClaimAcknowledgmentFile {
  interchange: { senderId: string; receiverId: string; usage?: 'P' | 'T' };
  transactions: ClaimAcknowledgmentToWrite[];
}

function nm1(code: string, p: Party): SegmentValues {
  return [
    'NM1',
    code,
    p.entityType === 'person' ? '1' : '2',
    p.name,
    p.firstName,
    p.middleName,
    undefined,
    p.suffix,
    p.idQualifier,
    p.id,
  ];
}

function stc(s: ClaimStatus): SegmentValues {
  const row: SegmentValues = [
    'STC',
    [s.category, s.code, s.entity],
    s.effectiveDate ? isoToX12Date(s.effectiveDate) : undefined,
    s.action,
    money(s.amountCents),
  ];
  if (s.more?.length) {
    row.push(undefined, undefined, undefined, undefined, undefined);
    for (const m of s.more.slice(0, 2)) row.push([m.category, m.code, m.entity]);
  }
  return row;
}

/** The claim's charge as the payer acknowledges it: STC04 of its first status. */
function chargeOf(c: ClaimAcknowledgment): number {
  return c.statuses[0]?.amountCents ?? 0;
}

/**
 * The body (between ST and SE) of one 277CA (005010X214): 2000A payer, 2000B receiver with the batch
 * status and accepted/rejected totals, one 2000C per billing provider, one 2000D per claim.
 */
export function write277caBody(t: ClaimAcknowledgmentToWrite): SegmentValues[] {
  const body: SegmentValues[] = [
    ['BHT', '0085', '08', t.referenceId, isoToX12Date(t.createdDate), t.createdTime, 'TH'],
    ['HL', '1', undefined, '20', '1'],
    nm1('PR', t.payer),
    ['TRN', '1', t.sourceTrace],
    ['DTP', '050', 'D8', isoToX12Date(t.receivedDate)],
    ['DTP', '009', 'D8', isoToX12Date(t.processedDate)],
    ['HL', '2', '1', '21', t.claims.length ? '1' : '0'],
    nm1('41', t.receiver),
    ['TRN', '2', t.batchReference],
  ];
  for (const s of t.batchStatuses) body.push(stc(s));
  const accepted = t.claims.filter((c) => c.accepted);
  const rejected = t.claims.filter((c) => !c.accepted);
  // X214 2200B: totals of accepted (QTY*90, AMT*YU) and rejected (QTY*AA, AMT*YY) claims, when there are any.
  if (accepted.length) body.push(['QTY', '90', String(accepted.length)]);
  if (rejected.length) body.push(['QTY', 'AA', String(rejected.length)]);
  if (accepted.length) body.push(['AMT', 'YU', money(accepted.reduce((s, c) => s + chargeOf(c), 0))]);
  if (rejected.length) body.push(['AMT', 'YY', money(rejected.reduce((s, c) => s + chargeOf(c), 0))]);
  let hl = 2;
  let providerHl = 0;
  let providerKey: string | undefined;
  for (const c of t.claims) {
    const key = `${c.provider.idQualifier ?? ''}|${c.provider.id ?? ''}|${c.provider.name ?? ''}`;
    if (key !== providerKey) {
      providerKey = key;
      providerHl = ++hl;
      body.push(['HL', String(providerHl), '2', '19', '1'], nm1('85', c.provider));
    }
    body.push(['HL', String(++hl), String(providerHl), 'PT'], nm1('QC', c.patient), ['TRN', '2', c.claimId]);
    for (const s of c.statuses) body.push(stc(s));
    if (c.payerClaimControlNumber) body.push(['REF', '1K', c.payerClaimControlNumber]);
    if (c.billType) body.push(['REF', 'BLT', c.billType]);
    if (c.serviceDate)
      body.push(
        writeDtp({
          qualifier: '472',
          date: c.serviceDate,
          ...(c.serviceEndDate && c.serviceEndDate !== c.serviceDate ? { endDate: c.serviceEndDate } : {}),
        }),
      );
  }
  return body;
}

export interface Write277caOptions {
  controlNumbers?: ControlNumberSource;
  at?: Date;
}

/** Writes a 277CA claim acknowledgment file: one interchange, one HN group, one ST*277 per transaction. */
export function write277ca(file: ClaimAcknowledgmentFile, options: Write277caOptions = {}): string {
  return writeInterchange({
    parties: {
      senderId: file.interchange.senderId,
      receiverId: file.interchange.receiverId,
      usage: file.interchange.usage ?? 'T',
    },
    groups: [
      {
        functionalId: 'HN',
        version: IMPLEMENTATION_277CA,
        transactions: file.transactions.map((t) => ({
          id: '277',
          implementationReference: IMPLEMENTATION_277CA,
          body: write277caBody(t),
        })),
      },
    ],
    controlNumbers: options.controlNumbers ?? new InMemoryControlNumbers(),
    at: options.at,
  }).text;
}
