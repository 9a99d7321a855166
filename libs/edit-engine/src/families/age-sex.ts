import * as codesets from '@revcycle/codesets';
import { edit } from './text';
import { ScrubContext } from './scrub-context';

const { ICD_FEMALE_ONLY, ICD_MALE_ONLY } = codesets;

/** The patient's age in whole years on `date` (YYYYMMDD integer), -1 when unknown. */
export function patientAge(ctx: ScrubContext, date: number): number {
  const dob = ctx.dob;
  if (!dob || !date || date < dob) return -1;
  let age = Math.floor(date / 10000) - Math.floor(dob / 10000);
  if (date % 10000 < dob % 10000) age--;
  return age;
}

/**
 * ICD-10-CM sex edits (the code set's male-only / female-only codes) and age edits (the code's
 * age range), for a diagnosis whose packed flags and age range are `packed`.
 */
export function ageAndSexOfDiagnosis(ctx: ScrubContext, dx: string, packed: number): void {
  const f = packed & 255;
  const sex = ctx.sex;
  if (sex === 'M' && (f & ICD_FEMALE_ONLY) !== 0)
    ctx.edits.push(
      edit(
        'ICD_SEX_CONFLICT',
        null,
        [dx, sex],
        `Diagnosis ${dx} applies to female patients only, but the patient's sex is M: correct the diagnosis or the patient's sex.`,
      ),
    );
  if (sex === 'F' && (f & ICD_MALE_ONLY) !== 0)
    ctx.edits.push(
      edit(
        'ICD_SEX_CONFLICT',
        null,
        [dx, sex],
        `Diagnosis ${dx} applies to male patients only, but the patient's sex is F: correct the diagnosis or the patient's sex.`,
      ),
    );
  const lo = (packed >>> 8) & 255;
  const hi = (packed >>> 16) & 255;
  const age = ctx.age;
  if (lo !== 255 && age >= 0 && (age < lo || age > hi)) {
    ctx.edits.push(
      edit(
        'ICD_AGE_CONFLICT',
        null,
        [dx, String(age)],
        `Diagnosis ${dx} is for ages ${lo}–${hi}, but the patient is ${age}: correct the diagnosis or the date of birth.`,
      ),
    );
  }
}
