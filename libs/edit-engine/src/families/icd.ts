import * as codesets from '@revcycle/codesets';
import { ageAndSexOfDiagnosis, patientAge } from './age-sex';
import { edit, str } from './text';
import { ScrubContext } from './scrub-context';

const { fiscalYearOf, ICD_FY_BASE, ICD_MANIFESTATION, icdSlotBase, intToDate } = codesets;

/**
 * The fiscal year whose ICD-10-CM release applies to the claim's first date of service (the
 * statement start on an 837I); the nearest loaded one, with a warning, when it is not loaded.
 */
function releaseYear(ctx: ScrubContext, dxDate: number): number {
  const s = ctx.settings;
  const fy = dxDate ? fiscalYearOf(dxDate) : s.latestFy;
  if (fy >= ICD_FY_BASE && fy <= ICD_FY_BASE + 31 && (s.loadedFyMask & (1 << (fy - ICD_FY_BASE))) !== 0)
    return fy;
  const near = fy > s.latestFy ? s.latestFy : fy < s.earliestFy ? s.earliestFy : s.latestFy;
  if (ctx.dxCount > 0 && s.icdReleaseCheck !== 'off') {
    ctx.edits.push(
      edit(
        'ICD_RELEASE_NOT_LOADED',
        null,
        [`FY${fy}`],
        `No ICD-10-CM release for FY${fy} (date of service ${intToDate(dxDate)}) is loaded; diagnoses were checked against FY${near}. Import the FY${fy} code file to check them exactly.`,
      ),
    );
  }
  return near;
}

/**
 * Each diagnosis against the ICD-10-CM release in force: a code at all, valid on the date,
 * billable (not a category header), no manifestation code first-listed; then its age and sex edits.
 */
export function diagnosisCodes(ctx: ScrubContext): void {
  const t = ctx.settings.tables;
  const dxDate = ctx.stmtFrom || ctx.firstDos;
  const fy = releaseYear(ctx, dxDate);
  const fyBit = 1 << (fy - ICD_FY_BASE);
  ctx.age = patientAge(ctx, dxDate);
  const slots = t.icd.slots;
  const { diagnoses, dxCount, edits } = ctx;
  for (let k = 0; k < dxCount; k++) {
    const dx = str(diagnoses[k]);
    const b = icdSlotBase(t.icd, dx);
    if (b < 0) {
      edits.push(
        edit(
          'ICD_INVALID',
          null,
          [dx],
          `Diagnosis ${k + 1} '${dx}' is not an ICD-10-CM code: check for a typo (codes are stored without the dot).`,
        ),
      );
      continue;
    }
    const present = slots[b + 3];
    if ((present & fyBit) === 0) {
      const years: number[] = [];
      for (let y = 0; y < 32; y++) if ((present & (1 << y)) !== 0) years.push(ICD_FY_BASE + y);
      edits.push(
        edit(
          'ICD_NOT_VALID_ON_DATE',
          null,
          [dx],
          `Diagnosis ${k + 1} ${dx} is not valid on ${intToDate(dxDate)} (FY${fy}); it is valid in FY${years.join(', FY')}. Use the code that replaced it.`,
        ),
      );
      continue;
    }
    if ((slots[b + 4] & fyBit) === 0) {
      const child = slots[b + 6];
      edits.push(
        edit(
          'ICD_HEADER',
          null,
          [dx],
          `Diagnosis ${k + 1} ${dx} is a category header, not billable: code to the highest specificity${child >= 0 ? ` (e.g. ${t.meta.icdCodes[child]})` : ''}.`,
        ),
      );
    }
    const packed = slots[b + 5];
    if (k === 0 && (packed & ICD_MANIFESTATION) !== 0)
      edits.push(
        edit(
          'ICD_MANIFESTATION_PRINCIPAL',
          null,
          [dx],
          `${dx} is a manifestation code and cannot be the principal/first-listed diagnosis: list the underlying condition first.`,
        ),
      );
    ageAndSexOfDiagnosis(ctx, dx, packed);
  }
}
