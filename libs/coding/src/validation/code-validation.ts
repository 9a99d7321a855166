import { EncounterDiagnosis, EncounterProcedure } from '@revcycle/contracts';
import { Icd10CmCodeSet } from '@revcycle/codesets';
import { PROCEDURE_CODE_FORMAT } from '@revcycle/runtime';

export interface CodingProblem {
  /** Where, e.g. `diagnoses[1].code`. */
  field: string;
  code: string;
  problem: 'icd-unknown' | 'icd-header' | 'procedure-format' | 'pointer';
  message: string;
}

/**
 * What coding checks before a claim is built: every diagnosis is a billable ICD-10-CM code of the
 * loaded release, every procedure code has a CPT/HCPCS shape, every pointer names a diagnosis.
 * The full edit set (NCCI, MUE, dates, age/sex …) is the scrubber's, at claim time.
 */
export function validateCodes(
  icd: Icd10CmCodeSet,
  diagnoses: EncounterDiagnosis[],
  procedures: EncounterProcedure[],
): CodingProblem[] {
  const problems: CodingProblem[] = [];
  diagnoses.forEach((d, i) => {
    const found = icd.get(d.code);
    const field = `diagnoses[${i}].code`;
    if (!found) {
      problems.push({
        field,
        code: d.code,
        problem: 'icd-unknown',
        message: `${display(d.code)} is not an ICD-10-CM FY${icd.fiscalYear} code`,
      });
    } else if (!found.billable) {
      problems.push({
        field,
        code: d.code,
        problem: 'icd-header',
        message: `${display(d.code)} (${found.shortDescription}) is a category header, not billable: code to the highest specificity`,
      });
    }
  });
  procedures.forEach((p, i) => {
    if (!PROCEDURE_CODE_FORMAT.test(p.code)) {
      problems.push({
        field: `procedures[${i}].code`,
        code: p.code,
        problem: 'procedure-format',
        message: `${p.code} is neither a CPT (5 digits, or 4 digits + F/M/T/U) nor a HCPCS Level II code (letter A–V + 4 digits)`,
      });
    }
    const bad = p.diagnosisSequences.find((s) => !diagnoses.some((d) => d.sequence === s));
    if (bad !== undefined) {
      problems.push({
        field: `procedures[${i}].diagnosisPointers`,
        code: p.code,
        problem: 'pointer',
        message: `pointer ${bad} names no diagnosis`,
      });
    }
  });
  return problems;
}

/** ICD-10-CM shown with the dot after the category (E1165 → E11.65). */
export const display = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);
