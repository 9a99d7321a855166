import type { IssueSeverity, ValidationResult, X12Issue } from '@revcycle/x12';
import { X12Validator } from '@revcycle/x12';
import type { ClaimPosition, WrittenTransaction } from './claim-file-writer';

/** A located problem in a claim file, with the claim it is about and no data values (PHI) in its message. */
export interface ClaimFileIssue {
  severity: IssueSeverity;
  /** The validator's stable code, e.g. `ELEMENT_MISSING`, `NPI_CHECK_DIGIT`. */
  code: string;
  /** The validator's message with every quoted value replaced by "…". */
  message: string;
  /** 1-based segment position in the file (ISA = 1). */
  segmentOrdinal?: number;
  segmentId?: string;
  /** Implementation-guide loop, e.g. `2010AA`, `2400`. */
  loop?: string;
  /** e.g. `SV101-2`, `NM109`. */
  element?: string;
  /** CLM01 of the claim the segment belongs to; absent for the envelope, BHT and 1000A/B. */
  patientControlNumber?: string;
}

export interface ClaimFileVerdict {
  errors: number;
  warnings: number;
  /** Every issue of the file in segment order, up to `maxIssues` (all are counted). */
  issues: ClaimFileIssue[];
  transactions: number;
}

/** Quoted data in validator messages ("J0190", "Smith") may be PHI: the location says where to look. */
function withoutValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"');
}

function claimAt(claims: readonly ClaimPosition[], ordinal: number | undefined): string | undefined {
  if (ordinal === undefined || claims.length === 0) return undefined;
  let lo = 0;
  let hi = claims.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = claims[mid];
    if (ordinal < c.firstSegment) hi = mid - 1;
    else if (ordinal > c.lastSegment) lo = mid + 1;
    else return c.patientControlNumber;
  }
  return undefined;
}

function locate(issue: X12Issue, claims: readonly ClaimPosition[]): ClaimFileIssue {
  const out: ClaimFileIssue = {
    severity: issue.severity,
    code: issue.code,
    message: withoutValues(issue.message),
    segmentOrdinal: issue.segmentOrdinal,
    segmentId: issue.segmentId ?? issue.missingSegmentId,
    loop: issue.loop,
    element: issue.element,
  };
  const pcn = claimAt(claims, issue.segmentOrdinal);
  if (pcn !== undefined) out.patientControlNumber = pcn;
  return out;
}

/**
 * Validates a claim file piece by piece as `ClaimFileWriter` writes it, with the library's own validator
 * (`X12Validator`: the envelope rules, then `validate837` per transaction set), so the file is checked before
 * it is sent without ever being held whole. Feeding the pieces in file order gives exactly the verdict of
 * `validateX12` on the joined file: one validator sees the same bytes, only in chunks (it keeps one
 * transaction set at a time). Each call returns the issues its piece raised, so a bad chunk can be held back.
 */
export class ClaimFileValidation {
  private readonly validator: X12Validator;
  private found: X12Issue[] = [];
  /** The claim of each kept issue (the validator keeps at most `maxIssues`; so does this map). */
  private readonly located = new Map<X12Issue, string>();
  private readonly maxIssues: number;

  constructor(options: { maxIssues?: number } = {}) {
    this.maxIssues = options.maxIssues ?? Infinity;
    this.validator = new X12Validator({ maxIssues: options.maxIssues, onIssue: (i) => this.found.push(i) });
  }

  /** ISA and GS. */
  header(text: string): ClaimFileIssue[] {
    return this.feed(text, []);
  }

  /** One ST…SE (its text or its UTF-8 bytes): every issue of the set is raised by the time its SE is read. */
  transaction(written: {
    text: string | Uint8Array;
    claims: WrittenTransaction['claims'];
  }): ClaimFileIssue[] {
    return this.feed(written.text, written.claims);
  }

  /** GE and IEA: the verdict on the whole file. */
  trailer(text: string): ClaimFileVerdict {
    this.feed(text, []);
    const result: ValidationResult = this.validator.end();
    return {
      errors: result.errors,
      warnings: result.warnings,
      issues: result.issues.map((i) => {
        const pcn = this.located.get(i);
        const out = locate(i, []);
        if (pcn !== undefined) out.patientControlNumber = pcn;
        return out;
      }),
      transactions: result.transactions.length,
    };
  }

  private feed(text: string | Uint8Array, claims: readonly ClaimPosition[]): ClaimFileIssue[] {
    this.found = [];
    this.validator.write(text);
    return this.locateFound(claims);
  }

  private locateFound(claims: readonly ClaimPosition[]): ClaimFileIssue[] {
    const out = this.found.map((i) => locate(i, claims));
    out.forEach((o, k) => {
      if (o.patientControlNumber !== undefined && this.located.size < this.maxIssues)
        this.located.set(this.found[k], o.patientControlNumber);
    });
    return out;
  }
}
