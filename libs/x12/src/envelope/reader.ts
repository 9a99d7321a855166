import type { X12Issue } from '../common/issue';
import { isValidCcyymmdd, isValidTime, isValidYymmdd } from '../common/format';
import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';
import { X12Tokenizer } from '../tokenizer/tokenizer';

export interface InterchangeHeader {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** YYMMDD and HHMM as sent. */
  date: string;
  time: string;
  version: string;
  controlNumber: string;
  acknowledgmentRequested: string;
  usage: string;
}

export interface GroupHeader {
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  date: string;
  time: string;
  controlNumber: string;
  version: string;
}

export interface TransactionHeader {
  /** ST01, e.g. 837. */
  id: string;
  controlNumber: string;
  /** ST03 (or GS08 when ST03 is absent). */
  implementationReference: string;
}

export interface TransactionContext {
  interchange: InterchangeHeader;
  group: GroupHeader;
  transaction: TransactionHeader;
  st: Segment;
  /** Segments seen so far in this transaction, ST included. */
  count: number;
}

export interface EnvelopeEvents {
  transactionStart?(ctx: TransactionContext): void;
  /** A segment between ST and SE. */
  segment?(segment: Segment, ctx: TransactionContext): void;
  /** SE reached (se set) or the transaction was cut short (se undefined). */
  transactionEnd?(ctx: TransactionContext, se: Segment | undefined): void;
  interchangeStart?(header: InterchangeHeader, isa: Segment): void;
  groupStart?(header: GroupHeader, gs: Segment): void;
  issue(issue: X12Issue): void;
}

/** 2–3 characters, upper-case letter then upper-case letters/digits. */
function isSegmentId(id: string): boolean {
  const n = id.length;
  if (n < 2 || n > 3) return false;
  const c0 = id.charCodeAt(0);
  if (c0 < 65 || c0 > 90) return false;
  for (let i = 1; i < n; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}
export const USAGE_INDICATORS = ['P', 'T'];

/**
 * Tracks ISA/GS/ST envelopes over a segment stream: checks control numbers and counts (SE01, GE01,
 * IEA01) and hands each transaction's body to the caller. A broken envelope is reported and the
 * transactions inside it are still delivered.
 */
export class EnvelopeReader {
  private isa: { header: InterchangeHeader; segment: Segment; groups: number } | undefined;
  private gs: { header: GroupHeader; segment: Segment; transactions: number } | undefined;
  private st: TransactionContext | undefined;
  private readonly seenInterchanges = new Set<string>();
  private outsideReported = false;

  constructor(private readonly events: EnvelopeEvents) {}

  private issue(
    severity: 'error' | 'warning',
    code: string,
    message: string,
    seg: Segment | undefined,
    element?: string,
    loop?: string,
  ): void {
    this.events.issue({
      severity,
      code,
      message,
      segmentOrdinal: seg?.ordinal,
      segmentId: seg?.id,
      offset: seg?.offset,
      element,
      loop,
    });
  }

  segment(seg: Segment): void {
    if (seg.leadingWhitespace) {
      this.issue(
        'error',
        'LEADING_WHITESPACE',
        `Segment ${seg.id} starts with ${seg.leadingWhitespace} space(s): X12 segments must start right after the previous terminator (remove the indentation).`,
        seg,
      );
    }
    if (!isSegmentId(seg.id)) {
      this.issue(
        'error',
        'SEGMENT_ID_INVALID',
        `"${seg.id.slice(0, 20)}" is not a valid segment id (2–3 upper-case letters/digits): the file is damaged here.`,
        seg,
      );
      if (this.st) {
        this.st.count++;
        this.events.segment?.(seg, this.st);
      }
      return;
    }
    switch (seg.id) {
      case 'ISA':
        return this.onIsa(seg);
      case 'GS':
        return this.onGs(seg);
      case 'ST':
        return this.onSt(seg);
      case 'SE':
        return this.onSe(seg);
      case 'GE':
        return this.onGe(seg);
      case 'IEA':
        return this.onIea(seg);
      default:
        if (!this.st) {
          if (!this.outsideReported) {
            this.outsideReported = true;
            this.issue(
              'error',
              'SEGMENT_OUTSIDE_TRANSACTION',
              `Segment ${seg.id} is outside any ST/SE transaction set; it was ignored.`,
              seg,
            );
          }
          return;
        }
        this.st.count++;
        this.events.segment?.(seg, this.st);
    }
  }

  end(): void {
    const last = undefined;
    if (this.st) {
      this.issue(
        'error',
        'SE_MISSING',
        `Transaction set ${this.st.transaction.id} (ST02 ${this.st.transaction.controlNumber}) has no SE trailer: the file was truncated.`,
        this.st.st,
        undefined,
        'ST',
      );
      this.events.transactionEnd?.(this.st, last);
      this.st = undefined;
    }
    if (this.gs) {
      this.issue(
        'error',
        'GE_MISSING',
        `Functional group GS06 ${this.gs.header.controlNumber} has no GE trailer: the file was truncated.`,
        this.gs.segment,
        undefined,
        'GS',
      );
      this.gs = undefined;
    }
    if (this.isa) {
      this.issue(
        'error',
        'IEA_MISSING',
        `Interchange ISA13 ${this.isa.header.controlNumber} has no IEA trailer: the file was truncated.`,
        this.isa.segment,
        undefined,
        'ISA',
      );
      this.isa = undefined;
    }
  }

  private onIsa(seg: Segment): void {
    if (this.st || this.gs || this.isa) {
      this.issue(
        'error',
        'IEA_MISSING',
        'A new ISA starts before the previous interchange was closed with IEA.',
        seg,
        undefined,
        'ISA',
      );
      if (this.st) this.events.transactionEnd?.(this.st, undefined);
      this.st = undefined;
      this.gs = undefined;
    }
    const e = seg.elements;
    const header: InterchangeHeader = {
      senderQualifier: (e[5] ?? '').trim(),
      senderId: (e[6] ?? '').trim(),
      receiverQualifier: (e[7] ?? '').trim(),
      receiverId: (e[8] ?? '').trim(),
      date: e[9] ?? '',
      time: e[10] ?? '',
      version: e[12] ?? '',
      controlNumber: e[13] ?? '',
      acknowledgmentRequested: e[14] ?? '',
      usage: e[15] ?? '',
    };
    this.isa = { header, segment: seg, groups: 0 };
    if (e.length !== 17)
      this.issue(
        'error',
        'ISA_ELEMENT_COUNT',
        `ISA must have exactly 16 elements; found ${e.length - 1}.`,
        seg,
        undefined,
        'ISA',
      );
    const widths = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
    for (let i = 1; i <= 16 && i < e.length; i++) {
      if (e[i].length !== widths[i - 1]) {
        this.issue(
          'error',
          'ISA_WIDTH',
          `ISA${two(i)} must be exactly ${widths[i - 1]} characters (pad with spaces); found ${e[i].length}.`,
          seg,
          `ISA${two(i)}`,
          'ISA',
        );
      }
    }
    if (header.date && !isValidYymmdd(header.date))
      this.issue(
        'error',
        'DATE_INVALID',
        `ISA09 interchange date "${header.date}" is not a real YYMMDD date.`,
        seg,
        'ISA09',
        'ISA',
      );
    if (header.time && !isValidTime(header.time))
      this.issue(
        'error',
        'TIME_INVALID',
        `ISA10 interchange time "${header.time}" is not a valid HHMM time.`,
        seg,
        'ISA10',
        'ISA',
      );
    if (header.version && header.version !== '00501')
      this.issue(
        'error',
        'ISA_VERSION',
        `ISA12 is "${header.version}"; HIPAA 5010 interchanges use 00501.`,
        seg,
        'ISA12',
        'ISA',
      );
    if (!/^\d{9}$/.test(header.controlNumber))
      this.issue(
        'error',
        'ISA13_INVALID',
        `ISA13 interchange control number "${header.controlNumber}" must be 9 digits.`,
        seg,
        'ISA13',
        'ISA',
      );
    if (header.usage && !USAGE_INDICATORS.includes(header.usage))
      this.issue(
        'error',
        'ISA15_INVALID',
        `ISA15 usage indicator "${header.usage}" must be P (production) or T (test).`,
        seg,
        'ISA15',
        'ISA',
      );
    const key = `${header.senderQualifier}|${header.senderId}|${header.receiverQualifier}|${header.receiverId}|${header.controlNumber}`;
    if (this.seenInterchanges.has(key)) {
      this.issue(
        'error',
        'ISA13_DUPLICATE',
        `Interchange control number ISA13 ${header.controlNumber} is used twice by the same sender and receiver; receivers reject duplicates.`,
        seg,
        'ISA13',
        'ISA',
      );
    }
    this.seenInterchanges.add(key);
    this.events.interchangeStart?.(header, seg);
  }

  private onGs(seg: Segment): void {
    if (this.st) {
      this.issue(
        'error',
        'SE_MISSING',
        'A GS starts before the open transaction set was closed with SE.',
        seg,
        undefined,
        'GS',
      );
      this.events.transactionEnd?.(this.st, undefined);
      this.st = undefined;
    }
    if (this.gs)
      this.issue(
        'error',
        'GE_MISSING',
        'A GS starts before the previous functional group was closed with GE.',
        seg,
        undefined,
        'GS',
      );
    if (!this.isa)
      this.issue(
        'error',
        'ISA_MISSING',
        'GS functional group without an ISA interchange header.',
        seg,
        undefined,
        'GS',
      );
    else this.isa.groups++;
    const header: GroupHeader = {
      functionalId: el(seg, 1),
      senderCode: el(seg, 2),
      receiverCode: el(seg, 3),
      date: el(seg, 4),
      time: el(seg, 5),
      controlNumber: el(seg, 6),
      version: el(seg, 8),
    };
    if (!isValidCcyymmdd(header.date))
      this.issue(
        'error',
        'DATE_INVALID',
        `GS04 group date "${header.date}" is not a real CCYYMMDD date.`,
        seg,
        'GS04',
        'GS',
      );
    if (!isValidTime(header.time))
      this.issue(
        'error',
        'TIME_INVALID',
        `GS05 group time "${header.time}" is not a valid HHMM[SS] time.`,
        seg,
        'GS05',
        'GS',
      );
    if (!/^\d{1,9}$/.test(header.controlNumber))
      this.issue(
        'error',
        'GS06_INVALID',
        `GS06 group control number "${header.controlNumber}" must be 1–9 digits.`,
        seg,
        'GS06',
        'GS',
      );
    if (el(seg, 7) !== 'X')
      this.issue('error', 'GS07_INVALID', 'GS07 responsible agency code must be X.', seg, 'GS07', 'GS');
    this.gs = { header, segment: seg, transactions: 0 };
    this.events.groupStart?.(header, seg);
  }

  private onSt(seg: Segment): void {
    if (this.st) {
      this.issue(
        'error',
        'SE_MISSING',
        `Transaction set ST02 ${this.st.transaction.controlNumber} was not closed with SE before the next ST.`,
        seg,
        undefined,
        'ST',
      );
      this.events.transactionEnd?.(this.st, undefined);
    }
    if (!this.gs)
      this.issue(
        'error',
        'GS_MISSING',
        'ST transaction set without a GS functional group header.',
        seg,
        undefined,
        'ST',
      );
    else this.gs.transactions++;
    const interchange = this.isa?.header ?? emptyInterchange();
    const group = this.gs?.header ?? emptyGroup();
    const transaction: TransactionHeader = {
      id: el(seg, 1),
      controlNumber: el(seg, 2),
      implementationReference: el(seg, 3) || group.version,
    };
    if (!/^[A-Za-z0-9]{4,9}$/.test(transaction.controlNumber))
      this.issue(
        'error',
        'ST02_INVALID',
        `ST02 transaction set control number "${transaction.controlNumber}" must be 4–9 characters.`,
        seg,
        'ST02',
        'ST',
      );
    if (el(seg, 3) && group.version && el(seg, 3) !== group.version) {
      this.issue(
        'error',
        'ST03_MISMATCH',
        `ST03 "${el(seg, 3)}" differs from the group's GS08 "${group.version}".`,
        seg,
        'ST03',
        'ST',
      );
    }
    this.st = { interchange, group, transaction, st: seg, count: 1 };
    this.events.transactionStart?.(this.st);
  }

  private onSe(seg: Segment): void {
    const st = this.st;
    if (!st) {
      this.issue('error', 'ST_MISSING', 'SE trailer without a matching ST header.', seg, undefined, 'SE');
      return;
    }
    st.count++;
    const declared = el(seg, 1);
    if (declared !== String(st.count)) {
      this.issue(
        'error',
        'SE_COUNT',
        `SE01 says the transaction has ${declared || '(nothing)'} segments but it has ${st.count} (ST through SE): segments were added or lost.`,
        seg,
        'SE01',
        'SE',
      );
    }
    if (el(seg, 2) !== st.transaction.controlNumber) {
      this.issue(
        'error',
        'SE_CONTROL_MISMATCH',
        `SE02 "${el(seg, 2)}" must repeat the ST02 control number "${st.transaction.controlNumber}".`,
        seg,
        'SE02',
        'SE',
      );
    }
    this.events.transactionEnd?.(st, seg);
    this.st = undefined;
  }

  private onGe(seg: Segment): void {
    if (this.st) {
      this.issue(
        'error',
        'SE_MISSING',
        `Transaction set ST02 ${this.st.transaction.controlNumber} was not closed with SE before GE.`,
        seg,
        undefined,
        'GE',
      );
      this.events.transactionEnd?.(this.st, undefined);
      this.st = undefined;
    }
    const gs = this.gs;
    if (!gs) {
      this.issue('error', 'GS_MISSING', 'GE trailer without a matching GS header.', seg, undefined, 'GE');
      return;
    }
    if (el(seg, 1) !== String(gs.transactions)) {
      this.issue(
        'error',
        'GE_COUNT',
        `GE01 says the group has ${el(seg, 1) || '(nothing)'} transaction sets but it has ${gs.transactions}.`,
        seg,
        'GE01',
        'GE',
      );
    }
    if (el(seg, 2) !== gs.header.controlNumber) {
      this.issue(
        'error',
        'GE_CONTROL_MISMATCH',
        `GE02 "${el(seg, 2)}" must repeat the GS06 group control number "${gs.header.controlNumber}".`,
        seg,
        'GE02',
        'GE',
      );
    }
    this.gs = undefined;
  }

  private onIea(seg: Segment): void {
    if (this.st) {
      this.issue(
        'error',
        'SE_MISSING',
        'Transaction set not closed with SE before IEA.',
        seg,
        undefined,
        'IEA',
      );
      this.events.transactionEnd?.(this.st, undefined);
      this.st = undefined;
    }
    if (this.gs) {
      this.issue(
        'error',
        'GE_MISSING',
        'Functional group not closed with GE before IEA.',
        seg,
        undefined,
        'IEA',
      );
      this.gs = undefined;
    }
    const isa = this.isa;
    if (!isa) {
      this.issue('error', 'ISA_MISSING', 'IEA trailer without a matching ISA header.', seg, undefined, 'IEA');
      return;
    }
    if (el(seg, 1) !== String(isa.groups)) {
      this.issue(
        'error',
        'IEA_COUNT',
        `IEA01 says the interchange has ${el(seg, 1) || '(nothing)'} functional groups but it has ${isa.groups}.`,
        seg,
        'IEA01',
        'IEA',
      );
    }
    if (el(seg, 2) !== isa.header.controlNumber) {
      this.issue(
        'error',
        'IEA_CONTROL_MISMATCH',
        `IEA02 "${el(seg, 2)}" must repeat the ISA13 interchange control number "${isa.header.controlNumber}".`,
        seg,
        'IEA02',
        'IEA',
      );
    }
    this.isa = undefined;
  }
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function emptyInterchange(): InterchangeHeader {
  return {
    senderQualifier: '',
    senderId: '',
    receiverQualifier: '',
    receiverId: '',
    date: '',
    time: '',
    version: '',
    controlNumber: '',
    acknowledgmentRequested: '',
    usage: '',
  };
}

function emptyGroup(): GroupHeader {
  return {
    functionalId: '',
    senderCode: '',
    receiverCode: '',
    date: '',
    time: '',
    controlNumber: '',
    version: '',
  };
}

/** A transaction set read in full: its header, context and body segments (between ST and SE). */
export interface TransactionSet {
  interchange: InterchangeHeader;
  group: GroupHeader;
  header: TransactionHeader;
  st: Segment;
  se?: Segment;
  body: Segment[];
}

/** Reads an in-memory file into transaction sets plus every tokenizer and envelope issue. */
export function readTransactionSets(input: Uint8Array | string): {
  transactions: TransactionSet[];
  issues: X12Issue[];
  segmentCount: number;
} {
  const transactions: TransactionSet[] = [];
  const issues: X12Issue[] = [];
  let current: TransactionSet | undefined;
  const envelope = new EnvelopeReader({
    issue: (i) => issues.push(i),
    transactionStart: (ctx) => {
      current = {
        interchange: ctx.interchange,
        group: ctx.group,
        header: ctx.transaction,
        st: ctx.st,
        body: [],
      };
    },
    segment: (s) => current?.body.push(s),
    transactionEnd: (_ctx, se) => {
      if (current) {
        if (se) current.se = se;
        transactions.push(current);
      }
      current = undefined;
    },
  });
  const tokenizer = new X12Tokenizer({ segment: (s) => envelope.segment(s), issue: (i) => issues.push(i) });
  tokenizer.write(input);
  tokenizer.end();
  envelope.end();
  return { transactions, issues, segmentCount: tokenizer.segmentCount };
}
