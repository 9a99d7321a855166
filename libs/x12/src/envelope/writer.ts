import type { Delimiters } from '../tokenizer/segment';
import { DEFAULT_DELIMITERS } from '../tokenizer/segment';

/** An element value to write: text, a composite (components), or absent. */
export type ElementValue = string | undefined | (string | undefined)[];
/** A segment to write: id first, then elements 1..n. */
export type SegmentValues = [string, ...ElementValue[]];

/** Serializes segments with the given delimiters, dropping trailing empty elements and components. */
export class SegmentFormatter {
  /** Any delimiter character: one native scan per element instead of one per delimiter. */
  private readonly unsafe: RegExp;

  constructor(
    readonly delimiters: Delimiters = DEFAULT_DELIMITERS,
    readonly lineBreaks = true,
  ) {
    const chars = [delimiters.element, delimiters.component, delimiters.segment, delimiters.repetition]
      .filter((c): c is string => c !== undefined && c !== '')
      .map((c) => c.replace(/[\\\]^-]/g, (m) => `\\${m}`))
      .join('');
    this.unsafe = new RegExp(`[${chars}]`);
  }

  format(values: SegmentValues): string {
    const d = this.delimiters;
    let last = values.length - 1;
    while (last > 0 && isEmpty(values[last])) last--;
    let out = values[0];
    for (let i = 1; i <= last; i++) {
      const v = values[i];
      out += d.element;
      if (v === undefined) continue;
      if (typeof v === 'string') out += this.clean(v);
      else {
        let lastC = v.length - 1;
        while (lastC >= 0 && (v[lastC] === undefined || v[lastC] === '')) lastC--;
        for (let c = 0; c <= lastC; c++) {
          if (c > 0) out += d.component;
          const part = v[c];
          if (part) out += this.clean(part);
        }
      }
    }
    return out + d.segment + (this.lineBreaks && d.segment !== '\n' ? '\n' : '');
  }

  /** Delimiter characters inside data would corrupt the file: replace them with a space. */
  private clean(text: string): string {
    const d = this.delimiters;
    if (this.unsafe.test(text)) {
      let out = '';
      for (const ch of text)
        out += ch === d.element || ch === d.component || ch === d.segment || ch === d.repetition ? ' ' : ch;
      return out;
    }
    return text;
  }
}

function isEmpty(v: ElementValue): boolean {
  if (v === undefined || v === '') return true;
  if (typeof v === 'string') return false;
  return v.every((c) => c === undefined || c === '');
}

export interface InterchangeParties {
  /** ISA05/ISA06; qualifier defaults to ZZ (mutually defined). */
  senderQualifier?: string;
  senderId: string;
  receiverQualifier?: string;
  receiverId: string;
  /** GS02/GS03; default to the ISA ids. */
  applicationSenderCode?: string;
  applicationReceiverCode?: string;
  /** ISA15: P production, T test. */
  usage: 'P' | 'T';
  /** ISA14: 1 asks the receiver for a TA1. */
  acknowledgmentRequested?: boolean;
}

export interface TransactionToWrite {
  /** ST01, e.g. 837. */
  id: string;
  /** ST03 / GS08, e.g. 005010X222A1. */
  implementationReference: string;
  /** The segments between ST and SE. */
  body: SegmentValues[];
}

export interface GroupToWrite {
  /** GS01: HC claim, HP payment, FA acknowledgment, HN status notification. */
  functionalId: string;
  version: string;
  transactions: TransactionToWrite[];
}

/**
 * Issues control numbers. The in-memory implementation counts per sender/receiver pair; a service that
 * sends files implements this over its database so numbers stay unique across restarts.
 */
export interface ControlNumberSource {
  next(kind: 'interchange' | 'group', senderId: string, receiverId: string): number;
}

export class InMemoryControlNumbers implements ControlNumberSource {
  private readonly counters = new Map<string, number>();
  constructor(private readonly start = 1) {}
  next(kind: 'interchange' | 'group', senderId: string, receiverId: string): number {
    const key = `${kind}|${senderId}|${receiverId}`;
    const value = this.counters.get(key) ?? this.start;
    this.counters.set(key, value + 1);
    // ISA13 is 9 digits, GS06 up to 9 digits: wrap around rather than overflow.
    return ((value - 1) % 999_999_999) + 1;
  }
}

export interface WriteInterchangeOptions {
  parties: InterchangeParties;
  groups: GroupToWrite[];
  controlNumbers: ControlNumberSource;
  /** Defaults to now; used for ISA09/ISA10 and GS04/GS05. */
  at?: Date;
  delimiters?: Delimiters;
  /** A line break after each segment terminator (default true; receivers accept both). */
  lineBreaks?: boolean;
}

export interface WrittenInterchange {
  text: string;
  interchangeControlNumber: string;
  groupControlNumbers: string[];
  segmentCount: number;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function checkParties(p: InterchangeParties): void {
  for (const [name, value, max] of [
    ['sender id (ISA06)', p.senderId, 15],
    ['receiver id (ISA08)', p.receiverId, 15],
    ['sender qualifier (ISA05)', p.senderQualifier ?? 'ZZ', 2],
    ['receiver qualifier (ISA07)', p.receiverQualifier ?? 'ZZ', 2],
  ] as const) {
    if (value.length === 0 || value.length > max)
      throw new RangeError(`interchange ${name} must be 1–${max} characters, got "${value}"`);
  }
}

/** GS04 (CCYYMMDD) and GS05 (HHMM) of a moment, in UTC; ISA09 is the last six digits of the date. */
export function envelopeDateTime(at: Date): { ccyymmdd: string; hhmm: string } {
  return {
    ccyymmdd: `${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}`,
    hhmm: `${two(at.getUTCHours())}${two(at.getUTCMinutes())}`,
  };
}

export interface InterchangeHeaderOptions {
  parties: InterchangeParties;
  /** ISA13, 1–999 999 999 (written zero-padded to nine digits). */
  controlNumber: number;
  at: Date;
  delimiters?: Delimiters;
  lineBreaks?: boolean;
}

/**
 * The ISA segment alone, for a file written in pieces (ISA+GS, then each ST…SE, then GE+IEA) so that a large
 * batch is never held whole. `writeInterchange` opens with the same text.
 */
export function writeInterchangeHeader(options: InterchangeHeaderOptions): string {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const p = options.parties;
  const { ccyymmdd, hhmm } = envelopeDateTime(options.at);
  checkParties(p);
  const n = options.controlNumber;
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
    throw new RangeError(`interchange control number (ISA13) must be 1–999999999, got ${n}`);
  // ISA is fixed-width (X12.5): every element padded to its full length.
  return (
    [
      'ISA',
      '00',
      pad('', 10),
      '00',
      pad('', 10),
      pad(p.senderQualifier ?? 'ZZ', 2),
      pad(p.senderId, 15),
      pad(p.receiverQualifier ?? 'ZZ', 2),
      pad(p.receiverId, 15),
      ccyymmdd.slice(2),
      hhmm,
      d.repetition ?? 'U',
      '00501',
      String(n).padStart(9, '0'),
      p.acknowledgmentRequested ? '1' : '0',
      p.usage,
    ].join(d.element) +
    d.element +
    d.component +
    d.segment +
    ((options.lineBreaks ?? true) ? '\n' : '')
  );
}

/** Writes ISA/GS/ST…SE/GE/IEA around the given transaction bodies, with counts and control numbers. */
export function writeInterchange(options: WriteInterchangeOptions): WrittenInterchange {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const f = new SegmentFormatter(d, options.lineBreaks ?? true);
  const p = options.parties;
  const at = options.at ?? new Date();
  const { ccyymmdd, hhmm } = envelopeDateTime(at);
  checkParties(p);
  const controlNumber = options.controlNumbers.next('interchange', p.senderId, p.receiverId);
  const isa = writeInterchangeHeader({
    parties: p,
    controlNumber,
    at,
    delimiters: d,
    lineBreaks: options.lineBreaks,
  });
  const isa13 = String(controlNumber).padStart(9, '0');
  let text = isa;
  let count = 1;
  const groupNumbers: string[] = [];
  for (const g of options.groups) {
    const gs06 = String(options.controlNumbers.next('group', p.senderId, p.receiverId));
    groupNumbers.push(gs06);
    text += f.format([
      'GS',
      g.functionalId,
      p.applicationSenderCode ?? p.senderId.trim(),
      p.applicationReceiverCode ?? p.receiverId.trim(),
      ccyymmdd,
      hhmm,
      gs06,
      'X',
      g.version,
    ]);
    count++;
    let st = 0;
    for (const t of g.transactions) {
      st++;
      const st02 = String(st).padStart(4, '0');
      text += f.format(['ST', t.id, st02, t.implementationReference]);
      for (const s of t.body) text += f.format(s);
      text += f.format(['SE', String(t.body.length + 2), st02]);
      count += t.body.length + 2;
    }
    text += f.format(['GE', String(g.transactions.length), gs06]);
    count++;
  }
  text += f.format(['IEA', String(options.groups.length), isa13]);
  count++;
  return { text, interchangeControlNumber: isa13, groupControlNumbers: groupNumbers, segmentCount: count };
}
