import * as codesets from '@revcycle/codesets';
import { ClaimEdit, ScrubClaim, ScrubResult, ScrubServiceLine } from '../claim';
import { codeAt } from './procedure';
import { edit, sortEdits, statusOf, str } from './text';
import { ScrubContext } from './scrub-context';

const { intToDate } = codesets;

function sameModifiers(a: ScrubServiceLine, b: ScrubServiceLine): boolean {
  const ma = Array.isArray(a.modifiers) ? a.modifiers : [];
  const mb = Array.isArray(b.modifiers) ? b.modifiers : [];
  if (ma.length !== mb.length) return false;
  for (const m of ma) if (!mb.includes(m)) return false;
  return true;
}

/** Line j repeats line i (same code, date and modifiers; the caller matched code and date). */
export function duplicateLine(ctx: ScrubContext, i: number, j: number): void {
  if (!sameModifiers(ctx.line(i), ctx.line(j))) return;
  const code = codeAt(ctx, j);
  ctx.edits.push(
    edit(
      'DUPLICATE_LINE',
      j + 1,
      [code],
      `Line ${j + 1} repeats line ${i + 1} (${code}, same modifiers, ${intToDate(ctx.dos[i])}): combine the units on one line, or add 76/77/91 if the service was really repeated.`,
    ),
  );
}

/**
 * What makes two claims the same submission: patient, payer, billing and rendering providers and
 * every line's code, modifiers, dates, units, charge and rendering provider. Replacement (7) and void (8) claims have none: they are
 * meant to repeat an earlier claim. Returned as a 64-bit hash (two 32-bit FNV-1a/murmur lanes,
 * ~3·10⁻⁶ chance of one false match in ten million claims) so batches compare short keys.
 */
export function claimFingerprint(claim: ScrubClaim): string {
  if (!claim || typeof claim !== 'object') return '';
  const freq = str(claim.frequencyCode);
  if (freq === '7' || freq === '8') return '';
  fpA = 0x811c9dc5;
  fpB = 0x9747b28c;
  fpText(str(claim.payerId));
  fpText(str(claim.subscriberId));
  fpText(str(claim.patient?.birthDate));
  fpText(str(claim.billingProvider?.npi));
  fpText(str(claim.renderingProviderNpi));
  const lines = Array.isArray(claim.lines) ? claim.lines : [];
  for (const l of lines) {
    if (!l || typeof l !== 'object') continue;
    fpText(str(l.procedureCode));
    if (Array.isArray(l.modifiers)) for (const m of l.modifiers) fpText(str(m));
    fpText(str(l.serviceDate));
    fpText(str(l.serviceDateTo));
    fpNumber(typeof l.units === 'number' ? Math.round(l.units * 1000) : -1);
    fpNumber(typeof l.chargeCents === 'number' ? l.chargeCents : -1);
    fpText(str(l.renderingProviderNpi));
  }
  return `${(fpA >>> 0).toString(36)}.${(fpB >>> 0).toString(36)}.${lines.length}`;
}

let fpA = 0;
let fpB = 0;
function fpText(s: string): void {
  let a = fpA;
  let b = fpB;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // field separator, so ("ab","c") and ("a","bc") differ
  fpA = Math.imul(a ^ 0x1f, 0x01000193);
  fpB = Math.imul(b ^ 0x1f, 0x5bd1e995);
}
function fpNumber(n: number): void {
  fpA = Math.imul(fpA ^ (n | 0), 0x01000193);
  fpB = Math.imul(fpB ^ ((n / 4294967296) | 0) ^ (n | 0), 0x5bd1e995);
  fpB ^= fpB >>> 13;
}

export interface DuplicateTracker {
  byContent: Map<string, string>;
  byId: Map<string, string>;
}

/** State for duplicate detection across several batches of one run (e.g. a streamed file). */
export function newDuplicateTracker(): DuplicateTracker {
  return { byContent: new Map(), byId: new Map() };
}

export function applyBatchDuplicates(
  results: ScrubResult[],
  fingerprints: readonly string[],
  tracker: DuplicateTracker = newDuplicateTracker(),
): void {
  const found = findBatchDuplicates(
    results.map((r) => r.claimId),
    fingerprints,
    tracker,
  );
  for (const [i, edits] of found) addEdits(results[i], edits);
}

/** Adds edits to a result, keeping the edit order and the status right. */
export function addEdits(r: ScrubResult, edits: ClaimEdit[]): void {
  r.edits.push(...edits);
  sortEdits(r.edits);
  r.status = statusOf(r.edits);
}

/**
 * The duplicate edits of a batch, by index: claims identical to an earlier one (DUPLICATE_CLAIM)
 * and claim ids reused by a different claim (DUPLICATE_CLAIM_ID). `tracker` carries the state
 * across batches of one run.
 */
export function findBatchDuplicates(
  claimIds: readonly string[],
  fingerprints: readonly string[],
  tracker: DuplicateTracker = newDuplicateTracker(),
): Map<number, ClaimEdit[]> {
  const { byContent, byId } = tracker;
  const out = new Map<number, ClaimEdit[]>();
  for (let i = 0; i < claimIds.length; i++) {
    const claimId = claimIds[i] ?? '';
    const fp = fingerprints[i] ?? '';
    const edits: ClaimEdit[] = [];
    if (fp) {
      const earlier = byContent.get(fp);
      if (earlier !== undefined) {
        edits.push(
          edit(
            'DUPLICATE_CLAIM',
            null,
            [earlier],
            `Duplicate of claim ${earlier} earlier in this batch (same patient, payer, provider and services). Remove it, or send it as a replacement (frequency 7).`,
          ),
        );
      } else byContent.set(fp, claimId);
    }
    if (claimId) {
      const prev = byId.get(claimId);
      if (prev === undefined) byId.set(claimId, fp);
      else if (prev !== fp || !fp) {
        edits.push(
          edit(
            'DUPLICATE_CLAIM_ID',
            null,
            [claimId],
            `Patient control number ${claimId} is already used by another claim of this batch: give each claim its own id.`,
          ),
        );
      }
    }
    if (edits.length > 0) out.set(i, edits);
  }
  return out;
}

/**
 * DUPLICATE_CLAIM against a claim already on file (found by the caller, e.g. the claims service
 * looking its stored fingerprints up): `earlierClaimId` is that claim's patient control number.
 */
export function storedDuplicateEdit(earlierClaimId: string): ClaimEdit {
  return edit(
    'DUPLICATE_CLAIM',
    null,
    [earlierClaimId],
    `Duplicate of claim ${earlierClaimId} already on file (same patient, payer, providers and services). Void this one, or send it as a replacement of ${earlierClaimId} (frequency 7).`,
  );
}
