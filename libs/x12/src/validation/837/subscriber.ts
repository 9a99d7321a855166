import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import type { Walk837 } from './walk';

/** SBR of the subscriber (2000B) or of another payer (2320). */
export function checkSubscriber(walk: Walk837, seg: Segment, loop: string): void {
  // Kept for the SBR02 check against the levels that follow (see checkHierarchy).
  if (loop === '2000B' && walk.currentLevel) walk.currentLevel.sbr = seg;
  // 837P/837I IG 2000B and 2320 SBR09: the claim filing indicator is required.
  if (!el(seg, 9))
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      'Claim filing indicator (SBR09) is required: e.g. CI commercial, MB Medicare Part B, MC Medicaid, BL Blue Cross.',
      'SBR09',
    );
  if (loop === '2320' && !el(seg, 2))
    walk.push(
      seg,
      loop,
      'ELEMENT_MISSING',
      "Relationship of the patient to the other payer's subscriber (SBR02) is required in loop 2320 (18 = self).",
      'SBR02',
    );
}
