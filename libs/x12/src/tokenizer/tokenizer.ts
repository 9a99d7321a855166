import * as nodeBuffer from 'node:buffer';
import type { X12Issue } from '../common/issue';
import type { Delimiters, Segment } from './segment';

/** ISA is fixed-width: element separators sit at these character positions (ISA01..ISA16). */
const ISA_SEPARATOR_POSITIONS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
const ISA_LENGTH = 106; // "ISA" + 16 elements + segment terminator
/** A segment longer than this without a terminator is treated as garbage (the file lost its terminators). */
const MAX_SEGMENT_CHARS = 1 << 20;
/** Buffers larger than this are tokenized slice by slice. */
const WRITE_SLICE = 4 << 20;

const EMPTY = Buffer.alloc(0);

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export interface TokenizerOptions {
  /**
   * One shared string per distinct short element text (qualifiers, codes, small amounts) instead of a copy
   * per element: for readers that keep a whole file's model in memory, where those copies are a large part
   * of the heap. Streaming readers leave it off (the lookup costs more than a copy that dies young).
   */
  shareShortElements?: boolean;
}

export interface TokenizerEvents {
  segment(segment: Segment): void;
  issue?(issue: X12Issue): void;
}

/**
 * Push tokenizer: feed it Buffers (or strings) with `write`, call `end` once. Delimiters come from each
 * ISA; segments may or may not be separated by line breaks. Memory stays constant: only the unfinished
 * tail of the last chunk is carried over.
 *
 * Hot path: the chunk (after the previous tail) is decoded once as latin1 (one char per byte, so char index =
 * byte offset); each segment's bytes are scanned once for its terminator and element separators, then cut
 * into one substring per element, the segment id coming from a table of internalized ids.
 * Segments holding bytes ≥ 0x80 are re-decoded as UTF-8.
 */
export class X12Tokenizer {
  /** The unfinished tail of the previous chunk. */
  private carry: Buffer = EMPTY;
  /** Byte offset (in the whole input) of carry[0]. */
  private carryOffset = 0;
  /** Positions of the element separators of the segment being read (see `scanSegment`). */
  private separators: Int32Array = new Int32Array(256);
  private separatorCount = 0;
  private delimiters: Delimiters | undefined;
  private ordinal = 0;
  private started = false;
  private ended = false;
  private skippingGarbage = false;
  private highBytesSeen = false;
  private readonly ids = new SegmentIds();
  private readonly shortElements: ShortStrings | undefined;

  constructor(
    private readonly events: TokenizerEvents,
    options: TokenizerOptions = {},
  ) {
    this.shortElements = options.shareShortElements ? new ShortStrings() : undefined;
  }

  get segmentCount(): number {
    return this.ordinal;
  }

  write(chunk: Uint8Array | string): void {
    if (this.ended) throw new Error('X12Tokenizer: write after end');
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let i = 0; i < buf.length;) {
      const end = this.sliceEnd(buf, i);
      this.writeSlice(i === 0 && end === buf.length ? buf : buf.subarray(i, end));
      i = end;
    }
  }

  /**
   * End of the slice of `buf` that starts at `from`. Slices hold at most WRITE_SLICE bytes (V8 strings are limited
   * to ~512 MB, and smaller slices keep memory flat). Once the delimiters are known, slices end right after a
   * segment terminator, so that little is joined to the next slice: a carried tail is finished by a slice that
   * stops at the first terminator, other slices stop at the last one.
   */
  private sliceEnd(buf: Buffer, from: number): number {
    const limit = Math.min(buf.length, from + WRITE_SLICE);
    if (!this.delimiters) return limit;
    const window = buf.subarray(from, limit);
    const terminator = this.delimiters.segment.charCodeAt(0);
    if (this.carry.length > 0) {
      const first = window.indexOf(terminator);
      if (first >= 0) return from + first + 1;
    }
    if (limit === buf.length) return limit;
    const last = window.lastIndexOf(terminator);
    return last >= 0 ? from + last + 1 : limit;
  }

  private writeSlice(buf: Buffer): void {
    if (!this.highBytesSeen && !isAscii(buf)) this.highBytesSeen = true;
    // Tail and chunk joined as bytes, then decoded once: a flat string (text + text would be a cons string).
    const bytes = this.carry.length === 0 ? buf : Buffer.concat([this.carry, buf]);
    this.process(bytes.toString('latin1'), bytes, false);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.process(this.carry.toString('latin1'), this.carry, true);
    if (!this.started) {
      this.issue({
        severity: 'error',
        code: 'ISA_MISSING',
        message: 'No ISA interchange header was found: this is not an X12 file, or it is empty.',
        offset: 0,
      });
    }
  }

  private issue(issue: X12Issue): void {
    this.events.issue?.(issue);
  }

  /** `text` is `bytes` decoded as latin1: scanning is done on the bytes, strings are cut from the text. */
  private process(text: string, bytes: Buffer, final: boolean): void {
    let pos = 0;
    const n = text.length;
    const baseOffset = this.carryOffset;
    /** Index of the next char ≥ 0x80 (UTF-8 byte) in text, or Infinity. */
    let highAt = this.highBytesSeen ? nextHighByte(text, 0) : Infinity;
    for (;;) {
      // Skip line breaks, BOM and whitespace between segments; count spaces/tabs as leading whitespace.
      let leading = 0;
      while (pos < n) {
        const c = bytes[pos];
        if (c === CR || c === LF) {
          leading = 0;
          pos++;
        } else if (c === SPACE || c === TAB) {
          leading++;
          pos++;
        } else if (c === 0xef && !this.started && text.startsWith('\xef\xbb\xbf', pos)) {
          pos += 3; // UTF-8 byte-order mark
        } else break;
      }
      if (pos >= n) break;

      if (!this.delimiters || this.skippingGarbage || (bytes[pos] === 73 && text.startsWith('ISA', pos))) {
        // Need a full ISA to (re)read delimiters.
        const isaAt = text.startsWith('ISA', pos) ? pos : text.indexOf('ISA', pos);
        if (isaAt < 0) {
          if (!this.delimiters || this.skippingGarbage) {
            this.reportGarbage(pos, baseOffset, final);
            pos = Math.max(pos, n - 2); // keep a possible split "IS" for the next chunk
            if (final) pos = n;
            break;
          }
        } else if (isaAt > pos) {
          if (!this.delimiters || this.skippingGarbage) {
            this.reportGarbage(pos, baseOffset, final);
            pos = isaAt;
          }
        }
        if (text.startsWith('ISA', pos)) {
          if (n - pos < ISA_LENGTH && !final) break; // wait for the rest of the ISA
          const read = this.readIsa(text, pos, baseOffset + pos);
          if (!read) {
            // Unreadable ISA: skip past it and look for the next one.
            this.skippingGarbage = true;
            pos += 3;
            continue;
          }
          this.delimiters = read;
          this.skippingGarbage = false;
          this.garbageReported = false;
          this.started = true;
        }
      }
      const d = this.delimiters;
      if (!d) break;
      let end = this.scanSegment(bytes, pos, n, d);
      if (end < 0) {
        if (!final) {
          if (n - pos > MAX_SEGMENT_CHARS) {
            this.issue({
              severity: 'error',
              code: 'SEGMENT_TOO_LONG',
              message: `More than ${MAX_SEGMENT_CHARS} bytes without a segment terminator "${printable(d.segment)}": the file is damaged or not X12.`,
              offset: baseOffset + pos,
            });
            this.skippingGarbage = true;
            pos = n;
          }
          break;
        }
        end = n; // last segment of a truncated file
        if (n - pos > 0) {
          this.issue({
            severity: 'error',
            code: 'SEGMENT_UNTERMINATED',
            message: `The file ends in the middle of a segment (no terminator "${printable(d.segment)}"): it was probably truncated.`,
            offset: baseOffset + pos,
            segmentOrdinal: this.ordinal + 1,
          });
        }
      }
      let stop = end;
      // A CR before a LF terminator (CRLF files whose terminator is the line feed).
      if (stop > pos && bytes[stop - 1] === CR && d.segment !== '\r') stop--;
      const elements = this.cutElements(text, pos, stop);
      if (highAt < stop && highAt >= pos) {
        // Bytes ≥ 0x80 in this segment: re-decode its elements as UTF-8.
        for (let i = 0; i < elements.length; i++) {
          // eslint-disable-next-line no-control-regex
          if (/[^\x00-\x7f]/.test(elements[i]))
            elements[i] = Buffer.from(elements[i], 'latin1').toString('utf8');
        }
      }
      if (highAt < stop) highAt = nextHighByte(text, stop);
      const segment: Segment = {
        id: elements[0],
        elements,
        ordinal: ++this.ordinal,
        offset: baseOffset + pos,
        delimiters: d,
        leadingWhitespace: leading > 0 ? leading : undefined,
      };
      this.events.segment(segment);
      pos = end + 1;
    }
    // A copy: the caller may reuse the chunk's memory once `write` returns.
    this.carry = pos >= n ? EMPTY : Buffer.from(bytes.subarray(pos));
    this.carryOffset = baseOffset + Math.min(pos, n);
  }

  private garbageReported = false;

  /**
   * Finds the terminator of the segment starting at `from` and records its element separators: one pass over
   * the bytes, which V8 compiles to a tighter loop than repeated `indexOf` calls. Returns -1 when the
   * terminator is not in this text.
   */
  private scanSegment(bytes: Buffer, from: number, n: number, d: Delimiters): number {
    const sep = d.element.charCodeAt(0);
    const term = d.segment.charCodeAt(0);
    let separators: Int32Array = this.separators;
    let count = 0;
    for (let i = from; i < n; i++) {
      const c = bytes[i];
      if (c === sep) {
        if (count === separators.length) separators = this.growSeparators();
        separators[count++] = i;
      } else if (c === term) {
        this.separatorCount = count;
        return i;
      }
    }
    this.separatorCount = count;
    return -1;
  }

  private growSeparators(): Int32Array {
    const grown = new Int32Array(this.separators.length * 2);
    grown.set(this.separators);
    this.separators = grown;
    return grown;
  }

  /** Elements of the segment in [from, stop), from the separators `scanSegment` found; one array of exact size. */
  private cutElements(text: string, from: number, stop: number): string[] {
    const separators = this.separators;
    let count = this.separatorCount;
    while (count > 0 && separators[count - 1] >= stop) count--; // a separator right before a dropped CR
    const elements = new Array<string>(count + 1);
    const shared = this.shortElements;
    let start = from;
    for (let j = 0; j <= count; j++) {
      const k = j < count ? separators[j] : stop;
      if (j === 0) elements[j] = this.ids.get(text, start, k);
      else
        elements[j] =
          shared && k - start <= SHORT_ELEMENT_MAX ? shared.get(text, start, k) : text.substring(start, k);
      start = k + 1;
    }
    return elements;
  }

  private reportGarbage(pos: number, baseOffset: number, _final: boolean): void {
    if (this.garbageReported) return;
    this.garbageReported = true;
    this.issue({
      severity: 'error',
      code: this.started ? 'GARBAGE' : 'ISA_EXPECTED',
      message: this.started
        ? 'Unreadable data where an ISA interchange header was expected; skipped up to the next ISA.'
        : 'The file does not start with an ISA interchange header; data before the first ISA was skipped.',
      offset: baseOffset + pos,
    });
  }

  /** Reads delimiters from the ISA at `pos`; reports and falls back when the ISA is not fixed-width. */
  private readIsa(text: string, pos: number, offset: number): Delimiters | undefined {
    const elementSep = text.charCodeAt(pos + 3);
    if (
      Number.isNaN(elementSep) ||
      isAlnum(elementSep) ||
      elementSep === SPACE ||
      elementSep === CR ||
      elementSep === LF
    ) {
      this.issue({
        severity: 'error',
        code: 'ISA_INVALID',
        message:
          'The ISA interchange header is damaged: the character after "ISA" must be the element separator.',
        offset,
        segmentOrdinal: this.ordinal + 1,
        segmentId: 'ISA',
      });
      return undefined;
    }
    const sep = text[pos + 3];
    let fixed = text.length - pos >= ISA_LENGTH;
    if (fixed) {
      for (const p of ISA_SEPARATOR_POSITIONS) {
        if (text[pos + p] !== sep) {
          fixed = false;
          break;
        }
      }
    }
    let component: string;
    let repetition: string | undefined;
    let segment: string;
    if (fixed) {
      repetition = text[pos + 82];
      component = text[pos + 104];
      segment = text[pos + 105];
    } else {
      // Not fixed-width: find the 16th separator and take ISA16 and the terminator after it.
      let at = pos + 3;
      for (let k = 1; k < 16 && at >= 0; k++) at = text.indexOf(sep, at + 1);
      if (at < 0 || at + 2 >= text.length) {
        this.issue({
          severity: 'error',
          code: 'ISA_INVALID',
          message:
            'The ISA interchange header is incomplete: it must have 16 elements followed by the segment terminator.',
          offset,
          segmentOrdinal: this.ordinal + 1,
          segmentId: 'ISA',
        });
        return undefined;
      }
      component = text[at + 1];
      segment = text[at + 2];
      const isa11At = nthIndexOf(text, sep, pos + 3, 11);
      repetition = isa11At >= 0 ? text[isa11At + 1] : undefined;
      this.issue({
        severity: 'error',
        code: 'ISA_NOT_FIXED_WIDTH',
        message:
          'The ISA interchange header does not have its fixed field widths (106 characters): ISA elements must be padded with spaces to their full length.',
        offset,
        segmentOrdinal: this.ordinal + 1,
        segmentId: 'ISA',
      });
    }
    if (repetition !== undefined && (isAlnum(repetition.charCodeAt(0)) || repetition === sep))
      repetition = undefined;
    if (
      isAlnum(segment.charCodeAt(0)) ||
      segment === sep ||
      component === sep ||
      isAlnum(component.charCodeAt(0))
    ) {
      this.issue({
        severity: 'error',
        code: 'ISA_INVALID',
        message:
          'The ISA interchange header has invalid delimiters (component separator ISA16 or the segment terminator is a letter/digit or repeats the element separator).',
        offset,
        segmentOrdinal: this.ordinal + 1,
        segmentId: 'ISA',
      });
      return undefined;
    }
    return { element: sep, repetition, component, segment };
  }
}

const simdIsAscii = (nodeBuffer as { isAscii?: (input: Uint8Array) => boolean }).isAscii;

/** True when every byte is < 0x80 (SIMD check on Node ≥ 18.15, regex otherwise). */
function isAscii(buf: Buffer): boolean {
  // eslint-disable-next-line no-control-regex
  return simdIsAscii ? simdIsAscii(buf) : !/[^\x00-\x7f]/.test(buf.toString('latin1'));
}

// eslint-disable-next-line no-control-regex
const HIGH_BYTE = /[^\x00-\x7f]/g;

function nextHighByte(text: string, from: number): number {
  HIGH_BYTE.lastIndex = from;
  const m = HIGH_BYTE.exec(text);
  return m ? m.index : Infinity;
}

/** Bound on the segment-id map (damaged files can hold any number of distinct 2–3 character "ids"). */
const MAX_SEGMENT_IDS = 1024;
const ID_SLOTS = 4096; // 2^12: the slot is the top 12 bits of a multiplicative hash

/**
 * Segment ids as internalized strings, so that readers' `switch (seg.id)` compares pointers instead of
 * characters, and no string is allocated per segment for its id. A direct-mapped table keyed by the id's
 * characters answers almost every lookup; the map behind it holds every id seen (up to a bound).
 */
class SegmentIds {
  private readonly keys = new Int32Array(ID_SLOTS);
  private readonly values: string[] = new Array<string>(ID_SLOTS).fill('');
  private readonly all = new Map<number, string>();

  get(text: string, from: number, to: number): string {
    const n = to - from;
    if (n < 2 || n > 3) return text.substring(from, to);
    let key = n;
    for (let i = from; i < to; i++) key = (key << 8) | text.charCodeAt(i);
    const slot = Math.imul(key, 0x9e3779b1) >>> 20;
    if (this.keys[slot] === key) return this.values[slot];
    let id = this.all.get(key);
    if (id === undefined) {
      id = internalize(text.substring(from, to));
      if (this.all.size < MAX_SEGMENT_IDS) this.all.set(key, id);
    }
    this.keys[slot] = key;
    this.values[slot] = id;
    return id;
  }
}

/** Elements up to this long go through `ShortStrings` (1 leading bit + 7 bits per character fit a small integer). */
const SHORT_ELEMENT_MAX = 4;
const SHORT_SLOTS = 4096; // 2^12

/** Direct-mapped cache of short ASCII texts keyed by their characters (see `TokenizerOptions.shareShortElements`). */
class ShortStrings {
  private readonly keys = new Int32Array(SHORT_SLOTS);
  private readonly values: string[] = new Array<string>(SHORT_SLOTS).fill('');

  get(text: string, from: number, to: number): string {
    if (from === to) return '';
    let key = 1;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c > 127) return text.substring(from, to);
      key = (key << 7) | c;
    }
    const slot = Math.imul(key, 0x9e3779b1) >>> 20;
    if (this.keys[slot] === key) return this.values[slot];
    const value = text.substring(from, to);
    this.keys[slot] = key;
    this.values[slot] = value;
    return value;
  }
}

/** The string-table copy of `s` (V8 internalizes property keys). */
function internalize(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

function nthIndexOf(text: string, ch: string, from: number, nth: number): number {
  let at = from;
  for (let k = 1; k < nth && at >= 0; k++) at = text.indexOf(ch, at + 1);
  return at;
}

function printable(ch: string): string {
  return ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch;
}

/** Tokenizes a whole in-memory file. */
export function tokenize(input: Uint8Array | string): { segments: Segment[]; issues: X12Issue[] } {
  const segments: Segment[] = [];
  const issues: X12Issue[] = [];
  const t = new X12Tokenizer({ segment: (s) => segments.push(s), issue: (i) => issues.push(i) });
  t.write(input);
  t.end();
  return { segments, issues };
}

/**
 * Streams segments from any async iterable of chunks (a Node Readable is one), in batches of one
 * chunk's segments, so the consumer pays one await per chunk rather than per segment.
 */
export async function* readSegmentBatches(
  source: AsyncIterable<Uint8Array | string>,
  onIssue?: (issue: X12Issue) => void,
): AsyncGenerator<Segment[]> {
  let batch: Segment[] = [];
  const t = new X12Tokenizer({ segment: (s) => batch.push(s), issue: onIssue });
  for await (const chunk of source) {
    t.write(chunk);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  t.end();
  if (batch.length > 0) yield batch;
}
