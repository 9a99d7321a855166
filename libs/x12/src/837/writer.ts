import { formatCents, formatQuantity, isoToX12Date } from '../common/format';
import {
  dateFormatAndValue,
  fromRaw,
  money,
  writeAmount,
  writeCas,
  writeDtp,
  writeParty,
} from '../common/segments';
import type {
  ControlNumberSource,
  ElementValue,
  GroupToWrite,
  InterchangeParties,
  SegmentValues,
  TransactionToWrite,
} from '../envelope/writer';
import { InMemoryControlNumbers, writeInterchange } from '../envelope/writer';
import type { Delimiters } from '../tokenizer/segment';
import type {
  Claim,
  ClaimFile,
  ClaimKind,
  ClaimTransaction,
  HealthCode,
  OtherSubscriber,
  Procedure,
  ServiceLine,
} from './model';
import { IMPLEMENTATION_837 } from './model';

/** IG segment order inside 2300 / 2400 / 2320, used to place kept-verbatim segments where the guide expects them. */
const ORDER_2300: Record<ClaimKind, string[]> = {
  professional: ['CLM', 'DTP', 'PWK', 'CN1', 'AMT', 'REF', 'K3', 'NTE', 'CR1', 'CR2', 'CRC', 'HI', 'HCP'],
  institutional: ['CLM', 'DTP', 'CL1', 'PWK', 'CN1', 'AMT', 'REF', 'K3', 'NTE', 'CRC', 'HI', 'HCP'],
};
const ORDER_2400: Record<ClaimKind, string[]> = {
  professional: [
    'LX',
    'SV1',
    'SV5',
    'PWK',
    'CR1',
    'CR3',
    'CRC',
    'DTP',
    'QTY',
    'MEA',
    'CN1',
    'REF',
    'AMT',
    'K3',
    'NTE',
    'PS1',
    'HCP',
  ],
  institutional: ['LX', 'SV2', 'PWK', 'DTP', 'REF', 'AMT', 'NTE', 'HCP'],
};
const ORDER_2320 = ['SBR', 'CAS', 'AMT', 'OI', 'MIA', 'MOA'];

/** 2300 DTP order in the guides (837P: onset … repricer received; 837I: discharge hour, statement, admission, repricer). */
const DTP_ORDER_2300: Record<ClaimKind, string[]> = {
  professional: [
    '431',
    '454',
    '304',
    '453',
    '439',
    '484',
    '455',
    '471',
    '314',
    '360',
    '361',
    '297',
    '296',
    '435',
    '096',
    '090',
    '091',
    '444',
    '050',
  ],
  institutional: ['096', '434', '435', '050'],
};

function placeInOrder(segments: SegmentValues[], order: string[], dtpOrder?: string[]): SegmentValues[] {
  const rank = (s: SegmentValues) => {
    const i = order.indexOf(s[0]);
    const r = i < 0 ? order.length : i;
    if (s[0] !== 'DTP' || !dtpOrder) return r * 100;
    const q = dtpOrder.indexOf(String(s[1]));
    return r * 100 + (q < 0 ? 99 : q);
  };
  // Segments the writer built are already in order: only kept-verbatim ones can be out of place.
  let inOrder = true;
  for (
    let i = 1, previous = segments.length > 0 ? rank(segments[0]) : 0;
    i < segments.length && inOrder;
    i++
  ) {
    const r = rank(segments[i]);
    inOrder = r >= previous;
    previous = r;
  }
  if (inOrder) return segments;
  return segments
    .map((s, i) => ({ s, i, r: rank(s) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.s);
}

/** HI code-list qualifiers grouped the way the IG splits them into separate HI segments. */
function hiCategory(kind: ClaimKind, qualifier: string): string {
  const q = qualifier;
  if (kind === 'professional') return ['ABK', 'BK', 'ABF', 'BF'].includes(q) ? 'diagnosis' : q;
  if (['ABK', 'BK'].includes(q)) return 'principal';
  if (['ABJ', 'BJ'].includes(q)) return 'admitting';
  if (['APR', 'PR'].includes(q)) return 'reason';
  if (['ABN', 'BN'].includes(q)) return 'external-cause';
  if (['ABF', 'BF'].includes(q)) return 'other-diagnosis';
  if (['BBR', 'BR', 'CAH'].includes(q)) return 'principal-procedure';
  if (['BBQ', 'BQ'].includes(q)) return 'other-procedure';
  return q; // BI occurrence span, BH occurrence, BE value, BG condition, DR, TC: one category each
}

function hiComposite(h: HealthCode): (string | undefined)[] {
  let format: string | undefined;
  let date: string | undefined;
  if (h.date) [format, date] = dateFormatAndValue({ qualifier: '', date: h.date, endDate: h.endDate });
  const c: (string | undefined)[] = [
    h.qualifier,
    h.code,
    format,
    date,
    money(h.amountCents) as string | undefined,
    h.quantity === undefined ? undefined : formatQuantity(h.quantity),
  ];
  if (h.presentOnAdmission) c.push(undefined, undefined, h.presentOnAdmission);
  return c;
}

export function writeHealthCodes(kind: ClaimKind, codes: HealthCode[]): SegmentValues[] {
  const out: SegmentValues[] = [];
  let current: SegmentValues | undefined;
  let category = '';
  let count = 0;
  for (const h of codes) {
    const cat = hiCategory(kind, h.qualifier);
    if (!current || cat !== category || count === 12) {
      current = ['HI'];
      out.push(current);
      category = cat;
      count = 0;
    }
    current.push(hiComposite(h));
    count++;
  }
  return out;
}

function procedureComposite(p: Procedure | undefined): ElementValue {
  if (!p) return undefined;
  const m = p.modifiers ?? [];
  return [p.qualifier, p.code, m[0], m[1], m[2], m[3], p.description];
}

function writeOtherSubscriber(o: OtherSubscriber): SegmentValues[] {
  const head: SegmentValues[] = [
    [
      'SBR',
      o.payerResponsibility,
      o.relationship,
      o.groupNumber,
      o.groupName,
      o.insuranceType,
      undefined,
      undefined,
      undefined,
      o.claimFilingIndicator,
    ],
  ];
  head.push(...writeCas(o.adjustments));
  if (o.payerPaidCents !== undefined) head.push(['AMT', 'D', formatCents(o.payerPaidCents)]);
  for (const a of o.amounts ?? []) head.push(writeAmount(a));
  head.push([
    'OI',
    undefined,
    undefined,
    o.benefitsAssigned ?? 'Y',
    o.patientSignatureSource,
    undefined,
    o.releaseOfInformation ?? 'Y',
  ]);
  for (const x of o.extraSegments ?? []) head.push(fromRaw(x));
  const out = placeInOrder(head, ORDER_2320);
  out.push(...writeParty('IL', o.subscriber, { per: false })); // 2330A
  out.push(
    ...writeParty('PR', o.payer, {
      per: false,
      beforeRef: o.adjudicationDate ? [['DTP', '573', 'D8', isoToX12Date(o.adjudicationDate)]] : undefined,
    }),
  ); // 2330B
  for (const p of o.otherPayerProviders ?? []) out.push(...writeParty(p.entityCode, p, { per: false })); // 2330C–G
  return out;
}

function writeServiceLine(kind: ClaimKind, line: ServiceLine, n: number): SegmentValues[] {
  const head: SegmentValues[] = [['LX', String(n)]];
  if (kind === 'professional') {
    // 837P IG 2400 SV1: procedure, charge, unit, quantity, place of service, diagnosis pointers.
    head.push([
      'SV1',
      procedureComposite(line.procedure),
      formatCents(line.chargeCents),
      line.unit,
      formatQuantity(line.quantity),
      line.placeOfService,
      undefined,
      line.diagnosisPointers?.map(String),
      undefined,
      line.emergency,
      undefined,
      line.epsdt,
      line.familyPlanning,
    ]);
  } else {
    // 837I IG 2400 SV2: revenue code, procedure, charge, unit, quantity, SV207 non-covered.
    head.push([
      'SV2',
      line.revenueCode,
      procedureComposite(line.procedure),
      formatCents(line.chargeCents),
      line.unit,
      formatQuantity(line.quantity),
      undefined,
      money(line.nonCoveredCents),
    ]);
  }
  for (const d of line.dates ?? []) head.push(writeDtp(d));
  if (line.lineItemControlNumber) head.push(['REF', '6R', line.lineItemControlNumber]);
  for (const r of line.references ?? []) head.push(['REF', r.qualifier, r.value]);
  for (const a of line.amounts ?? []) head.push(writeAmount(a));
  for (const note of line.notes ?? []) head.push(['NTE', note.code, note.text]);
  for (const x of line.extraSegments ?? []) head.push(fromRaw(x));
  const out = placeInOrder(head, ORDER_2400[kind]);
  if (line.drug) {
    // 2410: LIN (N4 = NDC), CTP quantity + unit, REF XZ/VY.
    out.push(['LIN', undefined, line.drug.qualifier, line.drug.code]);
    out.push(['CTP', undefined, undefined, undefined, formatQuantity(line.drug.quantity), [line.drug.unit]]);
    if (line.drug.reference) out.push(['REF', line.drug.reference.qualifier, line.drug.reference.value]);
  }
  for (const p of line.providers ?? [])
    out.push(...writeParty(p.entityCode, p, { prv: true, per: p.entityCode === 'DK' }));
  for (const a of line.adjudications ?? []) {
    out.push([
      'SVD',
      a.payerId,
      formatCents(a.paidCents),
      procedureComposite(a.procedure),
      a.revenueCode,
      a.paidUnits === undefined ? undefined : formatQuantity(a.paidUnits),
      a.bundledLineNumber,
    ]);
    out.push(...writeCas(a.adjustments));
    if (a.adjudicationDate) out.push(['DTP', '573', 'D8', isoToX12Date(a.adjudicationDate)]);
    if (a.remainingPatientLiabilityCents !== undefined)
      out.push(['AMT', 'EAF', formatCents(a.remainingPatientLiabilityCents)]);
  }
  return out;
}

/** 2300 with its 2310, 2320 and 2400 loops. */
export function writeClaim(kind: ClaimKind, c: Claim): SegmentValues[] {
  const head: SegmentValues[] = [
    [
      'CLM',
      c.claimId,
      formatCents(c.totalChargeCents),
      undefined,
      undefined,
      // CLM05: facility code, qualifier (B = place of service for 837P, A = UB-04 facility type for 837I), frequency.
      [c.facilityCode, kind === 'professional' ? 'B' : 'A', c.frequencyCode],
      c.providerSignature,
      c.assignment,
      c.benefitsAssigned,
      c.releaseOfInformation,
      c.patientSignatureSource,
      c.relatedCauses,
      c.specialProgram,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      c.delayReason,
    ],
  ];
  for (const d of c.dates ?? []) head.push(writeDtp(d));
  if (c.institutional)
    head.push([
      'CL1',
      c.institutional.admissionType,
      c.institutional.admissionSource,
      c.institutional.patientStatus,
    ]);
  for (const a of c.attachments ?? [])
    head.push([
      'PWK',
      a.reportType,
      a.transmission,
      undefined,
      undefined,
      a.controlNumber ? 'AC' : undefined,
      a.controlNumber,
    ]);
  if (c.contract)
    head.push([
      'CN1',
      c.contract.typeCode,
      money(c.contract.amountCents),
      c.contract.percent,
      c.contract.code,
      c.contract.discountPercent,
      c.contract.version,
    ]);
  for (const a of c.amounts ?? []) head.push(writeAmount(a));
  if (c.referralNumber) head.push(['REF', '9F', c.referralNumber]);
  if (c.priorAuthorization) head.push(['REF', 'G1', c.priorAuthorization]);
  // 837P/837I IG 2300 REF*F8: payer claim control number, required when CLM05-3 is 7 (replacement) or 8 (void).
  if (c.payerClaimControlNumber) head.push(['REF', 'F8', c.payerClaimControlNumber]);
  for (const r of c.references ?? []) head.push(['REF', r.qualifier, r.value]);
  if (c.medicalRecordNumber) head.push(['REF', 'EA', c.medicalRecordNumber]);
  for (const n of c.notes ?? []) head.push(['NTE', n.code, n.text]);
  head.push(...writeHealthCodes(kind, c.healthCodes));
  for (const x of c.extraSegments ?? []) head.push(fromRaw(x));
  const out = placeInOrder(head, ORDER_2300[kind], DTP_ORDER_2300[kind]);
  for (const p of c.providers ?? []) out.push(...writeParty(p.entityCode, p, { prv: true, per: false }));
  for (const o of c.otherSubscribers ?? []) out.push(...writeOtherSubscriber(o));
  c.serviceLines.forEach((line, i) => out.push(...writeServiceLine(kind, line, i + 1)));
  return out;
}

/**
 * Whether consecutive claims share an HL level: same content, whatever the key order or undefined fields
 * (claims read from a file and claims built in code group alike). Stops at the first difference.
 */
function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameContent(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (ao[k] !== undefined && !sameContent(ao[k], bo[k])) return false;
  for (const k in bo) if (bo[k] !== undefined && ao[k] === undefined) return false;
  return true;
}

/** 2000A after its HL: PRV, CUR, 2010AA billing provider, 2010AB pay-to address, 2010AC pay-to plan. */
export function billingProviderLevel(bp: Claim['billingProvider']): SegmentValues[] {
  const out: SegmentValues[] = [];
  if (bp.provider.specialty)
    out.push(['PRV', bp.provider.specialty.role, 'PXC', bp.provider.specialty.taxonomy]);
  if (bp.currency) out.push(['CUR', '85', bp.currency]);
  out.push(...writeParty('85', bp.provider, { prv: false })); // 2010AA
  if (bp.payToAddress) {
    const a = bp.payToAddress;
    out.push(
      ['NM1', '87', '2'],
      ['N3', a.line1, a.line2],
      ['N4', a.city, a.state, a.postalCode, a.countryCode, undefined, undefined, a.countrySubdivision],
    ); // 2010AB
  }
  if (bp.payToPlan) out.push(...writeParty('PE', bp.payToPlan, { per: false })); // 2010AC
  return out;
}

/** 2000B after its HL: SBR, 2010BA subscriber, 2010BB payer. */
export function subscriberLevel(s: Claim['subscriber']): SegmentValues[] {
  const out: SegmentValues[] = [
    [
      'SBR',
      s.payerResponsibility,
      s.relationship,
      s.groupNumber,
      s.groupName,
      s.insuranceType,
      undefined,
      undefined,
      undefined,
      s.claimFilingIndicator,
    ],
  ];
  for (const x of s.extraSegments ?? []) out.push(fromRaw(x));
  out.push(...writeParty('IL', s.person, { dmg: true, per: false })); // 2010BA
  out.push(...writeParty('PR', s.payer, { per: false })); // 2010BB
  return out;
}

/** 2000C after its HL: PAT, 2010CA patient. */
export function patientLevel(p: NonNullable<Claim['patient']>): SegmentValues[] {
  const rawPat = p.extraSegments?.find((x) => x[0] === 'PAT');
  const pat = rawPat ? fromRaw(rawPat) : (['PAT'] as SegmentValues);
  pat[1] = p.relationship;
  const out: SegmentValues[] = [pat];
  for (const x of p.extraSegments ?? []) if (x !== rawPat) out.push(fromRaw(x));
  out.push(...writeParty('QC', p.person, { dmg: true, per: false })); // 2010CA
  return out;
}

/** BHT, 1000A submitter and 1000B receiver: the part of an 837 body before the HL hierarchy. */
export function write837Heading(t: Omit<ClaimTransaction, 'claims'>): SegmentValues[] {
  const h = t.header;
  return [
    ['BHT', '0019', h.purpose, h.referenceId, isoToX12Date(h.createdDate), h.createdTime, h.claimOrEncounter],
    ...writeParty('41', t.submitter), // 1000A
    ...writeParty('40', t.receiver, { per: false }), // 1000B
  ];
}

/** The body (between ST and SE) of one 837 transaction: BHT, 1000A/B, then the HL hierarchy. */
export function write837Body(t: ClaimTransaction): SegmentValues[] {
  const kind = t.kind;
  const body: SegmentValues[] = write837Heading(t);
  let hl = 0;
  let billingHl = 0;
  let subscriberHl = 0;
  let subscriberRow: SegmentValues | undefined;
  let prev: Claim | undefined;
  for (const c of t.claims) {
    const newBilling = !prev || !sameContent(prev.billingProvider, c.billingProvider);
    // A claim without a patient level cannot follow a patient's claims under the same HL 22: it would be read
    // as that patient's claim, so the subscriber level repeats.
    const newSubscriber =
      newBilling ||
      !prev ||
      !sameContent(prev.subscriber, c.subscriber) ||
      (prev.patient !== undefined && c.patient === undefined);
    const newPatient =
      c.patient !== undefined && (newSubscriber || !prev || !sameContent(prev.patient, c.patient));
    prev = c;
    if (newBilling) {
      billingHl = ++hl;
      // 2000A billing provider HL (code 20); always has subscriber children.
      body.push(['HL', String(billingHl), undefined, '20', '1'], ...billingProviderLevel(c.billingProvider));
    }
    if (newSubscriber) {
      subscriberHl = ++hl;
      // 2000B subscriber HL (code 22); HL04 = 1 when a 2000C patient level follows.
      subscriberRow = ['HL', String(subscriberHl), String(billingHl), '22', '0'];
      body.push(subscriberRow, ...subscriberLevel(c.subscriber));
    }
    if (c.patient && newPatient) {
      if (subscriberRow) subscriberRow[4] = '1';
      // 2000C patient HL (code 23), no children.
      body.push(['HL', String(++hl), String(subscriberHl), '23', '0'], ...patientLevel(c.patient));
    }
    body.push(...writeClaim(kind, c));
  }
  return body;
}

export interface Write837Options {
  controlNumbers?: ControlNumberSource;
  at?: Date;
  delimiters?: Delimiters;
  lineBreaks?: boolean;
}

const DEFAULT_PARTIES: InterchangeParties = { senderId: 'SENDER', receiverId: 'RECEIVER', usage: 'T' };

/**
 * Writes a claim file: one interchange, one functional group per claim kind (GS08 005010X222A1 for
 * professional, 005010X223A2 for institutional), one ST per transaction.
 */
export function write837(file: ClaimFile, options: Write837Options = {}): string {
  const i = file.interchange;
  const parties: InterchangeParties = i
    ? {
        senderQualifier: i.senderQualifier,
        senderId: i.senderId,
        receiverQualifier: i.receiverQualifier,
        receiverId: i.receiverId,
        applicationSenderCode: i.applicationSenderCode,
        applicationReceiverCode: i.applicationReceiverCode,
        usage: i.usage ?? 'T',
      }
    : DEFAULT_PARTIES;
  const groups: GroupToWrite[] = [];
  for (const kind of ['professional', 'institutional'] as ClaimKind[]) {
    const transactions: TransactionToWrite[] = file.transactions
      .filter((t) => t.kind === kind)
      .map((t) => ({ id: '837', implementationReference: IMPLEMENTATION_837[kind], body: write837Body(t) }));
    if (transactions.length > 0)
      groups.push({ functionalId: 'HC', version: IMPLEMENTATION_837[kind], transactions });
  }
  return writeInterchange({
    parties,
    groups,
    controlNumbers: options.controlNumbers ?? new InMemoryControlNumbers(),
    at: options.at,
    delimiters: options.delimiters,
    lineBreaks: options.lineBreaks,
  }).text;
}
