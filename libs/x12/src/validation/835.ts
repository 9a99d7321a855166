import type { X12Issue } from '../common/issue';
import type { TransactionContext } from '../envelope/reader';
import { Remittance835Reader } from '../835/reader';
import type { BalancingError } from '../835/model';
import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';
import { checkCommonRules } from './common-rules';
import { checkSegmentElements } from './elements';
import { pusher } from './push';

/** Segments the 835 guide uses. */
const SEGMENTS_835 = new Set(
  'BPR TRN CUR REF DTM N1 N3 N4 PER RDM LX TS3 TS2 CLP CAS NM1 MIA MOA AMT QTY SVC LQ PLB'.split(' '),
);

/** Push validator for one 835 (segments are checked as they pass; nothing is retained). */
export function create835Validator(
  ctx: TransactionContext,
  issues: X12Issue[],
): { segment(seg: Segment): void; end(): void } {
  const push = pusher(issues);
  const reportBalancing = (balancing: BalancingError[]) => {
    for (const b of balancing) {
      issues.push({
        severity: 'error',
        code: `UNBALANCED_${b.level.toUpperCase()}`,
        message: b.message,
        segmentOrdinal: b.segmentOrdinal,
        segmentId: b.level === 'transaction' ? 'BPR' : b.level === 'claim' ? 'CLP' : 'SVC',
        loop: b.level === 'transaction' ? 'HEADER' : b.level === 'claim' ? '2100' : '2110',
        element: b.level === 'transaction' ? 'BPR02' : b.level === 'claim' ? 'CLP04' : 'SVC03',
      });
    }
  };
  let loop1000A: Segment | undefined;
  let perBl = false;
  let hasBpr = false;
  let hasTrn = false;
  let payee = false;
  const reader = new Remittance835Reader(
    {
      located: (seg, loop) => {
        checkSegmentElements(seg, { loop, issues });
        checkCommonRules(seg, loop, push);
        if (!SEGMENTS_835.has(seg.id))
          push(
            seg,
            loop,
            'SEGMENT_UNEXPECTED',
            `Segment ${seg.id} is not used in the 835 implementation guide; remove it.`,
          );
        if (seg.id === 'BPR') hasBpr = true;
        if (seg.id === 'TRN') hasTrn = true;
        if (seg.id === 'N1' && el(seg, 1) === 'PR') loop1000A = seg;
        if (seg.id === 'N1' && el(seg, 1) === 'PE') payee = true;
        if (seg.id === 'PER' && loop === '1000A' && el(seg, 1) === 'BL') perBl = true;
        if (seg.id === 'N1' && !['PR', 'PE'].includes(el(seg, 1)))
          push(
            seg,
            loop,
            'ENTITY_CODE_INVALID',
            `N101 "${el(seg, 1)}" is not valid: the 835 names the payer (PR) and the payee (PE).`,
            'N101',
          );
      },
      // Claim and line balancing arrive with each claim; the payment total with the transaction.
      claim: (_claim, _advice, balancing) => reportBalancing(balancing),
      transaction: (_advice, balancing) =>
        reportBalancing(balancing.filter((b) => b.level === 'transaction')),
    },
    { retainClaims: false },
  );
  reader.start(ctx);
  const st = ctx.st;
  return {
    segment: (seg) => reader.segment(seg),
    end: () => {
      reader.end();
      if (!hasBpr) push(st, 'HEADER', 'SEGMENT_MISSING', 'The 835 has no BPR payment segment.');
      if (!hasTrn)
        push(
          st,
          'HEADER',
          'SEGMENT_MISSING',
          'The 835 has no TRN reassociation trace number (check or EFT trace).',
        );
      if (!loop1000A)
        push(st, '1000A', 'LOOP_MISSING', 'The payer identification loop (1000A, N1*PR) is missing.');
      else if (!perBl)
        push(
          loop1000A,
          '1000A',
          'SEGMENT_MISSING',
          "The payer (1000A) has no technical contact (PER*BL); the 835 guide requires the payer's technical contact.",
        );
      if (!payee)
        push(st, '1000B', 'LOOP_MISSING', 'The payee identification loop (1000B, N1*PE) is missing.');
    },
  };
}
