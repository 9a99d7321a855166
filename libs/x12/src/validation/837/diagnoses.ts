import type { Segment } from '../../tokenizer/segment';
import { comp } from '../../tokenizer/segment';
import { HI_QUALIFIERS } from '../codes';
import type { Walk837 } from './walk';

/** Diagnosis qualifiers (ICD-10-CM ABK/ABF, ICD-9-CM BK/BF) that count toward the claim's diagnoses. */
const DIAGNOSIS_QUALIFIERS = ['ABK', 'BK', 'ABF', 'BF'];

/** 2300 HI: code list qualifiers, diagnosis codes without the dot, the principal diagnosis first (837P). */
export function checkHealthCodes(walk: Walk837, seg: Segment, loop: string): void {
  walk.claim.hasDiagnoses = true;
  for (let i = 1; i < seg.elements.length; i++) {
    const q = comp(seg, i, 1);
    if (!q) continue;
    const ref = `HI${i < 10 ? '0' : ''}${i}`;
    if (q.length <= 3 && !HI_QUALIFIERS.has(q))
      walk.push(
        seg,
        loop,
        'CODE_INVALID',
        `${ref}-1 code list qualifier "${q}" is not valid (e.g. ABK principal diagnosis, ABF other diagnosis).`,
        `${ref}-1`,
      );
    if (DIAGNOSIS_QUALIFIERS.includes(q)) {
      walk.claim.diagnoses++;
      const code = comp(seg, i, 2);
      if (code.includes('.'))
        walk.push(
          seg,
          loop,
          'DIAGNOSIS_DOT',
          `Diagnosis code "${code}" must be sent without the decimal point.`,
          `${ref}-2`,
        );
    }
    if (i === 1 && walk.professional && !['ABK', 'BK'].includes(q) && ['ABF', 'BF'].includes(q))
      walk.push(
        seg,
        loop,
        'PRINCIPAL_DIAGNOSIS_FIRST',
        'The first diagnosis on the claim must be the principal diagnosis (ABK).',
        'HI01-1',
      );
  }
}
