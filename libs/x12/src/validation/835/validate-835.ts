import type { X12Issue } from '../../common/issue';
import type { Remittance835Handlers } from '../../835/reader';
import { Remittance835Reader } from '../../835/reader';
import type { TransactionContext } from '../../envelope/reader';
import type { Segment } from '../../tokenizer/segment';
import { checkCommonRules } from '../common-rules';
import type { ElementSpec } from '../elements';
import { checkSegmentElements } from '../elements';
import { pusher } from '../push';
import { adjustmentSpecs, checkAdjustmentReasons, checkRemarkCodes } from './adjustments';
import { reportBalancing } from './balancing';
import { checkClaimSegment, claimSpecs, closeClaim } from './claim';
import { checkHeaderPresent, headerSpecs, noteHeaderSegment } from './header';
import { checkPartiesPresent, checkPartySegment, partySpecs } from './parties';
import { checkRepeats } from './repeats';
import { checkSegmentPlace } from './segments';
import { serviceLineSpecs } from './service-line';
import { Walk835 } from './walk';

export interface Validate835Options {
  /** The CARC list (e.g. `loadCarc()` of `@revcycle/codesets`): CAS reason codes outside it are errors. */
  adjustmentReasons?: ReadonlySet<string>;
  /** The RARC list (e.g. `loadRarc()`): LQ*HE, MIA and MOA remark codes outside it are errors. */
  remarkCodes?: ReadonlySet<string>;
  /** The reader's claims and transaction (with its full balancing report), passed through. */
  claim?: Remittance835Handlers['claim'];
  transaction?: Remittance835Handlers['transaction'];
}

/** The 835 guide's element specs for a segment in its loop (code lists and required elements per loop). */
function specsFor(seg: Segment, loop: string): ElementSpec[] | undefined {
  const adjustment = adjustmentSpecs(seg);
  if (adjustment) return adjustment;
  switch (loop) {
    case 'HEADER':
      return headerSpecs(seg);
    case '1000A':
    case '1000B':
      return partySpecs(seg, loop);
    case '2100':
      return claimSpecs(seg);
    case '2110':
      return serviceLineSpecs(seg);
    default:
      return undefined;
  }
}

/**
 * Push validator for one 835 (005010X221A1): each segment is checked as it passes, against the element
 * dictionary with the guide's code lists for its loop, and nothing is retained; claim and line balancing
 * arrive with each claim, the payment total (BPR02 = Σ CLP04 − Σ PLB) at the end of the set.
 */
export function create835Validator(
  ctx: TransactionContext,
  issues: X12Issue[],
  options: Validate835Options = {},
): { segment(seg: Segment): void; end(closed: boolean): void } {
  const walk = new Walk835(ctx.st, issues, pusher(issues), options.adjustmentReasons, options.remarkCodes);
  const reader = new Remittance835Reader(
    {
      located: (seg, loop) => {
        checkSegmentElements(seg, { loop, issues }, specsFor(seg, loop));
        checkCommonRules(seg, loop, walk.push);
        checkSegmentPlace(walk, seg, loop);
        checkRepeats(walk, seg, loop);
        noteHeaderSegment(walk, seg);
        checkPartySegment(walk, seg, loop);
        checkClaimSegment(walk, seg, loop);
        checkAdjustmentReasons(walk, seg, loop);
        checkRemarkCodes(walk, seg, loop);
      },
      claim: (claim, advice, balancing) => {
        reportBalancing(walk, balancing);
        options.claim?.(claim, advice, balancing);
      },
      transaction: (advice, balancing, closed) => {
        reportBalancing(
          walk,
          balancing.filter((b) => b.level === 'transaction'),
        );
        options.transaction?.(advice, balancing, closed);
      },
    },
    { retainClaims: false },
  );
  reader.start(ctx);
  return {
    segment: (seg) => reader.segment(seg),
    end: (closed) => {
      closeClaim(walk);
      reader.end(closed);
      checkHeaderPresent(walk);
      checkPartiesPresent(walk);
    },
  };
}
