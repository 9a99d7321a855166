import type { X12Issue } from '../common/issue';
import { parse999 } from '../999/reader';
import type { ElementError, FunctionalGroupAck, SegmentError, TransactionAck } from '../999/model';
import type { InterchangeHeader, TransactionSet } from '../envelope/reader';
import { el } from '../tokenizer/segment';
import {
  ACCEPTING_TRANSACTION_SET_CODES,
  describe999Code,
  ELEMENT_SYNTAX_ERRORS,
  FUNCTIONAL_GROUP_ACKNOWLEDGMENTS,
  FUNCTIONAL_GROUP_SYNTAX_ERRORS,
  SEGMENT_SYNTAX_ERRORS,
  TRANSACTION_SET_ACKNOWLEDGMENTS,
  TRANSACTION_SET_SYNTAX_ERRORS,
} from './999-codes';
import type { TransactionSetAcknowledgmentCode } from './999-codes';
import { readAcknowledgment } from './detect';
import { plainWords } from './plain-words';

export interface CodeWithDescription {
  code: string;
  description: string;
}

/** One IK3 segment error, or one IK4 element error of it (then `element` is set). */
export interface ReportedSegmentError {
  /** IK301, e.g. NM1. */
  segmentId: string;
  /** IK302: position in the acknowledged transaction set, ST = 1. */
  segmentPosition: number;
  /** IK303: loop of the 837, e.g. 2010BA. */
  loopId?: string;
  /** IK304. */
  segmentErrorCode: string;
  segmentErrorDescription: string;
  /** 2100 CTX business unit: `CLM01` and the patient control number of the claim the segment belongs to. */
  businessUnit?: { name: string; value: string };
  element?: {
    /** IK401-1 / IK401-2. */
    position: number;
    componentPosition?: number;
    /** IK402 data element reference number. */
    reference?: string;
    /** IK403. */
    errorCode: string;
    errorDescription: string;
    /** IK404 copy of the bad data: may be PHI (a name, a member id); keep it out of logs. */
    badData?: string;
  };
}

/** AK2 … IK5: the payer's verdict on one transaction set we sent. */
export interface AcknowledgedTransactionSet {
  /** AK201, e.g. 837. */
  transactionSetId: string;
  /** AK202: our ST02. */
  transactionSetControlNumber: string;
  /** AK203, e.g. 005010X222A1. */
  implementationReference?: string;
  /** IK501 A (accepted) or E (accepted, errors noted); R, M, W, X are rejections. */
  accepted: boolean;
  code: string;
  codeDescription: string;
  /** IK502–IK506. */
  syntaxErrors: CodeWithDescription[];
  errors: ReportedSegmentError[];
  /** Plain sentences for the biller, one per problem. */
  reasons: string[];
}

/** AK1 … AK9: the payer's verdict on one functional group (one 837 batch) we sent. */
export interface AcknowledgedGroup {
  /** ISA13 and ST02 of the 999 that carries this verdict. */
  interchangeControlNumber: string;
  acknowledgmentControlNumber: string;
  /**
   * ISA06 and ISA08 of the 999: who sent it (the payer or clearinghouse our 837 went to, our ISA08)
   * and to whom (our ISA06). GS06 numbers are unique per sender/receiver pair only, so AK102 names
   * one of our groups together with this pair.
   */
  interchangeSenderId: string;
  interchangeReceiverId: string;
  /** AK101, e.g. HC. */
  functionalId: string;
  /** AK102: our GS06. */
  acknowledgedGroupControlNumber: string;
  /** AK103, e.g. 005010X222A1. */
  versionReference?: string;
  /** AK901 A, E, P (partially accepted), R, M, W, X. */
  groupAccepted: string;
  groupAcceptedDescription: string;
  /** AK902–AK904. */
  transactionSetsIncluded: number;
  transactionSetsReceived: number;
  transactionSetsAccepted: number;
  /** AK905–AK909. */
  groupErrors: CodeWithDescription[];
  /**
   * The AK2 loops. Payers may send AK2 only for sets with errors: a transaction set of the group that is
   * not listed takes the group's verdict (AK901 A or E: accepted; R: rejected).
   */
  transactions: AcknowledgedTransactionSet[];
  reasons: string[];
}

export interface ImplementationAcknowledgmentReading {
  kind: '999';
  /** ISA13 of the (first) interchange of the 999 itself. */
  interchangeControlNumber: string;
  groups: AcknowledgedGroup[];
  /** Envelope warnings and inconsistencies inside the 999 (AK9 counts that disagree with the AK2 loops …). */
  warnings: X12Issue[];
}

export type Interpreted999 =
  { ok: true; acknowledgment: ImplementationAcknowledgmentReading } | { ok: false; errors: X12Issue[] };

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function elementName(segmentId: string, e: ElementError): string {
  return `${segmentId}${twoDigits(e.position)}${e.component ? `-${e.component}` : ''}`;
}

function where(s: SegmentError): string {
  const context = [s.loop ? `loop ${s.loop}` : '', s.businessUnit ? `claim ${s.businessUnit.value}` : '']
    .filter(Boolean)
    .join(', ');
  return `${s.segmentId || '(no segment id)'} at segment ${s.position}${context ? ` (${context})` : ''}`;
}

function segmentErrors(s: SegmentError): { errors: ReportedSegmentError[]; reasons: string[] } {
  const base: ReportedSegmentError = {
    segmentId: s.segmentId,
    segmentPosition: s.position,
    segmentErrorCode: s.code,
    segmentErrorDescription: describe999Code(SEGMENT_SYNTAX_ERRORS, s.code, 'segment syntax error code'),
  };
  if (s.loop) base.loopId = s.loop;
  if (s.businessUnit) base.businessUnit = s.businessUnit;
  if (s.elementErrors.length === 0)
    return { errors: [base], reasons: [`${where(s)}: ${plainWords(base.segmentErrorDescription)}`] };
  const errors: ReportedSegmentError[] = [];
  const reasons: string[] = [];
  for (const e of s.elementErrors) {
    const element: NonNullable<ReportedSegmentError['element']> = {
      position: e.position,
      errorCode: e.code,
      errorDescription: describe999Code(ELEMENT_SYNTAX_ERRORS, e.code, 'element syntax error code'),
    };
    if (e.component) element.componentPosition = e.component;
    if (e.reference) element.reference = e.reference;
    if (e.badData) element.badData = e.badData;
    errors.push({ ...base, element });
    const position = `element ${e.position}${e.component ? `, component ${e.component}` : ''}`;
    reasons.push(
      `${where(s)}: ${plainWords(element.errorDescription)} — ${elementName(s.segmentId, e)} (${position})`,
    );
  }
  return { errors, reasons };
}

function transactionSet(t: TransactionAck): AcknowledgedTransactionSet {
  const syntaxErrors = t.syntaxErrors.map((code) => ({
    code,
    description: describe999Code(TRANSACTION_SET_SYNTAX_ERRORS, code, 'transaction set syntax error code'),
  }));
  const errors: ReportedSegmentError[] = [];
  const reasons: string[] = [];
  for (const s of t.segmentErrors) {
    const r = segmentErrors(s);
    errors.push(...r.errors);
    reasons.push(...r.reasons);
  }
  const name = `Transaction set ${t.transactionSetId} ${t.controlNumber}`;
  // IK502 5/I5 "one or more segments in error" only points at the IK3 loops, which already have their sentences.
  for (const e of syntaxErrors)
    if (!(errors.length && (e.code === '5' || e.code === 'I5')))
      reasons.push(`${name}: ${plainWords(e.description)}`);
  const accepted = ACCEPTING_TRANSACTION_SET_CODES.includes(t.status as TransactionSetAcknowledgmentCode);
  if (!accepted && reasons.length === 0)
    reasons.push(`${name}: rejected (IK501 ${t.status || 'empty'}) without a stated reason`);
  const result: AcknowledgedTransactionSet = {
    transactionSetId: t.transactionSetId,
    transactionSetControlNumber: t.controlNumber,
    accepted,
    code: t.status,
    codeDescription: describe999Code(
      TRANSACTION_SET_ACKNOWLEDGMENTS,
      t.status,
      'transaction set acknowledgment code',
    ),
    syntaxErrors,
    errors,
    reasons,
  };
  if (t.implementationReference) result.implementationReference = t.implementationReference;
  return result;
}

/** AK901 codes under which the group's transaction sets were taken in (P: some were; see their AK2 loops). */
const ACCEPTING_GROUP_CODES = ['A', 'E', 'P'];

function group(
  g: FunctionalGroupAck,
  interchange: Pick<InterchangeHeader, 'controlNumber' | 'senderId' | 'receiverId'>,
  acknowledgment: string,
): AcknowledgedGroup {
  const groupErrors = g.groupErrors.map((code) => ({
    code,
    description: describe999Code(FUNCTIONAL_GROUP_SYNTAX_ERRORS, code, 'functional group syntax error code'),
  }));
  const result: AcknowledgedGroup = {
    interchangeControlNumber: interchange.controlNumber,
    acknowledgmentControlNumber: acknowledgment,
    interchangeSenderId: interchange.senderId,
    interchangeReceiverId: interchange.receiverId,
    functionalId: g.functionalId,
    acknowledgedGroupControlNumber: g.groupControlNumber,
    groupAccepted: g.status,
    groupAcceptedDescription: describe999Code(
      FUNCTIONAL_GROUP_ACKNOWLEDGMENTS,
      g.status,
      'functional group acknowledgment code',
    ),
    transactionSetsIncluded: g.included,
    transactionSetsReceived: g.received,
    transactionSetsAccepted: g.accepted,
    groupErrors,
    transactions: g.transactions.map(transactionSet),
    reasons: groupErrors.map((e) => `Functional group ${g.groupControlNumber}: ${plainWords(e.description)}`),
  };
  if (g.version) result.versionReference = g.version;
  if (
    !ACCEPTING_GROUP_CODES.includes(g.status) &&
    result.reasons.length === 0 &&
    result.transactions.length === 0
  )
    result.reasons.push(
      `Functional group ${g.groupControlNumber}: rejected (AK901 ${g.status || 'empty'}) without a stated reason`,
    );
  return result;
}

/** Checks the 999 against itself: AK9 present, AK904 = the accepted AK2 loops when every set is listed. */
function consistency(g: AcknowledgedGroup, at: X12Issue): X12Issue[] {
  const out: X12Issue[] = [];
  if (!g.groupAccepted)
    out.push({
      ...at,
      code: 'AK9_MISSING',
      message: `Group ${g.acknowledgedGroupControlNumber} has no AK9 verdict: its transaction sets are read from their IK5 only.`,
    });
  const accepted = g.transactions.filter((t) => t.accepted).length;
  if (
    g.transactions.length === g.transactionSetsReceived &&
    g.groupAccepted &&
    accepted !== g.transactionSetsAccepted
  )
    out.push({
      ...at,
      code: 'AK9_COUNT',
      message: `AK904 says ${g.transactionSetsAccepted} transaction set(s) of group ${g.acknowledgedGroupControlNumber} were accepted, but ${accepted} IK5 accept: the IK5 verdicts are used.`,
    });
  return out;
}

/**
 * The verdicts themselves must read: each AK2 loop ends in an IK5 whose IK501 is a code of the 999 IG
 * (A, E accepted; M, R, W, X rejected), and an AK901 that is given is one of A, E, M, P, R, W, X.
 * Anything else (empty, garbage, a missing IK5) is no verdict: reading it as a rejection would move
 * claims to payer_rejected on a damaged file, so the file is refused where the verdict stands.
 */
function unreadableVerdicts(set: TransactionSet): X12Issue[] {
  const out: X12Issue[] = [];
  const at = (
    s: { ordinal: number; offset: number; id: string },
    element: string,
    code: string,
    message: string,
  ) =>
    out.push({
      severity: 'error',
      code,
      message,
      segmentOrdinal: s.ordinal,
      segmentId: s.id,
      offset: s.offset,
      element,
    });
  let openAk2: { ordinal: number; offset: number; id: string } | undefined;
  const closeAk2 = () => {
    if (openAk2)
      at(
        openAk2,
        'IK5',
        'IK5_MISSING',
        `The AK2 loop at segment ${openAk2.ordinal} has no IK5 verdict (IK5 is required for each AK2).`,
      );
    openAk2 = undefined;
  };
  for (const s of set.body) {
    if (s.id === 'AK2') {
      closeAk2();
      openAk2 = s;
    } else if (s.id === 'IK5') {
      const code = el(s, 1);
      if (!Object.prototype.hasOwnProperty.call(TRANSACTION_SET_ACKNOWLEDGMENTS, code))
        at(
          s,
          'IK501',
          'IK501_INVALID',
          `IK501 at segment ${s.ordinal} is ${code ? 'not a transaction set acknowledgment code' : 'empty'}: use A, E, M, R, W or X.`,
        );
      openAk2 = undefined;
    } else if (s.id === 'AK9') {
      closeAk2();
      const code = el(s, 1);
      if (!Object.prototype.hasOwnProperty.call(FUNCTIONAL_GROUP_ACKNOWLEDGMENTS, code))
        at(
          s,
          'AK901',
          'AK901_INVALID',
          `AK901 at segment ${s.ordinal} is ${code ? 'not a functional group acknowledgment code' : 'empty'}: use A, E, M, P, R, W or X.`,
        );
    } else if (s.id === 'AK1') closeAk2();
  }
  closeAk2();
  return out;
}

/**
 * Reads a 999 into what a biller and the claims service need: per batch (AK1) and per transaction set
 * (AK2), accepted or not, and why in plain sentences (IK3/IK4 with the IG's code descriptions).
 */
export function interpret999(input: Uint8Array | string): Interpreted999 {
  const read = readAcknowledgment(input);
  if (!read.ok) return read;
  if (read.kind !== '999') {
    const st = read.transactions[0].st;
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'NOT_999',
          message: `Found a 277CA claim acknowledgment at segment ${st.ordinal}, byte ${st.offset}, not a 999: read it with interpret277ca.`,
          segmentOrdinal: st.ordinal,
          segmentId: 'ST',
          offset: st.offset,
          element: 'ST01',
        },
      ],
    };
  }
  const unreadable = read.transactions.flatMap(unreadableVerdicts);
  if (unreadable.length) return { ok: false, errors: unreadable };
  const parsed = parse999(input);
  const warnings = [...read.warnings];
  const groups: AcknowledgedGroup[] = [];
  parsed.acknowledgments.forEach((ack, i) => {
    const set = read.transactions[i];
    for (const g of ack.groups) {
      const interpreted = group(g, set.interchange, ack.controlNumber ?? '');
      groups.push(interpreted);
      warnings.push(
        ...consistency(interpreted, {
          severity: 'warning',
          code: '',
          message: '',
          segmentOrdinal: set.st.ordinal,
          segmentId: 'ST',
          offset: set.st.offset,
        }),
      );
    }
  });
  return {
    ok: true,
    acknowledgment: {
      kind: '999',
      interchangeControlNumber: read.transactions[0].interchange.controlNumber,
      groups,
      warnings,
    },
  };
}
