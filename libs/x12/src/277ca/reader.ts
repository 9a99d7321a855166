import type { X12Issue } from '../common/issue';
import { parseCents, x12DateToIso } from '../common/format';
import type { Party } from '../common/model';
import { readDtp, readNm1 } from '../common/segments';
import { readTransactionSets } from '../envelope/reader';
import type { Segment } from '../tokenizer/segment';
import { comps, el } from '../tokenizer/segment';

/** STC: one status (category code, status code, entity) with its date, action and amount. */
export interface ClaimStatus {
  /** STC01-1 claim status category: A1 received, A2 accepted into adjudication, A3/A7 rejected … */
  category: string;
  /** STC01-2 claim status code (code list 508). */
  code: string;
  entity?: string;
  /** Further status triplets (STC10, STC11). */
  more?: { category: string; code: string; entity?: string }[];
  effectiveDate?: string;
  /** STC03 action code: WQ accepted, U rejected. */
  action?: string;
  amountCents?: number;
  /** True when the category is a rejection (A3, A6, A7, A8, R*, E*): the claim must be corrected and sent again. */
  rejected: boolean;
}

export interface ClaimAcknowledgment {
  /** TRN02 at the patient level: our claim id (CLM01). */
  claimId: string;
  /** REF*1K payer claim control number. */
  payerClaimControlNumber?: string;
  /** REF*BLT bill type (837I). */
  billType?: string;
  statuses: ClaimStatus[];
  accepted: boolean;
  patient?: Party;
  provider?: Party;
  serviceDate?: string;
  serviceEndDate?: string;
  segmentOrdinal: number;
}

export interface ClaimAcknowledgmentReport {
  controlNumber: string;
  payer?: Party;
  receiver?: Party;
  /** 2200B statuses for the batch as a whole. */
  batchStatuses: ClaimStatus[];
  claims: ClaimAcknowledgment[];
}

/** STC01-1 categories meaning the claim was not accepted into adjudication (code list 507). */
const REJECT_CATEGORIES = /^(A3|A4|A6|A7|A8|E\d|DR0[3-8])$/;

function readStc(seg: Segment): ClaimStatus {
  const c = comps(seg, 1);
  const status: ClaimStatus = {
    category: c[0] ?? '',
    code: c[1] ?? '',
    rejected: REJECT_CATEGORIES.test(c[0] ?? ''),
  };
  if (c[2]) status.entity = c[2];
  const d = x12DateToIso(el(seg, 2));
  if (d) status.effectiveDate = d;
  if (el(seg, 3)) status.action = el(seg, 3);
  const amt = parseCents(el(seg, 4));
  if (amt !== undefined) status.amountCents = amt;
  for (const n of [10, 11]) {
    const m = comps(seg, n);
    if (m.length) {
      const extra: { category: string; code: string; entity?: string } = {
        category: m[0] ?? '',
        code: m[1] ?? '',
      };
      if (m[2]) extra.entity = m[2];
      (status.more ??= []).push(extra);
      if (REJECT_CATEGORIES.test(extra.category)) status.rejected = true;
    }
  }
  return status;
}

/** Reads 277CA claim acknowledgments (005010X214): which claims the payer accepted or rejected, and why. */
export function parse277ca(input: Uint8Array | string): {
  reports: ClaimAcknowledgmentReport[];
  issues: X12Issue[];
} {
  const { transactions, issues } = readTransactionSets(input);
  const reports: ClaimAcknowledgmentReport[] = [];
  for (const set of transactions) {
    if (set.header.id !== '277') {
      issues.push({
        severity: 'error',
        code: 'NOT_277',
        message: `Transaction set ${set.header.id} is not a 277 claim acknowledgment; it was skipped.`,
        segmentOrdinal: set.st.ordinal,
        segmentId: 'ST',
        element: 'ST01',
      });
      continue;
    }
    const report: ClaimAcknowledgmentReport = {
      controlNumber: set.header.controlNumber,
      batchStatuses: [],
      claims: [],
    };
    let level = '';
    let provider: Party | undefined;
    let claim: ClaimAcknowledgment | undefined;
    let pendingPatient: Party | undefined;
    for (const s of set.body) {
      switch (s.id) {
        case 'HL':
          level = el(s, 3);
          claim = undefined;
          if (level === '19') provider = undefined;
          break;
        case 'NM1': {
          const p = readNm1(s);
          if (level === '20') report.payer = p;
          else if (level === '21') report.receiver = p;
          else if (level === '19') provider = p;
          else if (level === 'PT') pendingPatient = p;
          break;
        }
        case 'TRN':
          if (level === 'PT' && el(s, 1) === '2') {
            claim = { claimId: el(s, 2), statuses: [], accepted: true, segmentOrdinal: s.ordinal };
            if (pendingPatient) claim.patient = pendingPatient;
            if (provider) claim.provider = provider;
            pendingPatient = undefined;
            report.claims.push(claim);
          }
          break;
        case 'STC': {
          const st = readStc(s);
          if (claim) {
            claim.statuses.push(st);
            if (st.rejected) claim.accepted = false;
          } else if (level === '21') report.batchStatuses.push(st);
          break;
        }
        case 'REF':
          if (claim && el(s, 1) === '1K') claim.payerClaimControlNumber = el(s, 2);
          else if (claim && el(s, 1) === 'BLT') claim.billType = el(s, 2);
          break;
        case 'DTP':
          if (claim && el(s, 1) === '472') {
            const d = readDtp(s);
            if (d.date) claim.serviceDate = d.date;
            if (d.endDate) claim.serviceEndDate = d.endDate;
          }
          break;
        default:
      }
    }
    reports.push(report);
  }
  return { reports, issues };
}
