import type { X12Issue } from '../common/issue';
import { kindOf, read837Transaction } from '../837/reader';
import type { TransactionContext, TransactionSet } from '../envelope/reader';
import { EnvelopeReader } from '../envelope/reader';
import { X12Tokenizer } from '../tokenizer/tokenizer';
import type { Segment } from '../tokenizer/segment';
import { comp, el } from '../tokenizer/segment';
import { validate837 } from './837/validate-837';
import type { Remittance835Handlers } from '../835/reader';
import type { BalancingError, RemittanceAdvice } from '../835/model';
import { create835Validator } from './835/validate-835';
import { validate999 } from './999';
import { checkCommonRules } from './common-rules';
import { checkSegmentElements } from './elements';
import { pusher } from './push';

export { isValidNpi } from './npi';

export interface ValidationResult {
  issues: X12Issue[];
  errors: number;
  warnings: number;
  transactions: { id: string; controlNumber: string; implementationReference: string }[];
}

// ---------------------------------------------------------------------------------------------------------------
// 277CA

/** Health care claim status category codes (code list 507). */
const STATUS_CATEGORY = /^(A[0-8]|D0|DR0[1-8]|E[0-4]|F[0-5]|F3F|F3N|P[0-5]|R(\d|1[0-6])|RQ)$/;

function validate277(set: TransactionSet, issues: X12Issue[]): void {
  const push = pusher(issues);
  const levels: Record<string, string> = { '20': '2000A', '21': '2000B', '19': '2000C', PT: '2000D' };
  let current: { seg: Segment; level: string; hasStc: boolean; hasTrn: boolean } | undefined;
  const close = () => {
    if (!current) return;
    const loop = levels[current.level] ?? '2000';
    if ((current.level === '21' || current.level === 'PT') && !current.hasStc) {
      push(
        current.seg,
        loop,
        'SEGMENT_MISSING',
        current.level === '21'
          ? 'The information receiver level (2000B/2200B) has no STC status segment; the 277CA guide requires the batch status.'
          : 'The patient claim level (2200D) has no STC claim status.',
      );
    }
    if ((current.level === '21' || current.level === 'PT') && !current.hasTrn)
      push(current.seg, loop, 'SEGMENT_MISSING', 'This level has no TRN trace number.');
  };
  const hlIds = new Set<string>();
  for (const seg of set.body) {
    const loop = current ? (levels[current.level] ?? '2000') : 'HEADER';
    checkSegmentElements(seg, { loop, issues });
    checkCommonRules(seg, loop, push);
    if (seg.id === 'HL') {
      close();
      const level = el(seg, 3);
      if (!levels[level])
        push(
          seg,
          loop,
          'HL_LEVEL_INVALID',
          `HL03 "${level}" is not a 277CA level (20 payer, 21 receiver, 19 provider, PT patient).`,
          'HL03',
        );
      if (el(seg, 2) && !hlIds.has(el(seg, 2)))
        push(seg, loop, 'HL_PARENT', `HL02 parent "${el(seg, 2)}" does not match any earlier HL.`, 'HL02');
      hlIds.add(el(seg, 1));
      current = { seg, level, hasStc: false, hasTrn: false };
    } else if (seg.id === 'STC' && current) {
      current.hasStc = true;
      // Code list 507 (claim status category) and 508 (claim status code, numeric).
      for (const n of [1, 10, 11]) {
        const category = comp(seg, n, 1);
        const status = comp(seg, n, 2);
        const ref = `STC${n < 10 ? '0' : ''}${n}`;
        if (category && !STATUS_CATEGORY.test(category))
          push(
            seg,
            levels[current.level] ?? '2000',
            'CODE_INVALID',
            `Claim status category "${category}" is not a code from list 507 (e.g. A1 received, A2 accepted, A3/A7 rejected).`,
            `${ref}-1`,
          );
        if (status && !/^\d{1,5}$/.test(status))
          push(
            seg,
            levels[current.level] ?? '2000',
            'CODE_INVALID',
            `Claim status code "${status}" is not a code from list 508 (numeric).`,
            `${ref}-2`,
          );
      }
    } else if (seg.id === 'TRN' && current) current.hasTrn = true;
  }
  close();
}

/** Issue list that counts every issue but keeps at most `max` (a broken multi-gigabyte file has millions). */
class IssueCollector extends Array<X12Issue> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  errors = 0;
  warnings = 0;
  max = Infinity;
  onIssue: ((issue: X12Issue) => void) | undefined;
  /** The open transaction set's own issues (kept up to `SET_ISSUES_KEPT`, all counted), when asked for. */
  set: { issues: X12Issue[]; errors: number } | undefined;
  override push(...items: X12Issue[]): number {
    for (const i of items) {
      if (i.severity === 'error') this.errors++;
      else this.warnings++;
      this.onIssue?.(i);
      if (this.length < this.max) super.push(i);
      if (this.set) {
        if (i.severity === 'error') this.set.errors++;
        if (this.set.issues.length < SET_ISSUES_KEPT) this.set.issues.push(i);
      }
    }
    return this.length;
  }
}

/** At most this many issues are kept per 835 transaction set report (all are counted in `errors`). */
const SET_ISSUES_KEPT = 1000;

/** One 835 transaction set as validated: what the reader read, its balancing report and its own issues. */
export interface RemittanceSetReport {
  advice: RemittanceAdvice;
  /** 835 IG 1.10.2 balancing failures (line, claim, transaction), also among `issues` as `UNBALANCED_*`. */
  balancing: BalancingError[];
  /**
   * Every issue found from its ST to its SE (element, code list, loop, balancing, SE01/SE02, a missing SE
   * when the file was truncated), in file order; interchange and group issues stay in the file's result.
   */
  issues: X12Issue[];
  /** Errors among them (counted beyond the kept issues): a set with errors must not be posted. */
  errors: number;
  /** False when the set had no SE trailer (truncated): its last claim may be cut short. */
  closed: boolean;
}

/** Typed 835 content delivered while validating, so one streamed pass both checks and reads a remittance. */
export interface Remittance835Events {
  /** A claim (2100) as its loop ends, before its transaction set is judged: stage it, do not commit it. */
  claim?: Remittance835Handlers['claim'];
  /** A transaction set is complete, with its verdict. */
  transaction?(report: RemittanceSetReport): void;
}

export interface ValidateOptions {
  /** Keep at most this many issues (all are still counted). Default: all. */
  maxIssues?: number;
  /**
   * Called with each issue as it is found (also those beyond `maxIssues`): a transaction set's issues are all
   * reported by the time its SE has been written, so a file written in pieces can be checked piece by piece.
   */
  onIssue?: (issue: X12Issue) => void;
  /**
   * The CARC list (claim adjustment reason codes, X12 code source 139), e.g. `new Set(loadCarc().keys())` of
   * `@revcycle/codesets`: an 835 CAS reason code outside it is an error. Without it, CAS reason codes are
   * checked for form only (this library does no I/O, so it does not load the list itself).
   */
  adjustmentReasons?: ReadonlySet<string>;
  /** The RARC list (remittance advice remark codes, code source 411): 835 LQ*HE/MIA/MOA remark codes outside it are errors. */
  remarkCodes?: ReadonlySet<string>;
  /** The 835s' claims and per-set reports as they are validated (claims are not retained). */
  remittance?: Remittance835Events;
}

/**
 * Validates a file against the envelope rules and the implementation guide of each transaction set:
 * 837P (X222A1), 837I (X223A2), 835 (X221A1), 999 (X231A1), 277CA (X214). Push-based: `write` chunks,
 * then `end`. An 835 is checked as it streams; other transaction sets are held one at a time.
 */
export class X12Validator {
  private readonly issues = new IssueCollector();
  private readonly tokenizer: X12Tokenizer;
  private readonly envelope: EnvelopeReader;
  private readonly transactions: ValidationResult['transactions'] = [];
  private body: Segment[] | undefined;
  private v835: { segment(seg: Segment): void; end(closed: boolean): void } | undefined;
  private readonly adjustmentReasons: ReadonlySet<string> | undefined;
  private readonly remarkCodes: ReadonlySet<string> | undefined;
  private readonly remittance: Remittance835Events | undefined;
  private read835: { advice: RemittanceAdvice; balancing: BalancingError[]; closed: boolean } | undefined;

  constructor(options: ValidateOptions = {}) {
    this.adjustmentReasons = options.adjustmentReasons;
    this.remarkCodes = options.remarkCodes;
    this.remittance = options.remittance;
    this.issues.max = options.maxIssues ?? Infinity;
    this.issues.onIssue = options.onIssue;
    const issues = this.issues;
    this.envelope = new EnvelopeReader({
      issue: (i) => issues.push(i),
      transactionStart: (ctx) => this.start(ctx),
      segment: (seg) => {
        if (this.v835) this.v835.segment(seg);
        else this.body?.push(seg);
      },
      transactionEnd: (ctx, se) => this.finish(ctx, se),
    });
    this.tokenizer = new X12Tokenizer({
      segment: (s) => this.envelope.segment(s),
      issue: (i) => issues.push(i),
    });
  }

  write(chunk: Uint8Array | string): void {
    this.tokenizer.write(chunk);
  }

  end(): ValidationResult {
    this.tokenizer.end();
    this.envelope.end();
    const issues = [...this.issues].sort((a, b) => (a.segmentOrdinal ?? 0) - (b.segmentOrdinal ?? 0));
    return {
      issues,
      errors: this.issues.errors,
      warnings: this.issues.warnings,
      transactions: this.transactions,
    };
  }

  private start(ctx: TransactionContext): void {
    const issues = this.issues;
    const st = ctx.st;
    const ref = ctx.transaction.implementationReference;
    this.transactions.push({
      id: ctx.transaction.id,
      controlNumber: ctx.transaction.controlNumber,
      implementationReference: ref,
    });
    this.body = undefined;
    this.v835 = undefined;
    for (const issue of groupEnvelopeIssues(ctx)) issues.push(issue);
    if (ctx.group.version && !ctx.group.version.startsWith('00501')) {
      issues.push({
        severity: 'error',
        code: 'VERSION_UNSUPPORTED',
        message: `GS08 "${ctx.group.version}" is not a 5010 version.`,
        segmentOrdinal: st.ordinal,
        segmentId: 'ST',
        offset: st.offset,
        loop: 'GS',
      });
    }
    switch (ctx.transaction.id) {
      case '837':
        if (!kindOf(ref)) {
          issues.push({
            severity: 'error',
            code: 'GUIDE_UNKNOWN',
            message: `Implementation guide "${ref}" is not supported: use 005010X222A1 (837P) or 005010X223A2 (837I).`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            offset: st.offset,
            element: 'ST03',
            loop: 'ST',
          });
          return;
        }
        this.body = [];
        return;
      case '835':
        if (ref !== '005010X221A1')
          issues.push({
            severity: 'error',
            code: 'GUIDE_UNKNOWN',
            message: `835 implementation guide "${ref}" is not 005010X221A1.`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            element: 'ST03',
            loop: 'ST',
          });
        if (this.remittance) issues.set = { issues: [], errors: 0 };
        this.read835 = undefined;
        this.v835 = create835Validator(ctx, issues, {
          adjustmentReasons: this.adjustmentReasons,
          remarkCodes: this.remarkCodes,
          claim: this.remittance?.claim,
          transaction: (advice, balancing, closed) => (this.read835 = { advice, balancing, closed }),
        });
        return;
      case '999':
        if (ref !== '005010X231A1')
          issues.push({
            severity: 'warning',
            code: 'GUIDE_BASE',
            message: `999 implementation reference "${ref}" is not 005010X231A1 (the HIPAA 999 guide); read with the base rules.`,
            segmentOrdinal: st.ordinal,
            segmentId: 'ST',
            element: 'ST03',
            loop: 'ST',
          });
        this.body = [];
        return;
      case '277':
        this.body = [];
        return;
      default:
        issues.push({
          severity: 'warning',
          code: 'TRANSACTION_NOT_VALIDATED',
          message: `Transaction set ${ctx.transaction.id} is read but not validated against a guide.`,
          segmentOrdinal: st.ordinal,
          segmentId: 'ST',
          element: 'ST01',
        });
    }
  }

  private finish(ctx: TransactionContext, se: Segment | undefined): void {
    const issues = this.issues;
    if (this.v835) {
      this.v835.end(se !== undefined);
      this.v835 = undefined;
      const set = issues.set;
      issues.set = undefined;
      if (set && this.read835) {
        set.issues.sort((a, b) => (a.segmentOrdinal ?? 0) - (b.segmentOrdinal ?? 0));
        this.remittance?.transaction?.({ ...this.read835, issues: set.issues, errors: set.errors });
      }
      this.read835 = undefined;
      return;
    }
    const body = this.body;
    this.body = undefined;
    if (!body) return;
    const set: TransactionSet = {
      interchange: ctx.interchange,
      group: ctx.group,
      header: ctx.transaction,
      st: ctx.st,
      se,
      body,
    };
    if (ctx.transaction.id === '837') validate837(read837Transaction(set, issues), issues);
    else if (ctx.transaction.id === '999') validate999(set, issues);
    else if (ctx.transaction.id === '277') validate277(set, issues);
  }
}

/** Validates an in-memory file (see `X12Validator`). */
export function validateX12(input: Uint8Array | string, options: ValidateOptions = {}): ValidationResult {
  const v = new X12Validator(options);
  v.write(input);
  return v.end();
}

/** Validates a stream of chunks (e.g. fs.createReadStream) in bounded memory. */
export async function validateX12Stream(
  source: AsyncIterable<Uint8Array | string>,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const v = new X12Validator(options);
  for await (const chunk of source) v.write(chunk);
  return v.end();
}

/** GS01 of the group each transaction set travels in (X12 functional identifier codes). */
const FUNCTIONAL_ID: Record<string, string> = { '837': 'HC', '835': 'HP', '999': 'FA', '277': 'HN' };

/**
 * The functional group around a set: GS08 (the version) is mandatory, and GS01 must be the one
 * code of the set's kind — a group of claims is HC, of remittances HP — so that a receiver routing
 * on GS01 does not drop or misfile it.
 */
function groupEnvelopeIssues(ctx: TransactionContext): X12Issue[] {
  const at = { segmentOrdinal: ctx.st.ordinal, segmentId: 'GS', offset: ctx.st.offset, loop: 'GS' };
  const found: X12Issue[] = [];
  if (!ctx.group.version)
    found.push({
      severity: 'error',
      code: 'GS08_MISSING',
      message: 'GS08 (version / release / industry identifier code) is required: 005010 and the guide.',
      element: 'GS08',
      ...at,
    });
  const expected = FUNCTIONAL_ID[ctx.transaction.id];
  if (expected && ctx.group.functionalId !== expected)
    found.push({
      severity: 'error',
      code: 'GS01_MISMATCH',
      message: `GS01 "${ctx.group.functionalId}" is not ${expected}, the functional identifier code of a ${ctx.transaction.id} group.`,
      element: 'GS01',
      ...at,
    });
  return found;
}
