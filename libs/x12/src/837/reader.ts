import type { X12Issue } from '../common/issue';
import { parseCents, parseQuantity, x12DateToIso } from '../common/format';
import type { Party } from '../common/model';
import {
  append,
  applyPartySegment,
  opt,
  readAmount,
  readCas,
  readDtp,
  readNm1,
  readQualifiedDate,
  setIf,
  toRaw,
  withEntityCode,
} from '../common/segments';
import type { TransactionHeader, TransactionSet } from '../envelope/reader';
import { EnvelopeReader } from '../envelope/reader';
import { X12Tokenizer } from '../tokenizer/tokenizer';
import { dateElementProblem, segmentDateProblem } from '../validation/date-rules';
import type { Segment } from '../tokenizer/segment';
import { comp, comps, el, splitOn } from '../tokenizer/segment';
import type {
  BillingProvider,
  Claim,
  ClaimFile,
  ClaimFileSummary,
  ClaimKind,
  ClaimParty,
  ClaimTransaction,
  HealthCode,
  LineAdjudication,
  OtherSubscriber,
  Patient,
  Procedure,
  ServiceLine,
  Subscriber,
} from './model';
import { summarizeClaimFile } from './model';

/** Loop names for 2310/2420/2330 provider entity codes, per claim kind. */
const CLAIM_PROVIDER_LOOP: Record<ClaimKind, Record<string, string>> = {
  professional: {
    DN: '2310A',
    P3: '2310A',
    '82': '2310B',
    '77': '2310C',
    DQ: '2310D',
    PW: '2310E',
    '45': '2310F',
  },
  institutional: { '71': '2310A', '72': '2310B', ZZ: '2310C', '82': '2310D', '77': '2310E', DN: '2310F' },
};
const LINE_PROVIDER_LOOP: Record<ClaimKind, Record<string, string>> = {
  professional: {
    '82': '2420A',
    QB: '2420B',
    '77': '2420C',
    DQ: '2420D',
    DK: '2420E',
    DN: '2420F',
    P3: '2420F',
    PW: '2420G',
    '45': '2420H',
  },
  institutional: { '72': '2420A', ZZ: '2420B', '82': '2420C', DN: '2420D' },
};
const OTHER_PAYER_PROVIDER_LOOP: Record<string, string> = {
  DN: '2330C',
  P3: '2330C',
  '82': '2330D',
  '77': '2330E',
  DQ: '2330F',
  '85': '2330G',
  '72': '2330D',
  ZZ: '2330E',
};

export function kindOf(implementationReference: string): ClaimKind | undefined {
  if (implementationReference.startsWith('005010X222')) return 'professional';
  if (implementationReference.startsWith('005010X223')) return 'institutional';
  return undefined;
}

export function readProcedure(seg: Segment, n: number): Procedure | undefined {
  const value = seg.elements[n];
  if (value === undefined || value === '') return undefined;
  const c = splitOn(value, seg.delimiters.component);
  let modifiers: string[] | undefined;
  for (let i = 2; i < 6 && i < c.length; i++) if (c[i] !== '') modifiers = append(modifiers, c[i]);
  return { qualifier: c[0], code: c[1] ?? '', modifiers, description: c[6] || undefined };
}

/** HI → health codes, appended to `into` (see `append`). */
function readHealthCodes(seg: Segment, into: HealthCode[]): HealthCode[] {
  let out: HealthCode[] | undefined = into;
  for (let i = 1; i < seg.elements.length; i++) {
    const c = comps(seg, i);
    if (c.length === 0) continue;
    const h: HealthCode = { qualifier: c[0] ?? '', code: c[1] ?? '' };
    if (c[2] && c[3]) {
      const d = readQualifiedDate('', c[2], c[3]);
      if (d.date) h.date = d.date;
      if (d.endDate) h.endDate = d.endDate;
    }
    const amount = parseCents(c[4]);
    if (amount !== undefined) h.amountCents = amount;
    const q = parseQuantity(c[5]);
    if (q !== undefined) h.quantity = q;
    if (c[8]) h.presentOnAdmission = c[8];
    out = append(out, h);
  }
  return out ?? [];
}

/** Each body segment with the IG loop it was read in (for located validation messages). */
export interface LocatedSegment {
  segment: Segment;
  loop: string;
}

export interface Read837Transaction {
  transaction: ClaimTransaction;
  located: LocatedSegment[];
  set: TransactionSet;
}

/** Reads one 837 transaction set into the claim model; never throws. */
export function read837Transaction(set: TransactionSet, issues: X12Issue[]): Read837Transaction {
  const reader = createClaim837Reader(set.header, issues, true);
  for (const seg of set.body) reader.segment(seg);
  return { ...reader.finish(), set };
}

/**
 * Push reader for one 837 transaction set: feed the segments between ST and SE, then `finish`.
 * Segments are not retained unless `keepLocated` (validation needs them with their loops).
 */
export function createClaim837Reader(
  header: TransactionHeader,
  issues: X12Issue[],
  keepLocated: boolean,
  onClaim?: (claim: Claim, transaction: ClaimTransaction) => void,
  retainClaims = true,
): { segment(seg: Segment): void; finish(): { transaction: ClaimTransaction; located: LocatedSegment[] } } {
  const set = { header };
  const kind = kindOf(header.implementationReference) ?? 'professional';
  const located: LocatedSegment[] = [];
  const t: ClaimTransaction = {
    kind,
    controlNumber: set.header.controlNumber,
    header: { purpose: '', referenceId: '', createdDate: '', createdTime: '', claimOrEncounter: '' },
    submitter: { entityType: 'organization' },
    receiver: { entityType: 'organization' },
    claims: [],
  };
  let loop = 'HEADER';
  let party: Party | undefined;
  let billing: BillingProvider | undefined;
  let subscriber: Subscriber | undefined;
  let patient: Patient | undefined;
  let claim: Claim | undefined;
  let line: ServiceLine | undefined;
  let other: OtherSubscriber | undefined;
  let adjudication: LineAdjudication | undefined;
  let hlLevel = '';
  /** Scratch party collecting the 2010AB pay-to address. */
  let payTo: Party | undefined;
  let emitted: Claim | undefined;
  /** Hands the finished claim to `onClaim` (once). */
  const emitClaim = () => {
    if (claim && claim !== emitted) {
      emitted = claim;
      onClaim?.(claim, t);
    }
  };

  const extra = (seg: Segment) => {
    const raw = toRaw(seg);
    // Kept verbatim on the innermost open level; the writer puts it back in IG order.
    if (line) line.extraSegments = append(line.extraSegments, raw);
    else if (other) other.extraSegments = append(other.extraSegments, raw);
    else if (claim) claim.extraSegments = append(claim.extraSegments, raw);
    else if (party) party.extraSegments = append(party.extraSegments, raw);
    else if (hlLevel === '22' && subscriber) subscriber.extraSegments = append(subscriber.extraSegments, raw);
    else if (hlLevel === '23' && patient) patient.extraSegments = append(patient.extraSegments, raw);
    else if (seg.id !== 'BHT') {
      issues.push({
        severity: 'warning',
        code: 'SEGMENT_IGNORED',
        message: `Segment ${seg.id} is not expected here and was ignored.`,
        segmentOrdinal: seg.ordinal,
        segmentId: seg.id,
        offset: seg.offset,
        loop,
      });
    }
  };

  const locatedError = (seg: Segment, code: string, element: string, message: string) =>
    issues.push({
      severity: 'error',
      code,
      message,
      segmentOrdinal: seg.ordinal,
      segmentId: seg.id,
      offset: seg.offset,
      loop,
      element,
    });
  const flagDate = (seg: Segment) => {
    const p = seg.id === 'BHT' ? dateElementProblem('Date', 'BHT04', el(seg, 4)) : segmentDateProblem(seg);
    if (p) locatedError(seg, p.code, p.element, p.message);
  };
  /** CLM02 and SV102/SV203 are charges: never below zero (a credit is a frequency 7/8 correction). */
  const charge = (seg: Segment, n: number, element: string, what: string): number => {
    const cents = parseCents(el(seg, n)) ?? 0;
    if (cents < 0)
      locatedError(
        seg,
        'AMOUNT_NEGATIVE',
        element,
        `${what} (${element}) "${el(seg, n)}" is negative; charges cannot be below zero.`,
      );
    return cents;
  };

  const feed = (seg: Segment): void => {
    switch (seg.id) {
      case 'BHT':
        loop = 'HEADER';
        t.header = {
          purpose: el(seg, 2),
          referenceId: el(seg, 3),
          createdDate: x12DateToIso(el(seg, 4)) ?? el(seg, 4),
          createdTime: el(seg, 5),
          claimOrEncounter: el(seg, 6),
        };
        break;
      case 'HL': {
        hlLevel = el(seg, 3);
        emitClaim();
        claim = undefined;
        line = undefined;
        other = undefined;
        adjudication = undefined;
        party = undefined;
        if (hlLevel === '20') {
          loop = '2000A';
          billing = { provider: { entityType: 'organization' } };
          subscriber = undefined;
          patient = undefined;
        } else if (hlLevel === '22') {
          loop = '2000B';
          subscriber = {
            payerResponsibility: '',
            person: { entityType: 'person' },
            payer: { entityType: 'organization' },
          };
          patient = undefined;
        } else if (hlLevel === '23') {
          loop = '2000C';
          patient = { relationship: '', person: { entityType: 'person' } };
        } else loop = `2000(${hlLevel})`;
        break;
      }
      case 'NM1': {
        const code = el(seg, 1);
        const p = readNm1(seg);
        if (code === '41' && !billing) {
          loop = '1000A';
          t.submitter = p;
        } else if (code === '40' && !billing) {
          loop = '1000B';
          t.receiver = p;
        } else if (line) {
          loop = LINE_PROVIDER_LOOP[kind][code] ?? '2420';
          adjudication = undefined;
          const lp: ClaimParty = withEntityCode(code, p);
          line.providers = append(line.providers, lp);
          party = lp;
          break;
        } else if (other) {
          if (code === 'IL') {
            loop = '2330A';
            other.subscriber = p;
          } else if (code === 'PR') {
            loop = '2330B';
            other.payer = p;
          } else {
            loop = OTHER_PAYER_PROVIDER_LOOP[code] ?? '2330';
            const cp: ClaimParty = withEntityCode(code, p);
            other.otherPayerProviders = append(other.otherPayerProviders, cp);
            party = cp;
            break;
          }
        } else if (claim) {
          loop = CLAIM_PROVIDER_LOOP[kind][code] ?? '2310';
          const cp: ClaimParty = withEntityCode(code, p);
          claim.providers = append(claim.providers, cp);
          party = cp;
          break;
        } else if (hlLevel === '20' && billing) {
          if (code === '85') {
            loop = '2010AA';
            const specialty = billing.provider.specialty;
            billing.provider = p;
            if (specialty) p.specialty = specialty;
          } else if (code === '87') {
            loop = '2010AB';
            billing.payToAddress = { line1: '', city: '' };
            party = { entityType: 'organization' };
            if (keepLocated) located.push({ segment: seg, loop });
            // the pay-to address is collected through a scratch party, see N3/N4 below
            payTo = party;
            return;
          } else if (code === 'PE') {
            loop = '2010AC';
            billing.payToPlan = p;
          } else loop = '2010A?';
        } else if (hlLevel === '22' && subscriber) {
          if (code === 'IL') {
            loop = '2010BA';
            subscriber.person = p;
          } else if (code === 'PR') {
            loop = '2010BB';
            subscriber.payer = p;
          } else loop = '2010B?';
        } else if (hlLevel === '23' && patient) {
          loop = '2010CA';
          patient.person = p;
        }
        party = p;
        break;
      }
      case 'PRV':
        if (loop === '2000A' && billing)
          billing.provider.specialty = { role: el(seg, 1), taxonomy: el(seg, 3) };
        else if (party) applyPartySegment(party, seg);
        else extra(seg);
        break;
      case 'CUR':
        if (loop === '2000A' && billing) billing.currency = el(seg, 2);
        else extra(seg);
        break;
      case 'SBR':
        if (hlLevel === '22' && subscriber && !claim) {
          loop = '2000B';
          subscriber.payerResponsibility = el(seg, 1);
          setIf(subscriber, 'relationship', el(seg, 2));
          setIf(subscriber, 'groupNumber', el(seg, 3));
          setIf(subscriber, 'groupName', el(seg, 4));
          setIf(subscriber, 'insuranceType', el(seg, 5));
          setIf(subscriber, 'claimFilingIndicator', el(seg, 9));
        } else if (claim) {
          loop = '2320';
          party = undefined;
          line = undefined;
          other = {
            payerResponsibility: el(seg, 1),
            relationship: el(seg, 2),
            subscriber: { entityType: 'person' },
            payer: { entityType: 'organization' },
          };
          setIf(other, 'groupNumber', el(seg, 3));
          setIf(other, 'groupName', el(seg, 4));
          setIf(other, 'insuranceType', el(seg, 5));
          setIf(other, 'claimFilingIndicator', el(seg, 9));
          claim.otherSubscribers = append(claim.otherSubscribers, other);
        } else extra(seg);
        break;
      case 'PAT':
        if (hlLevel === '23' && patient && !claim) {
          loop = '2000C';
          patient.relationship = el(seg, 1);
          // PAT05–09 (date of death, weight, pregnancy) are kept with the whole segment.
          if (seg.elements.length > 2) patient.extraSegments = append(patient.extraSegments, toRaw(seg));
        } else {
          party = undefined;
          extra(seg);
        }
        break;
      case 'CLM': {
        emitClaim();
        loop = '2300';
        party = undefined;
        line = undefined;
        other = undefined;
        adjudication = undefined;
        if (!billing || !subscriber) {
          issues.push({
            severity: 'error',
            code: 'CLM_WITHOUT_HIERARCHY',
            message: 'Claim (CLM) appears before its billing provider (HL 20) and subscriber (HL 22) levels.',
            segmentOrdinal: seg.ordinal,
            segmentId: 'CLM',
            offset: seg.offset,
            loop,
          });
        }
        // Every field in one literal (absent ones undefined, which JSON drops): one object shape, fast.
        claim = {
          billingProvider: billing ?? { provider: { entityType: 'organization' } },
          subscriber: subscriber ?? {
            payerResponsibility: '',
            person: { entityType: 'person' },
            payer: { entityType: 'organization' },
          },
          patient: patient && hlLevel === '23' ? patient : undefined,
          claimId: el(seg, 1),
          totalChargeCents: charge(seg, 2, 'CLM02', 'Total claim charge'),
          facilityCode: comp(seg, 5, 1),
          frequencyCode: comp(seg, 5, 3),
          providerSignature: opt(el(seg, 6)),
          assignment: opt(el(seg, 7)),
          benefitsAssigned: opt(el(seg, 8)),
          releaseOfInformation: opt(el(seg, 9)),
          patientSignatureSource: opt(el(seg, 10)),
          relatedCauses: el(seg, 11) ? comps(seg, 11) : undefined,
          specialProgram: opt(el(seg, 12)),
          delayReason: opt(el(seg, 20)),
          dates: undefined,
          institutional: undefined,
          attachments: undefined,
          contract: undefined,
          amounts: undefined,
          payerClaimControlNumber: undefined,
          priorAuthorization: undefined,
          referralNumber: undefined,
          medicalRecordNumber: undefined,
          references: undefined,
          notes: undefined,
          healthCodes: [],
          providers: undefined,
          otherSubscribers: undefined,
          serviceLines: [],
          extraSegments: undefined,
        };
        if (retainClaims) t.claims.push(claim);
        break;
      }
      case 'LX':
        loop = '2400';
        party = undefined;
        other = undefined;
        adjudication = undefined;
        if (claim) {
          line = {
            revenueCode: undefined,
            procedure: undefined,
            chargeCents: 0,
            unit: '',
            quantity: 0,
            placeOfService: undefined,
            diagnosisPointers: undefined,
            emergency: undefined,
            epsdt: undefined,
            familyPlanning: undefined,
            nonCoveredCents: undefined,
            dates: undefined,
            lineItemControlNumber: undefined,
            references: undefined,
            amounts: undefined,
            notes: undefined,
            drug: undefined,
            providers: undefined,
            adjudications: undefined,
            extraSegments: undefined,
          };
          claim.serviceLines.push(line);
        } else extra(seg);
        break;
      case 'SV1':
      case 'SV2':
        if (line && loop === '2400') {
          const prof = seg.id === 'SV1';
          const base = prof ? 0 : 1;
          if (!prof) line.revenueCode = opt(el(seg, 1));
          line.procedure = readProcedure(seg, 1 + base);
          line.chargeCents = charge(seg, 2 + base, prof ? 'SV102' : 'SV203', 'Line item charge');
          line.unit = el(seg, 3 + base);
          line.quantity = parseQuantity(el(seg, 4 + base)) ?? 0;
          if (prof) {
            line.placeOfService = opt(el(seg, 5));
            if (el(seg, 7)) line.diagnosisPointers = comps(seg, 7).map((p) => Number(p));
            line.emergency = opt(el(seg, 9));
            line.epsdt = opt(el(seg, 11));
            line.familyPlanning = opt(el(seg, 12));
          } else line.nonCoveredCents = parseCents(el(seg, 7));
        } else extra(seg);
        break;
      case 'LIN':
        if (line) {
          loop = '2410';
          party = undefined;
          line.drug = { qualifier: el(seg, 2), code: el(seg, 3), quantity: 0, unit: '' };
        } else extra(seg);
        break;
      case 'CTP':
        if (line?.drug && loop === '2410') {
          line.drug.quantity = parseQuantity(el(seg, 4)) ?? 0;
          line.drug.unit = comp(seg, 5, 1);
        } else extra(seg);
        break;
      case 'SVD':
        if (line) {
          loop = '2430';
          party = undefined;
          adjudication = { payerId: el(seg, 1), paidCents: parseCents(el(seg, 2)) ?? 0 };
          const proc = readProcedure(seg, 3);
          if (proc) adjudication.procedure = proc;
          setIf(adjudication, 'revenueCode', el(seg, 4));
          const u = parseQuantity(el(seg, 5));
          if (u !== undefined) adjudication.paidUnits = u;
          setIf(adjudication, 'bundledLineNumber', el(seg, 6));
          line.adjudications = append(line.adjudications, adjudication);
        } else extra(seg);
        break;
      case 'CAS':
        if (adjudication) adjudication.adjustments = readCas(seg, adjudication.adjustments);
        else if (other && loop === '2320') other.adjustments = readCas(seg, other.adjustments);
        else extra(seg);
        break;
      case 'OI':
        if (other && loop === '2320') {
          setIf(other, 'benefitsAssigned', el(seg, 3));
          setIf(other, 'patientSignatureSource', el(seg, 4));
          setIf(other, 'releaseOfInformation', el(seg, 6));
        } else extra(seg);
        break;
      case 'DTP': {
        const d = readDtp(seg);
        if (adjudication && d.qualifier === '573' && d.date) adjudication.adjudicationDate = d.date;
        else if (other && loop === '2330B' && d.qualifier === '573' && d.date)
          other.adjudicationDate = d.date;
        else if (line && loop === '2400') line.dates = append(line.dates, d);
        else if (claim && loop === '2300') claim.dates = append(claim.dates, d);
        else extra(seg);
        break;
      }
      case 'CL1':
        if (claim && loop === '2300') {
          claim.institutional = {};
          setIf(claim.institutional, 'admissionType', el(seg, 1));
          setIf(claim.institutional, 'admissionSource', el(seg, 2));
          setIf(claim.institutional, 'patientStatus', el(seg, 3));
        } else extra(seg);
        break;
      case 'PWK':
        if (claim && loop === '2300') {
          const a: { reportType: string; transmission: string; controlNumber?: string } = {
            reportType: el(seg, 1),
            transmission: el(seg, 2),
          };
          setIf(a, 'controlNumber', el(seg, 6));
          claim.attachments = append(claim.attachments, a);
        } else extra(seg);
        break;
      case 'CN1':
        if (claim && loop === '2300') {
          claim.contract = { typeCode: el(seg, 1) };
          const amt = parseCents(el(seg, 2));
          if (amt !== undefined) claim.contract.amountCents = amt;
          setIf(claim.contract, 'percent', el(seg, 3));
          setIf(claim.contract, 'code', el(seg, 4));
          setIf(claim.contract, 'discountPercent', el(seg, 5));
          setIf(claim.contract, 'version', el(seg, 6));
        } else extra(seg);
        break;
      case 'AMT': {
        const a = readAmount(seg);
        if (adjudication && a.qualifier === 'EAF') adjudication.remainingPatientLiabilityCents = a.cents;
        else if (other && loop === '2320') {
          if (a.qualifier === 'D') other.payerPaidCents = a.cents;
          else other.amounts = append(other.amounts, a);
        } else if (line && loop === '2400') line.amounts = append(line.amounts, a);
        else if (claim && loop === '2300') claim.amounts = append(claim.amounts, a);
        else extra(seg);
        break;
      }
      case 'REF': {
        const q = el(seg, 1);
        const v = el(seg, 2);
        if (line && loop === '2410' && line.drug) line.drug.reference = { qualifier: q, value: v };
        else if (line && loop === '2400') {
          if (q === '6R' && !line.lineItemControlNumber) line.lineItemControlNumber = v;
          else line.references = append(line.references, { qualifier: q, value: v });
        } else if (claim && loop === '2300') {
          if (q === 'F8' && !claim.payerClaimControlNumber) claim.payerClaimControlNumber = v;
          else if (q === 'G1' && !claim.priorAuthorization) claim.priorAuthorization = v;
          else if (q === '9F' && !claim.referralNumber) claim.referralNumber = v;
          else if (q === 'EA' && !claim.medicalRecordNumber) claim.medicalRecordNumber = v;
          else claim.references = append(claim.references, { qualifier: q, value: v });
        } else if (party) applyPartySegment(party, seg);
        else extra(seg);
        break;
      }
      case 'NTE':
        if (line && loop === '2400') line.notes = append(line.notes, { code: el(seg, 1), text: el(seg, 2) });
        else if (claim && loop === '2300')
          claim.notes = append(claim.notes, { code: el(seg, 1), text: el(seg, 2) });
        else extra(seg);
        break;
      case 'HI':
        if (claim && loop === '2300') claim.healthCodes = readHealthCodes(seg, claim.healthCodes);
        else extra(seg);
        break;
      case 'N3':
      case 'N4':
        if (payTo && loop === '2010AB' && billing?.payToAddress) {
          applyPartySegment(payTo, seg);
          billing.payToAddress = payTo.address ?? billing.payToAddress;
        } else if (party) applyPartySegment(party, seg);
        else extra(seg);
        break;
      case 'PER':
      case 'DMG':
        if (party) applyPartySegment(party, seg);
        else extra(seg);
        break;
      default:
        extra(seg);
    }
    // The validator (keepLocated) checks every element itself; a plain read checks the dates it converts.
    if (keepLocated) located.push({ segment: seg, loop });
    else if (seg.id === 'DTP' || seg.id === 'DMG' || seg.id === 'BHT') flagDate(seg);
  };
  return {
    segment: feed,
    finish: () => {
      emitClaim();
      return { transaction: t, located };
    },
  };
}

export interface Parse837Result {
  file: ClaimFile;
  summary: ClaimFileSummary;
  issues: X12Issue[];
}

/** Reads an 837P/837I file (any number of interchanges, groups and transactions) into the claim model. */
export function parse837(input: Uint8Array | string): Parse837Result {
  const issues: X12Issue[] = [];
  const file: ClaimFile = { transactions: [] };
  let reader: ReturnType<typeof createClaim837Reader> | undefined;
  const envelope = new EnvelopeReader({
    issue: (i) => issues.push(i),
    transactionStart: (ctx) => {
      reader = undefined;
      const h = ctx.transaction;
      if (h.id !== '837') {
        issues.push({
          severity: 'error',
          code: 'NOT_837',
          message: `Transaction set ${h.id} is not an 837 claim; it was skipped.`,
          segmentOrdinal: ctx.st.ordinal,
          segmentId: 'ST',
          offset: ctx.st.offset,
          element: 'ST01',
        });
        return;
      }
      if (!kindOf(h.implementationReference)) {
        issues.push({
          severity: 'warning',
          code: 'IMPLEMENTATION_UNKNOWN',
          message: `Implementation guide "${h.implementationReference}" is neither 005010X222A1 (837P) nor 005010X223A2 (837I); read as professional.`,
          segmentOrdinal: ctx.st.ordinal,
          segmentId: 'ST',
          offset: ctx.st.offset,
          element: 'ST03',
        });
      }
      if (!file.interchange) {
        const i = ctx.interchange;
        file.interchange = {
          senderQualifier: i.senderQualifier,
          senderId: i.senderId,
          receiverQualifier: i.receiverQualifier,
          receiverId: i.receiverId,
          applicationSenderCode: ctx.group.senderCode,
          applicationReceiverCode: ctx.group.receiverCode,
          usage: i.usage === 'P' ? 'P' : 'T',
        };
      }
      reader = createClaim837Reader(h, issues, false);
    },
    segment: (s) => reader?.segment(s),
    transactionEnd: () => {
      if (reader) file.transactions.push(reader.finish().transaction);
      reader = undefined;
    },
  });
  const tokenizer = new X12Tokenizer(
    { segment: (s) => envelope.segment(s), issue: (i) => issues.push(i) },
    { shareShortElements: true },
  );
  tokenizer.write(input);
  tokenizer.end();
  envelope.end();
  return { file, summary: summarizeClaimFile(file), issues };
}

/**
 * Streams an 837 from any async iterable of chunks: each claim goes to `onClaim` when its loop ends and is
 * not retained (the transaction passed along carries header, submitter and receiver, with no claims).
 */
export async function stream837(
  source: AsyncIterable<Uint8Array | string>,
  handlers: { claim?(claim: Claim, transaction: ClaimTransaction): void; issue?(issue: X12Issue): void },
): Promise<ClaimFileSummary> {
  const summary: ClaimFileSummary = { transactions: 0, claims: 0, serviceLines: 0, totalChargeCents: 0 };
  const issues: X12Issue[] = [];
  const issue = (i: X12Issue) => handlers.issue?.(i);
  const onClaim = (c: Claim, t: ClaimTransaction) => {
    summary.claims++;
    summary.serviceLines += c.serviceLines.length;
    summary.totalChargeCents += c.totalChargeCents;
    handlers.claim?.(c, t);
  };
  let reader: ReturnType<typeof createClaim837Reader> | undefined;
  const envelope = new EnvelopeReader({
    issue,
    transactionStart: (ctx) => {
      reader =
        ctx.transaction.id === '837'
          ? createClaim837Reader(ctx.transaction, issues, false, onClaim, false)
          : undefined;
      if (!reader)
        issue({
          severity: 'error',
          code: 'NOT_837',
          message: `Transaction set ${ctx.transaction.id} is not an 837 claim; it was skipped.`,
          segmentOrdinal: ctx.st.ordinal,
          segmentId: 'ST',
          offset: ctx.st.offset,
          element: 'ST01',
        });
    },
    segment: (s) => {
      reader?.segment(s);
      if (issues.length) for (const i of issues.splice(0)) issue(i);
    },
    transactionEnd: () => {
      if (reader) {
        reader.finish();
        summary.transactions++;
      }
      for (const i of issues.splice(0)) issue(i);
      reader = undefined;
    },
  });
  const tokenizer = new X12Tokenizer({ segment: (s) => envelope.segment(s), issue });
  for await (const chunk of source) tokenizer.write(chunk);
  tokenizer.end();
  envelope.end();
  return summary;
}
