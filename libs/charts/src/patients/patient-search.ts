import { QueryText, TextRule, fieldError, isCalendarDate } from '@revcycle/runtime';
import { BlindIndexField } from '@revcycle/security';

/** `GET /patients?mrn=&lastName=&firstName=&dateOfBirth=`: every given criterion must match. */
export type PatientSearch = Partial<Record<BlindIndexField, string>>;

const text = (maxLength: number): TextRule => ({ maxLength, pattern: /\S/, shape: 'non-blank text' });

/** The search criteria as query parameters (absent or empty = no criterion; a bad one is a 400). */
export const SearchMrn = () => QueryText('mrn', text(50), 'exact, trimmed and case-folded');
export const SearchLastName = () => QueryText('lastName', text(60), 'exact, case- and accent-folded');
export const SearchFirstName = () => QueryText('firstName', text(35), 'exact, case- and accent-folded');
export const SearchDateOfBirth = () =>
  QueryText('dateOfBirth', { maxLength: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, shape: 'a date YYYY-MM-DD' });

/** Drops absent criteria; a date of birth must be a real calendar date (not 1980-02-30). */
export function patientSearch(criteria: PatientSearch): PatientSearch {
  if (criteria.dateOfBirth !== undefined && !isCalendarDate(criteria.dateOfBirth))
    throw fieldError('dateOfBirth', 'dateOfBirth must be a real date YYYY-MM-DD');
  return Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== undefined));
}
