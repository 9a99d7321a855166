import { AdjustmentGroup, DenialCode, describeCarc, describeGroup, describeRarc } from './denial-codes';
import {
  CARC_CATEGORIES,
  DenialCategory,
  NEXT_ACTION_BY_CARC,
  NEXT_ACTION_BY_CATEGORY,
  NOT_DENIAL_CARCS,
  NextAction,
  RARC_REFINEMENTS,
} from './denial-categories';

export interface Denial {
  /** CAS01. */
  group: AdjustmentGroup | string;
  /** CAS02 (or 05, 08, …). */
  carc: string;
  /** Remark codes from the 2110 LQ*HE, MOA or MIA segments. */
  rarcs?: string[];
}

export interface CategorizedDenial {
  group: DenialCode;
  carc: DenialCode;
  rarcs: DenialCode[];
  category: DenialCategory;
  nextAction: NextAction;
}

const CATEGORY_OF_CARC = new Map<string, DenialCategory>(
  Object.entries(CARC_CATEGORIES).flatMap(([category, codes]) =>
    codes.map((code) => [code, category as DenialCategory] as const),
  ),
);

/**
 * The family of a denial and what to do next. The CARC decides the family; when it is a general
 * one (missing information or other), a RARC naming something more specific refines it. Group PR
 * (patient responsibility, 835 IG CAS01) means the payer assigns the amount to the patient: bill the
 * patient, except where the denial is ours to fix (coding, missing information, duplicate).
 */
export function categorizeDenial(denial: Denial): CategorizedDenial {
  const carcCode = denial.carc.trim().toUpperCase();
  const group = describeGroup(denial.group);
  const rarcs = (denial.rarcs ?? []).map(describeRarc);
  let category: DenialCategory = CATEGORY_OF_CARC.get(carcCode) ?? 'other';
  if (category === 'missing_information' || category === 'other') {
    const refined = rarcs.map((r) => RARC_REFINEMENTS[r.code]).find((c) => c !== undefined);
    if (refined) category = refined;
  }
  return {
    group,
    carc: describeCarc(carcCode),
    rarcs,
    category,
    nextAction: nextAction(group.code, carcCode, category),
  };
}

const OURS_TO_FIX: readonly DenialCategory[] = ['coding', 'missing_information', 'duplicate'];

function nextAction(group: string, carc: string, category: DenialCategory): NextAction {
  if (group === 'PR' && !OURS_TO_FIX.includes(category)) return 'bill_patient';
  return NEXT_ACTION_BY_CARC[carc] ?? NEXT_ACTION_BY_CATEGORY[category];
}

/**
 * Whether a CAS adjustment belongs in the denials work queue: not the expected adjustments
 * (NOT_DENIAL_CARCS), and not group CR (corrections and reversals: the 835 IG's CR undoes an
 * earlier adjudication, the reversal's own posting handles it).
 */
export function isDenial(denial: Pick<Denial, 'group' | 'carc'>): boolean {
  const group = denial.group.trim().toUpperCase();
  return group !== 'CR' && !NOT_DENIAL_CARCS.includes(denial.carc.trim().toUpperCase());
}
