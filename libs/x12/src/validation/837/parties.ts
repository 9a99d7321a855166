import type { ClaimTransaction } from '../../837/model';
import type { TransactionSet } from '../../envelope/reader';
import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import { isValidNpi } from '../npi';
import type { Walk837 } from './walk';

/** Name loops an NM1 may open besides 2310/2330/2420 A–H; an NM1 the reader placed elsewhere has an unexpected entity code. */
const ENTITY_LOOPS_837 = new Set([
  '1000A',
  '1000B',
  '2010AA',
  '2010AB',
  '2010AC',
  '2010BA',
  '2010BB',
  '2010CA',
]);

/** At most this many of a segment per party loop (837 IG loop repeat counts). */
const PARTY_MAX: Record<string, Record<string, number>> = {
  '2010AA': { N3: 1, N4: 1, PER: 2 },
  '2010BA': { N3: 1, N4: 1, DMG: 1 },
  '2010BB': { N3: 1, N4: 1 },
  '2010CA': { N3: 1, N4: 1, DMG: 1 },
  '1000A': { PER: 2 },
};

/** NM1 of a party loop, or a segment counted against its loop's repeat limit. */
export function checkPartySegment(walk: Walk837, seg: Segment, loop: string): void {
  if (seg.id === 'NM1') checkName(walk, seg, loop);
  else if (walk.partyLoop && ['N3', 'N4', 'PER', 'DMG', 'REF'].includes(seg.id)) {
    const counts = walk.partyLoop.counts;
    const n = (counts.get(seg.id) ?? 0) + 1;
    counts.set(seg.id, n);
    const max = PARTY_MAX[walk.partyLoop.loop]?.[seg.id];
    if (max !== undefined && n > max)
      walk.push(
        seg,
        loop,
        'SEGMENT_REPEATS',
        `Segment ${seg.id} appears ${n} times in loop ${loop}; at most ${max} allowed.`,
      );
  }
  if (loop === '1000A' && seg.id === 'PER') walk.hasSubmitterContact = true;
}

function checkName(walk: Walk837, seg: Segment, loop: string): void {
  walk.openPartyLoop(loop);
  if (loop === '1000A') walk.hasSubmitter = true;
  if (loop === '1000B') walk.hasReceiver = true;
  if (!ENTITY_LOOPS_837.has(loop) && !/^(2310|2330|2420)[A-H]$/.test(loop)) {
    walk.push(
      seg,
      loop,
      'ENTITY_CODE_INVALID',
      `NM1 entity identifier "${el(seg, 1)}" is not allowed here in an ${walk.guide}: check which provider or party this name is for.`,
      'NM101',
    );
  }
  if (loop === '2010AA' && el(seg, 8) !== 'XX')
    walk.push(
      seg,
      loop,
      'NPI_REQUIRED',
      'The billing provider must be identified by NPI: NM108 must be XX and NM109 the 10-digit NPI.',
      'NM108',
    );
  // 837 IG 2010BA/2330A NM108 MI (member id) and 2010BB/2330B NM108 PI or XV (payer id) are required.
  if ((loop === '2010BA' || loop === '2330A') && !el(seg, 9))
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      `The ${loop === '2010BA' ? '' : "other payer's "}subscriber's member id (NM108 MI, NM109) is required.`,
      'NM109',
    );
  if ((loop === '2010BB' || loop === '2330B') && !el(seg, 9))
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      `The ${loop === '2010BB' ? '' : 'other '}payer's identifier (NM108 PI or XV, NM109) is required.`,
      'NM109',
    );
  if (el(seg, 8) === 'XX' && !isValidNpi(el(seg, 9)))
    walk.push(
      seg,
      loop,
      'NPI_INVALID',
      `NPI "${el(seg, 9)}" is not a valid NPI (10 digits with a correct check digit); payers reject claims with it.`,
      'NM109',
      'warning',
    );
}

/** 837 IG 1000A (NM1*41 with PER*IC) and 1000B (NM1*40) are required once per transaction. */
export function checkSubmitterAndReceiver(walk: Walk837, set: TransactionSet): void {
  if (!walk.hasSubmitter)
    walk.push(set.st, '1000A', 'LOOP_MISSING', 'The submitter name loop (1000A, NM1*41) is missing.');
  else if (!walk.hasSubmitterContact)
    walk.push(set.st, '1000A', 'SEGMENT_MISSING', 'The submitter (1000A) has no contact (PER*IC).');
  if (!walk.hasReceiver)
    walk.push(set.st, '1000B', 'LOOP_MISSING', 'The receiver name loop (1000B, NM1*40) is missing.');
}

/** Every claim needs a billing provider (2010AA), subscriber (2010BA) and payer (2010BB), from the model read. */
export function checkClaimParties(walk: Walk837, t: ClaimTransaction): void {
  const firstClaimOfBilling = new Set<unknown>();
  for (const c of t.claims) {
    if (!firstClaimOfBilling.has(c.billingProvider)) {
      firstClaimOfBilling.add(c.billingProvider);
      if (!c.billingProvider.provider.name && !c.billingProvider.provider.id) {
        const hlSeg = [...walk.levels.values()].find((h) => h.level === '20')?.seg;
        walk.push(
          hlSeg,
          '2010AA',
          'LOOP_MISSING',
          'The billing provider name loop (2010AA, NM1*85) is missing: every claim needs a billing provider.',
        );
      }
    }
    if (!c.subscriber.person.name && !c.subscriber.person.id)
      walk.push(
        undefined,
        '2010BA',
        'LOOP_MISSING',
        `Claim ${c.claimId}: the subscriber name loop (2010BA, NM1*IL) is missing.`,
      );
    if (!c.subscriber.payer.name && !c.subscriber.payer.id)
      walk.push(
        undefined,
        '2010BB',
        'LOOP_MISSING',
        `Claim ${c.claimId}: the payer name loop (2010BB, NM1*PR) is missing.`,
      );
  }
}
