import type { X12Issue } from '../common/issue';
import type { TransactionSet } from '../envelope/reader';
import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';
import { checkSegmentElements } from './elements';
import { pusher } from './push';

/** 999 (X231A1): AK1, then AK2 … IK5 per transaction set responded to, then AK9 with the counts. */
export function validate999(set: TransactionSet, issues: X12Issue[]): void {
  const push = pusher(issues);
  let state: 'start' | 'ak1' | 'ak2' | 'ik3' | 'ik5' | 'ak9' = 'start';
  let included = 0;
  let accepted = 0;
  let ak9: Segment | undefined;
  for (const seg of set.body) {
    const loop =
      seg.id === 'AK2' || seg.id === 'IK5'
        ? '2000'
        : seg.id === 'IK3' || seg.id === 'CTX'
          ? '2100'
          : seg.id === 'IK4'
            ? '2110'
            : 'HEADER';
    checkSegmentElements(seg, { loop, issues });
    switch (seg.id) {
      case 'AK1':
        if (state !== 'start') push(seg, loop, 'SEGMENT_ORDER', 'AK1 must be the first segment of the 999.');
        state = 'ak1';
        break;
      case 'AK2':
        if (state === 'start' || state === 'ak9')
          push(seg, loop, 'SEGMENT_ORDER', 'AK2 must follow AK1 (or the previous IK5) and come before AK9.');
        if (state === 'ak2' || state === 'ik3')
          push(
            seg,
            loop,
            'SEGMENT_MISSING',
            'The previous AK2 transaction response was not closed with IK5.',
          );
        included++;
        state = 'ak2';
        break;
      case 'IK3':
      case 'IK4':
      case 'CTX':
        if (state !== 'ak2' && state !== 'ik3')
          push(
            seg,
            loop,
            'SEGMENT_ORDER',
            `${seg.id} must sit inside an AK2 transaction response, before its IK5.`,
          );
        if (seg.id === 'IK3') state = 'ik3';
        break;
      case 'IK5':
        if (state !== 'ak2' && state !== 'ik3')
          push(seg, loop, 'SEGMENT_ORDER', 'IK5 must close an AK2 transaction response.');
        if (['A', 'E'].includes(el(seg, 1))) accepted++;
        state = 'ik5';
        break;
      case 'AK9':
        if (state === 'start' || state === 'ak2' || state === 'ik3')
          push(seg, loop, 'SEGMENT_ORDER', 'AK9 must come last, after every AK2…IK5 response.');
        ak9 = seg;
        state = 'ak9';
        break;
      default:
        push(seg, loop, 'SEGMENT_UNEXPECTED', `Segment ${seg.id} is not part of a 999 acknowledgment.`);
    }
  }
  if (!set.body.some((s) => s.id === 'AK1'))
    push(set.st, 'HEADER', 'SEGMENT_MISSING', 'The 999 has no AK1 (which functional group is acknowledged).');
  if (!ak9)
    push(set.st, 'HEADER', 'SEGMENT_MISSING', 'The 999 has no AK9 functional group response trailer.');
  else {
    if (el(ak9, 2) && Number(el(ak9, 2)) !== included && included > 0)
      push(
        ak9,
        'HEADER',
        'AK9_COUNT',
        `AK902 says ${el(ak9, 2)} transaction sets were included but the 999 responds to ${included} (AK2).`,
        'AK902',
      );
    if (el(ak9, 4) && included > 0 && Number(el(ak9, 4)) !== accepted)
      push(
        ak9,
        'HEADER',
        'AK9_COUNT',
        `AK904 says ${el(ak9, 4)} transaction sets were accepted but ${accepted} IK5 segments accept (A or E).`,
        'AK904',
      );
  }
}
