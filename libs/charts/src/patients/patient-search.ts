import { FieldProblem, fieldErrors, isCalendarDate } from '@revcycle/runtime';
import { BlindIndexField } from '@revcycle/security';

/** `GET /patients?mrn=&lastName=&firstName=&dateOfBirth=`: every given criterion must match. */
export type PatientSearch = Partial<Record<BlindIndexField, string>>;

const MAX_LENGTH: Record<BlindIndexField, number> = { mrn: 50, firstName: 35, lastName: 60, dateOfBirth: 10 };

/**
 * Reads the search criteria from the query string: absent or empty = no criterion; blank, too long,
 * repeated or (date of birth) not a real YYYY-MM-DD date is a 400 naming the parameter.
 */
export function patientSearch(query: Record<string, unknown>): PatientSearch {
  const search: PatientSearch = {};
  const problems: FieldProblem[] = [];
  for (const field of Object.keys(MAX_LENGTH) as BlindIndexField[]) {
    const value = query[field];
    if (value === undefined || value === '') continue;
    const problem = criterionProblem(field, value);
    if (problem) problems.push({ field, messages: [problem] });
    else search[field] = value as string;
  }
  if (problems.length > 0) throw fieldErrors(problems, 'invalid search');
  return search;
}

function criterionProblem(field: BlindIndexField, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${field} must be given once`;
  if (value.trim() === '') return `${field} must not be blank`;
  if (value.length > MAX_LENGTH[field]) return `${field} must have at most ${MAX_LENGTH[field]} characters`;
  if (field === 'dateOfBirth' && !isCalendarDate(value)) return 'dateOfBirth must be a real date YYYY-MM-DD';
  return undefined;
}
