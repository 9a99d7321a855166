import type { X12Issue } from '../common/issue';
import { parseCents, parseQuantity, x12DateToIso } from '../common/format';
import { readDtp } from '../common/segments';
import type { TransactionSet } from '../envelope/reader';
import type { Segment } from '../tokenizer/segment';
import { comps, el } from '../tokenizer/segment';
import type { ClaimStatusEffect } from './277ca-codes';
import { claimStatusCategory, describeClaimStatusCode, describeEntity } from './277ca-codes';
import { readAcknowledgment } from './detect';

/** One status triplet of an STC (STC01, STC10 or STC11) with the STC's date, action and amount. */
export interface ReportedClaimStatus {
  /** STC0x-1, code list 507. */
  categoryCode: string;
  categoryDescription: string;
  /** STC0x-2, code list 508. */
  statusCode: string;
  statusDescription: string;
  /** STC0x-3, the entity the status is about (85 billing provider, IL subscriber …). */
  entityCode?: string;
  entityDescription?: string;
  /** What the category means for the claim; `unknown` for a category not in code list 507. */
  effect: ClaimStatusEffect | 'unknown';
  /** STC02. */
  effectiveDate?: string;
  /** STC03 action code (WQ accept, U reject): informative only, the category decides. */
  actionCode?: string;
  /** STC04 total claim (or line) charge. */
  amountCents?: number;
}

/**
 * The claim's front-end verdict: `rejected` if any status (claim or line) rejects; else `accepted` if one
 * accepts it into adjudication (A2, A5 …); else `received` (A0 forwarded, A1 received); else `undetermined`.
 */
export type ClaimAcknowledgmentOutcome = ClaimStatusEffect | 'undetermined';

/** 2220D: the status of one service line. */
export interface AcknowledgedServiceLine {
  /** SVC01 composite, e.g. HC:99213:25. */
  procedure: string;
  chargeCents?: number;
  /** REF*FJ: our line item control number (837 2400 REF*6R). */
  lineItemControlNumber?: string;
  serviceDate?: string;
  serviceEndDate?: string;
  statuses: ReportedClaimStatus[];
}

/** 2000D/2200D: the payer's verdict on one claim we sent. */
export interface AcknowledgedClaim {
  /** 2200D TRN02: our patient control number (837 CLM01). */
  patientControlNumber: string;
  /** REF*1K: the payer's claim control number (the 835's CLP07 later). */
  payerClaimControlNumber?: string;
  /** REF*D9: the clearinghouse trace number. */
  clearinghouseTraceNumber?: string;
  /** REF*BLT: institutional type of bill. */
  billTypeCode?: string;
  /** STC04 of the first claim status. */
  billedAmountCents?: number;
  /** DTP*472. */
  serviceDate?: string;
  serviceEndDate?: string;
  /** 2100C NM1*85 NM109. */
  billingProviderNpi?: string;
  /**
   * Not rejected: accepted into adjudication or received/forwarded (A0/A1/A2/A5 …). A claim whose only
   * categories are unknown is not accepted (see `outcome` and the warnings).
   */
  accepted: boolean;
  outcome: ClaimAcknowledgmentOutcome;
  statuses: ReportedClaimStatus[];
  lines: AcknowledgedServiceLine[];
  /** Plain sentences for the biller, one per status that rejects or that we cannot read. */
  reasons: string[];
  /** Position of the 2200D TRN in the file. */
  segmentOrdinal: number;
}

/** 2000A/2000B: one information source (payer) to information receiver (our submitter) summary. */
export interface ClaimAcknowledgmentSummary {
  informationSource: { name?: string; id?: string };
  informationReceiver: { name?: string; id?: string };
  /** 2200B STC: the status of the batch as a whole. */
  statuses: ReportedClaimStatus[];
  /** QTY*90 / QTY*AA, AMT*YU / AMT*YY as the payer sent them. */
  acceptedQuantity?: number;
  rejectedQuantity?: number;
  acceptedAmountCents?: number;
  rejectedAmountCents?: number;
  /** The claims under this receiver, as counted from their own statuses. */
  claimsAccepted: number;
  claimsRejected: number;
}

export interface ClaimAcknowledgmentReading {
  kind: '277CA';
  /** ISA13 of the (first) interchange of the 277CA itself. */
  interchangeControlNumber: string;
  claims: AcknowledgedClaim[];
  summaries: ClaimAcknowledgmentSummary[];
  warnings: X12Issue[];
}

export type Interpreted277ca =
  { ok: true; acknowledgment: ClaimAcknowledgmentReading } | { ok: false; errors: X12Issue[] };

function readStatuses(seg: Segment): ReportedClaimStatus[] {
  const out: ReportedClaimStatus[] = [];
  for (const n of [1, 10, 11]) {
    const [categoryCode = '', statusCode = '', entityCode = ''] = comps(seg, n);
    if (!categoryCode && !statusCode) continue;
    const category = claimStatusCategory(categoryCode);
    const status: ReportedClaimStatus = {
      categoryCode,
      categoryDescription:
        category?.description ?? `status category ${categoryCode || '(empty)'} (not in our table)`,
      statusCode,
      statusDescription: describeClaimStatusCode(statusCode),
      effect: category?.effect ?? 'unknown',
    };
    if (entityCode) {
      status.entityCode = entityCode;
      status.entityDescription = describeEntity(entityCode);
    }
    const date = x12DateToIso(el(seg, 2));
    if (date) status.effectiveDate = date;
    if (el(seg, 3)) status.actionCode = el(seg, 3);
    const amount = parseCents(el(seg, 4));
    if (amount !== undefined) status.amountCents = amount;
    out.push(status);
  }
  return out;
}

function withoutFinalPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/**
 * "Rejected for Invalid Information (A7): Billing Provider's National Provider Identifier (NPI) (562, entity 85)":
 * a 508 text that starts with "Entity" names the STC01-3 entity in its place.
 */
function reason(s: ReportedClaimStatus): string {
  const category = claimStatusCategory(s.categoryCode);
  const label = category
    ? category.label.replace(/^Acknowledge?ment\s*\/\s*/, '')
    : 'Status category not in our table';
  const text = withoutFinalPeriod(s.statusDescription);
  const known = s.entityCode && s.entityDescription && !s.entityDescription.endsWith('(not in our table)');
  const said = !s.entityCode
    ? text
    : known && /^Entity\b/.test(text)
      ? text.replace(/^Entity/, s.entityDescription ?? '')
      : `${text} — ${s.entityDescription}`;
  const codes = s.entityCode ? `${s.statusCode}, entity ${s.entityCode}` : s.statusCode;
  return `${withoutFinalPeriod(label)} (${s.categoryCode}): ${said} (${codes})`;
}

function outcomeOf(statuses: ReportedClaimStatus[]): ClaimAcknowledgmentOutcome {
  const effects = new Set(statuses.map((s) => s.effect));
  if (effects.has('rejected')) return 'rejected';
  if (effects.has('accepted')) return 'accepted';
  if (effects.has('received')) return 'received';
  return 'undetermined';
}

function finishClaim(claim: AcknowledgedClaim, warnings: X12Issue[]): void {
  const all = [...claim.statuses, ...claim.lines.flatMap((l) => l.statuses)];
  claim.outcome = outcomeOf(all);
  claim.accepted = claim.outcome === 'accepted' || claim.outcome === 'received';
  for (const s of claim.statuses)
    if (s.effect === 'rejected' || s.effect === 'unknown') claim.reasons.push(reason(s));
  for (const l of claim.lines)
    for (const s of l.statuses)
      if (s.effect === 'rejected' || s.effect === 'unknown')
        claim.reasons.push(`Line ${l.lineItemControlNumber ?? l.procedure}: ${reason(s)}`);
  if (claim.outcome === 'undetermined')
    warnings.push({
      severity: 'warning',
      code: all.length ? 'CLAIM_STATUS_UNKNOWN' : 'CLAIM_STATUS_MISSING',
      message: all.length
        ? `Claim ${claim.patientControlNumber}: no status category we know (${all.map((s) => s.categoryCode).join(', ')}); not treated as accepted.`
        : `Claim ${claim.patientControlNumber} has no STC status (277CA 2200D STC is required); not treated as accepted.`,
      segmentOrdinal: claim.segmentOrdinal,
      segmentId: 'TRN',
      loop: '2200D',
    });
}

function readTransaction(
  set: TransactionSet,
  claims: AcknowledgedClaim[],
  summaries: ClaimAcknowledgmentSummary[],
  warnings: X12Issue[],
): void {
  let level = '';
  let source: { name?: string; id?: string } = {};
  let summary: ClaimAcknowledgmentSummary | undefined;
  let providerNpi: string | undefined;
  let claim: AcknowledgedClaim | undefined;
  let line: AcknowledgedServiceLine | undefined;
  const close = () => {
    if (claim) finishClaim(claim, warnings);
    if (claim && summary) summary[claim.accepted ? 'claimsAccepted' : 'claimsRejected']++;
    claim = undefined;
    line = undefined;
  };
  for (const s of set.body) {
    switch (s.id) {
      case 'HL':
        close();
        level = el(s, 3);
        if (level === '19') providerNpi = undefined;
        break;
      case 'NM1': {
        const party = { name: el(s, 3) || undefined, id: el(s, 9) || undefined };
        if (level === '20') source = party;
        else if (level === '21') {
          summary = {
            informationSource: source,
            informationReceiver: party,
            statuses: [],
            claimsAccepted: 0,
            claimsRejected: 0,
          };
          summaries.push(summary);
        } else if (level === '19' && el(s, 1) === '85' && el(s, 8) === 'XX') providerNpi = el(s, 9);
        break;
      }
      case 'TRN':
        if (level === 'PT' && el(s, 1) === '2') {
          close();
          claim = {
            patientControlNumber: el(s, 2),
            accepted: false,
            outcome: 'undetermined',
            statuses: [],
            lines: [],
            reasons: [],
            segmentOrdinal: s.ordinal,
          };
          if (providerNpi) claim.billingProviderNpi = providerNpi;
          claims.push(claim);
        }
        break;
      case 'STC': {
        const statuses = readStatuses(s);
        if (line) line.statuses.push(...statuses);
        else if (claim) {
          if (claim.billedAmountCents === undefined && statuses[0]?.amountCents !== undefined)
            claim.billedAmountCents = statuses[0].amountCents;
          claim.statuses.push(...statuses);
        } else if (level === '21' && summary) summary.statuses.push(...statuses);
        break;
      }
      case 'QTY':
      case 'AMT':
        if (level === '21' && summary) {
          const q = el(s, 1);
          if (s.id === 'QTY') {
            const n = parseQuantity(el(s, 2));
            if (q === '90') summary.acceptedQuantity = n;
            else if (q === 'AA') summary.rejectedQuantity = n;
          } else {
            const cents = parseCents(el(s, 2));
            if (q === 'YU') summary.acceptedAmountCents = cents;
            else if (q === 'YY') summary.rejectedAmountCents = cents;
          }
        }
        break;
      case 'REF': {
        const q = el(s, 1);
        if (line && q === 'FJ') line.lineItemControlNumber = el(s, 2);
        else if (claim && !line) {
          if (q === '1K') claim.payerClaimControlNumber = el(s, 2);
          else if (q === 'D9') claim.clearinghouseTraceNumber = el(s, 2);
          else if (q === 'BLT') claim.billTypeCode = el(s, 2);
        }
        break;
      }
      case 'DTP':
        if (el(s, 1) === '472' && (line ?? claim)) {
          const d = readDtp(s);
          const target = line ?? claim;
          if (target && d.date) target.serviceDate = d.date;
          if (target && d.endDate) target.serviceEndDate = d.endDate;
        }
        break;
      case 'SVC':
        if (claim) {
          line = { procedure: el(s, 1), statuses: [] };
          const charge = parseCents(el(s, 2));
          if (charge !== undefined) line.chargeCents = charge;
          claim.lines.push(line);
        }
        break;
      default:
    }
  }
  close();
}

/** The payer's counts (QTY/AMT at 2200B) against the claims' own statuses: a mismatch is worth a look. */
function summaryWarnings(summary: ClaimAcknowledgmentSummary, at: TransactionSet): X12Issue[] {
  const out: X12Issue[] = [];
  const check = (sent: number | undefined, counted: number, what: string, qualifier: string) => {
    if (sent !== undefined && sent !== counted)
      out.push({
        severity: 'warning',
        code: 'ACKNOWLEDGED_QUANTITY_MISMATCH',
        message: `QTY*${qualifier} says ${sent} claim(s) ${what}, but ${counted} claim(s) carry statuses that say so: each claim's own STC is used.`,
        segmentOrdinal: at.st.ordinal,
        segmentId: 'QTY',
        loop: '2200B',
      });
  };
  check(summary.acceptedQuantity, summary.claimsAccepted, 'accepted', '90');
  check(summary.rejectedQuantity ?? 0, summary.claimsRejected, 'rejected', 'AA');
  return out;
}

/**
 * Reads a 277CA into a verdict per claim (by our patient control number): accepted or rejected, the
 * statuses with their code-list descriptions, the payer's claim number, and plain sentences for a rejection.
 */
export function interpret277ca(input: Uint8Array | string): Interpreted277ca {
  const read = readAcknowledgment(input);
  if (!read.ok) return read;
  if (read.kind !== '277CA') {
    const st = read.transactions[0].st;
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'NOT_277CA',
          message: `Found a 999 implementation acknowledgment at segment ${st.ordinal}, byte ${st.offset}, not a 277CA: read it with interpret999.`,
          segmentOrdinal: st.ordinal,
          segmentId: 'ST',
          offset: st.offset,
          element: 'ST01',
        },
      ],
    };
  }
  const claims: AcknowledgedClaim[] = [];
  const summaries: ClaimAcknowledgmentSummary[] = [];
  const warnings = [...read.warnings];
  for (const set of read.transactions) {
    const before = summaries.length;
    readTransaction(set, claims, summaries, warnings);
    for (const s of summaries.slice(before)) warnings.push(...summaryWarnings(s, set));
  }
  return {
    ok: true,
    acknowledgment: {
      kind: '277CA',
      interchangeControlNumber: read.transactions[0].interchange.controlNumber,
      claims,
      summaries,
      warnings,
    },
  };
}
