import { AdjustmentReasonCode, loadCarc, loadClaimAdjustmentGroups, loadRarc } from '@revcycle/codesets';

/**
 * The 835's adjustment codes in words: claim adjustment reason codes (CARC, X12 code list 139,
 * the 835's CAS02/05/…), remittance advice remark codes (RARC, code list 411, LQ*HE / MIA / MOA) and
 * claim adjustment group codes (CAS01). The lists are the ones `@revcycle/codesets` packages from
 * ../shared/data/remit (committed as libs/codesets/data/remit/*.tsv.gz, so a fresh clone and dist
 * both have them; see that README for provenance: X12 / CMS lists as of June 2024).
 * Loaded once, on first use.
 */
export interface DenialCode {
  code: string;
  description: string;
  /** Set when the code list marks the code deactivated (it still appears on older remittances). */
  stopDate?: string;
  known: boolean;
}

let carc: Map<string, AdjustmentReasonCode> | undefined;
let rarc: Map<string, AdjustmentReasonCode> | undefined;
let groups: Map<string, string> | undefined;

const described = (list: Map<string, AdjustmentReasonCode>, code: string, what: string): DenialCode => {
  const found = list.get(code);
  return found
    ? {
        code,
        description: found.description,
        ...(found.stopDate ? { stopDate: found.stopDate } : {}),
        known: true,
      }
    : { code, description: `unknown ${what} ${code} (not in the June 2024 list)`, known: false };
};

/** CARC in words, e.g. 29 → "The time limit for filing has expired." */
export function describeCarc(code: string): DenialCode {
  carc ??= loadCarc();
  return described(carc, code.trim().toUpperCase(), 'CARC');
}

/** RARC in words, e.g. N30 → "Patient ineligible for this service." */
export function describeRarc(code: string): DenialCode {
  rarc ??= loadRarc();
  return described(rarc, code.trim().toUpperCase(), 'RARC');
}

export type AdjustmentGroup = 'CO' | 'CR' | 'OA' | 'PI' | 'PR';

/** CAS01 in words: CO contractual obligations, CR corrections and reversals, OA, PI, PR. */
export function describeGroup(code: string): DenialCode {
  groups ??= loadClaimAdjustmentGroups();
  const c = code.trim().toUpperCase();
  const description = groups.get(c);
  return description
    ? { code: c, description, known: true }
    : { code: c, description: `unknown claim adjustment group ${c}`, known: false };
}
