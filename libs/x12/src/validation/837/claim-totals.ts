import type { Claim } from '../../837/model';
import type { Read837Transaction } from '../../837/reader';
import { el } from '../../tokenizer/segment';
import type { Walk837 } from './walk';

/** Claim-level rules over the model read: REF*F8 on a correction or void, CLM02 = Σ line charges. */
export function checkClaimTotals(walk: Walk837, read: Read837Transaction): void {
  // The first claim read with each CLM01 (a repeated claim id is checked against the first one), found by id:
  // a search of the claim list per CLM would cost (claims per transaction)² — 25 million steps at 5,000 claims.
  const firstById = new Map<string, Claim>();
  for (const c of read.transaction.claims)
    if (c.totalChargeCents !== undefined && !firstById.has(c.claimId)) firstById.set(c.claimId, c);
  for (const { segment: seg } of read.located) {
    if (seg.id !== 'CLM') continue;
    const claim = firstById.get(el(seg, 1));
    if (!claim) continue;
    // 837 IG 2300 CLM05-3 7 replacement / 8 void: REF*F8 carries the payer's control number of the claim corrected.
    if ((claim.frequencyCode === '7' || claim.frequencyCode === '8') && !claim.payerClaimControlNumber) {
      walk.push(
        seg,
        '2300',
        'PAYER_CLAIM_NUMBER_REQUIRED',
        `Claim ${claim.claimId} is a ${claim.frequencyCode === '7' ? 'replacement' : 'void'} (frequency ${claim.frequencyCode}) but has no payer claim control number (REF*F8) of the claim it corrects.`,
        'REF02',
      );
    }
    const lineTotal = claim.serviceLines.reduce((s, l) => s + l.chargeCents, 0);
    if (claim.serviceLines.length > 0 && lineTotal !== claim.totalChargeCents) {
      walk.push(
        seg,
        '2300',
        'CLAIM_TOTAL_MISMATCH',
        `Claim ${claim.claimId} total charge ${(claim.totalChargeCents / 100).toFixed(2)} (CLM02) does not equal the sum of its line charges ${(lineTotal / 100).toFixed(2)}.`,
        'CLM02',
      );
    }
  }
}
