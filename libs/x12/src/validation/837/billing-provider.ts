import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import type { Walk837 } from './walk';

/** Segments that end a 2010AA loop: the next name, level, claim, line or subscriber. */
const ENDS_2010AA = new Set(['NM1', 'HL', 'CLM', 'LX', 'SBR']);

/** Closes the billing provider loop (2010AA) when `seg` ends it: N3, N4 and a tax id are required. */
export function closeBillingProviderAt(walk: Walk837, seg: Segment): void {
  if (!ENDS_2010AA.has(seg.id)) return;
  const open = walk.billingProvider;
  if (open) {
    if (!open.seen.has('N3'))
      walk.push(
        open.nm1,
        '2010AA',
        'SEGMENT_MISSING',
        'The billing provider (2010AA) has no street address (N3); it is required and cannot be a P.O. box.',
      );
    if (!open.seen.has('N4'))
      walk.push(
        open.nm1,
        '2010AA',
        'SEGMENT_MISSING',
        'The billing provider (2010AA) has no city/state/ZIP (N4).',
      );
    if (open.taxIdRefs === 0)
      walk.push(
        open.nm1,
        '2010AA',
        'SEGMENT_MISSING',
        'The billing provider (2010AA) has no tax identification number (REF*EI employer id or REF*SY SSN).',
      );
  }
  walk.billingProvider = undefined;
}

/** A 2010AA still open when the transaction ends: only N3 and N4 are checked (no tax id check here). */
export function closeLastBillingProvider(walk: Walk837): void {
  const open = walk.billingProvider;
  if (!open) return;
  if (!open.seen.has('N3'))
    walk.push(
      open.nm1,
      '2010AA',
      'SEGMENT_MISSING',
      'The billing provider (2010AA) has no street address (N3).',
    );
  if (!open.seen.has('N4'))
    walk.push(
      open.nm1,
      '2010AA',
      'SEGMENT_MISSING',
      'The billing provider (2010AA) has no city/state/ZIP (N4).',
    );
}

/** Opens 2010AA at its NM1, records what it holds, and checks its tax id REF and ZIP+4. */
export function checkBillingProviderSegment(walk: Walk837, seg: Segment, loop: string): void {
  if (seg.id === 'NM1' && loop === '2010AA')
    walk.billingProvider = { nm1: seg, seen: new Set(), taxIdRefs: 0 };
  const open = walk.billingProvider;
  if (open && loop === '2010AA') {
    open.seen.add(seg.id);
    if (seg.id === 'REF' && (el(seg, 1) === 'EI' || el(seg, 1) === 'SY')) {
      open.taxIdRefs++;
      if (open.taxIdRefs > 1)
        walk.push(
          seg,
          loop,
          'SEGMENT_REPEATS',
          'The billing provider has more than one tax identification REF (EI/SY); send exactly one.',
        );
    }
  }
  if (seg.id === 'N4' && loop === '2010AA') {
    const zip = el(seg, 3);
    if (/^\d{5}$/.test(zip)) {
      // 837I IG 2010AA N403: the full nine-digit ZIP code is required; many 837P payers enforce it too.
      walk.push(
        seg,
        loop,
        'ZIP9_REQUIRED',
        `The billing provider ZIP "${zip}" must be the full 9-digit ZIP+4.`,
        'N403',
        walk.professional ? 'warning' : 'error',
      );
    }
  }
}
