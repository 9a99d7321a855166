import type { X12Issue } from '../common/issue';
import type { ControlNumberSource, SegmentValues } from '../envelope/writer';
import { InMemoryControlNumbers, writeInterchange } from '../envelope/writer';
import { readTransactionSets } from '../envelope/reader';
import { read837Transaction } from '../837/reader';
import { validateX12 } from '../validation/validate';
import type {
  ElementError,
  FunctionalGroupAck,
  ImplementationAcknowledgment,
  SegmentError,
  TransactionAck,
} from './model';
import { IMPLEMENTATION_999 } from './model';

/** X12 element 723 (IK403) for each element-level issue code. */
const ELEMENT_ERROR_CODES: Record<string, string> = {
  ELEMENT_MISSING: '1',
  TOO_MANY_ELEMENTS: '3',
  ELEMENT_TOO_SHORT: '4',
  ELEMENT_TOO_LONG: '5',
  ELEMENT_BAD_CHARACTER: '6',
  ELEMENT_NOT_NUMERIC: '6',
  ELEMENT_NOT_INTEGER: '6',
  CODE_INVALID: '7',
  POS_INVALID: '7',
  FREQUENCY_INVALID: '7',
  STATE_INVALID: '7',
  ENTITY_CODE_INVALID: '7',
  HL_LEVEL_INVALID: '7',
  FACILITY_TYPE_INVALID: '7',
  REVENUE_CODE_INVALID: '7',
  DATE_INVALID: '8',
  DATE_IMPLAUSIBLE: '8',
  TIME_INVALID: '9',
  TOO_MANY_COMPONENTS: '13',
  ELEMENT_NOT_USED: 'I10',
};

/** X12 element 620 (IK304) for segment-level issue codes. */
const SEGMENT_ERROR_CODES: Record<string, string> = {
  SEGMENT_ID_INVALID: '1',
  SEGMENT_IGNORED: '2',
  SEGMENT_UNEXPECTED: '2',
  SEGMENT_WRONG_GUIDE: '2',
  SEGMENT_MISSING: '3',
  SEGMENT_REPEATS: '5',
  SEGMENT_ORDER: '7',
  LOOP_MISSING: 'I7',
  LEADING_WHITESPACE: '8',
};

/** IK502 codes for envelope problems of one transaction set. */
const TRANSACTION_ERROR_CODES: Record<string, string> = {
  SE_MISSING: '2',
  SE_CONTROL_MISMATCH: '3',
  SE_COUNT: '4',
};

function elementPosition(element: string): { position: number; component?: number } | undefined {
  const m = /^[A-Z0-9]{2,3}?(\d{2})(?:-(\d+))?$/.exec(element);
  if (!m) return undefined;
  return { position: Number(m[1]), component: m[2] ? Number(m[2]) : undefined };
}

export interface Acknowledge837Options {
  controlNumbers?: ControlNumberSource;
  at?: Date;
}

/**
 * Builds the 999 acknowledgment of a received 837 file: each transaction set accepted (A), accepted
 * with errors noted (E, warnings only) or rejected (R, with IK3/IK4 naming the segment and element).
 */
export function acknowledge837(input: Uint8Array | string): ImplementationAcknowledgment {
  const validation = validateX12(input);
  const { transactions } = readTransactionSets(input);
  const groups = new Map<string, FunctionalGroupAck>();
  for (const set of transactions) {
    const key = `${set.interchange.controlNumber}|${set.group.controlNumber}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        functionalId: set.group.functionalId,
        groupControlNumber: set.group.controlNumber,
        version: set.group.version,
        transactions: [],
        status: 'A',
        included: 0,
        received: 0,
        accepted: 0,
        groupErrors: [],
      };
      groups.set(key, g);
    }
    const first = set.st.ordinal;
    const last = set.se?.ordinal ?? (set.body.length ? set.body[set.body.length - 1].ordinal : first);
    const inSet = (i: X12Issue) =>
      i.segmentOrdinal !== undefined && i.segmentOrdinal >= first && i.segmentOrdinal <= last;
    const mine = validation.issues.filter(
      (i) => inSet(i) && !['ST', 'GS', 'ISA', 'IEA', 'GE'].includes(i.loop ?? ''),
    );
    // Business unit (claim id) of each segment, for CTX.
    const claimOf = new Map<number, string>();
    if (set.header.id === '837') {
      let claimId: string | undefined;
      for (const l of read837Transaction(set, []).located) {
        if (l.segment.id === 'CLM') claimId = l.segment.elements[1];
        if (l.segment.id === 'HL') claimId = undefined;
        if (claimId) claimOf.set(l.segment.ordinal, claimId);
      }
    }
    const ack: TransactionAck = {
      transactionSetId: set.header.id,
      controlNumber: set.header.controlNumber,
      implementationReference: set.header.implementationReference,
      status: 'A',
      syntaxErrors: [],
      segmentErrors: [],
    };
    const bySegment = new Map<number, SegmentError>();
    for (const issue of mine) {
      if (issue.severity !== 'error') {
        if (ack.status === 'A') ack.status = 'E';
        continue;
      }
      const txCode = TRANSACTION_ERROR_CODES[issue.code];
      if (txCode) {
        if (!ack.syntaxErrors.includes(txCode)) ack.syntaxErrors.push(txCode);
        continue;
      }
      const ordinal = issue.segmentOrdinal ?? first;
      if (issue.missingSegmentId) {
        // IK3 for a missing segment names that segment, at the position where it was expected.
        const missing: SegmentError = {
          segmentId: issue.missingSegmentId,
          position: ordinal - first + 1,
          code: '3',
          elementErrors: [],
        };
        const claimId = claimOf.get(ordinal);
        if (claimId) missing.businessUnit = { name: 'CLM01', value: claimId };
        bySegment.set(-ordinal - 1 - bySegment.size, missing);
        continue;
      }
      let se = bySegment.get(ordinal);
      if (!se) {
        se = {
          segmentId: issue.segmentId ?? 'ST',
          position: ordinal - first + 1,
          code: '8',
          elementErrors: [],
        };
        if (issue.loop && issue.loop.length <= 4 && /^\d{4}$/.test(issue.loop)) se.loop = undefined;
        const claimId = claimOf.get(ordinal);
        if (claimId) se.businessUnit = { name: 'CLM01', value: claimId };
        bySegment.set(ordinal, se);
      }
      const pos = issue.element ? elementPosition(issue.element) : undefined;
      if (pos) {
        const e: ElementError = { position: pos.position, code: ELEMENT_ERROR_CODES[issue.code] ?? 'I12' };
        if (pos.component) e.component = pos.component;
        if (se.elementErrors.length < 99) se.elementErrors.push(e);
      } else {
        se.code = SEGMENT_ERROR_CODES[issue.code] ?? '8';
      }
    }
    ack.segmentErrors = [...bySegment.values()].sort((a, b) => a.position - b.position);
    if (ack.segmentErrors.length > 0 && !ack.syntaxErrors.includes('5')) ack.syntaxErrors.push('5');
    if (ack.syntaxErrors.length > 0) ack.status = 'R';
    g.transactions.push(ack);
    g.included++;
    g.received++;
    if (ack.status === 'A' || ack.status === 'E') g.accepted++;
  }
  for (const g of groups.values()) {
    g.status =
      g.accepted === g.received
        ? g.transactions.some((t) => t.status === 'E')
          ? 'E'
          : 'A'
        : g.accepted === 0
          ? 'R'
          : 'P';
  }
  return { groups: [...groups.values()] };
}

/** The body (between ST and SE) of a 999 for one functional group. */
export function write999Body(g: FunctionalGroupAck): SegmentValues[] {
  const body: SegmentValues[] = [['AK1', g.functionalId, g.groupControlNumber, g.version]];
  for (const t of g.transactions) {
    body.push(['AK2', t.transactionSetId, t.controlNumber, t.implementationReference]);
    for (const s of t.segmentErrors) {
      body.push(['IK3', s.segmentId, String(s.position), s.loop, s.code]);
      if (s.businessUnit) body.push(['CTX', [s.businessUnit.name, s.businessUnit.value]]);
      for (const e of s.elementErrors)
        body.push([
          'IK4',
          [String(e.position), e.component === undefined ? undefined : String(e.component)],
          e.reference,
          e.code,
          e.badData,
        ]);
    }
    body.push(['IK5', t.status, ...t.syntaxErrors.slice(0, 5)]);
  }
  body.push([
    'AK9',
    g.status,
    String(g.included),
    String(g.received),
    String(g.accepted),
    ...g.groupErrors.slice(0, 5),
  ]);
  return body;
}

export interface Write999Options {
  senderId?: string;
  receiverId?: string;
  usage?: 'P' | 'T';
  controlNumbers?: ControlNumberSource;
  at?: Date;
}

/** Writes a 999 interchange: one ST*999 per acknowledged functional group. */
export function write999(ack: ImplementationAcknowledgment, options: Write999Options = {}): string {
  return writeInterchange({
    parties: {
      senderId: options.senderId ?? 'RECEIVER',
      receiverId: options.receiverId ?? 'SENDER',
      usage: options.usage ?? 'T',
    },
    groups: [
      {
        functionalId: 'FA',
        version: IMPLEMENTATION_999,
        transactions: ack.groups.map((g) => ({
          id: '999',
          implementationReference: IMPLEMENTATION_999,
          body: write999Body(g),
        })),
      },
    ],
    controlNumbers: options.controlNumbers ?? new InMemoryControlNumbers(),
    at: options.at,
  }).text;
}
