import type { BalancingError } from '../../835/model';
import type { Walk835 } from './walk';

const AT: Record<BalancingError['level'], { segmentId: string; loop: string; element: string }> = {
  transaction: { segmentId: 'BPR', loop: 'HEADER', element: 'BPR02' },
  claim: { segmentId: 'CLP', loop: '2100', element: 'CLP04' },
  line: { segmentId: 'SVC', loop: '2110', element: 'SVC03' },
};

/**
 * 835 IG 1.10.2 balancing failures as located issues of the transaction set (`UNBALANCED_TRANSACTION`,
 * `_CLAIM`, `_LINE`), each carrying the report's figures in its message.
 */
export function reportBalancing(walk: Walk835, balancing: BalancingError[]): void {
  for (const b of balancing) {
    const at = AT[b.level];
    walk.issues.push({
      severity: 'error',
      code: `UNBALANCED_${b.level.toUpperCase()}`,
      message: b.message,
      segmentOrdinal: b.segmentOrdinal,
      segmentId: at.segmentId,
      loop: at.loop,
      element: at.element,
    });
  }
}
