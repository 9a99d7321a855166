import { loadPlaceOfService, loadReferenceTables, procedureId } from '@revcycle/codesets';
import { isValidNpi } from '@revcycle/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';

/** Free text of 1–max characters that is not only whitespace (a name of "   " is no name). */
export const IsText = (max: number, min = 1) =>
  applyDecorators(
    ApiProperty({ minLength: min, maxLength: max, pattern: '\\S' }),
    IsString(),
    Length(min, max),
    Matches(/\S/, { message: ({ property }) => `${property} must not be blank` }),
    IsOneLineText(),
  );

/** C0 control characters (NUL, tab, line breaks …) and DEL. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** A UTF-16 surrogate without its pair ("\ud800" in JSON): no character at all. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * One line of real characters: no control character and no lone surrogate. Names, addresses and ids
 * hold none; PostgreSQL cannot store NUL (a sealed column took it, a clear one answered a 400 naming
 * no field), an 837 element cannot carry a control character, and a lone surrogate is stored as
 * U+FFFD or refused by jsonb.
 */
export function IsOneLineText(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    const propertyName = String(propertyKey);
    registerDecorator({
      name: 'isOneLineText',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be one line of text: no control characters (NUL, tab, line break) or broken Unicode`,
        ...options,
      },
      validator: {
        validate: (v: unknown) =>
          typeof v !== 'string' || (!CONTROL_CHARACTER.test(v) && !LONE_SURROGATE.test(v)),
      },
    });
  };
}

/** No C0 control character but tab and line breaks, and no DEL: what a note of several lines holds. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const NOTE_CHARACTERS = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** A note for the history (lines allowed): at most `max` characters, no NUL or other control character. */
export const IsNote = (max: number) =>
  applyDecorators(
    IsString(),
    MaxLength(max),
    Matches(NOTE_CHARACTERS, {
      message: ({ property }) => `${property} must not hold control characters (NUL and the like)`,
    }),
  );

/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    documented(target, propertyName, { format: 'date' }) &&
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => isCalendarDate(v) },
    });
}

/** A real calendar date that is not after today (UTC): dates of birth. */
export function IsPastCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    documented(target, propertyName, { format: 'date', description: 'YYYY-MM-DD, not in the future' }) &&
    registerDecorator({
      name: 'isPastCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date YYYY-MM-DD, not in the future`, ...options },
      validator: {
        validate: (v: unknown) => isCalendarDate(v) && v <= new Date().toISOString().slice(0, 10),
      },
    });
}

export function isCalendarDate(v: unknown): v is string {
  // Year 0000 is no year (1 BC is followed by AD 1): PostgreSQL refuses it, a JavaScript Date does not.
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || v.startsWith('0000')) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** 10 digits with a valid check digit (Luhn, 80840 prefix). */
export function IsNpi(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    documented(target, propertyName, { pattern: '^\\d{10}$' }) &&
    registerDecorator({
      name: 'isNpi',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a 10-digit NPI with a valid check digit`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidNpi(v) },
    });
}

const ICD10CM_SHAPE = /^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/;

/** ICD-10-CM shape, with or without the dot (E11.65, E1165); the code set itself is checked by coding. */
export const IsIcd10CmShape = (field = 'code') =>
  applyDecorators(
    ApiProperty({ pattern: ICD10CM_SHAPE.source, maxLength: 8 }),
    Matches(ICD10CM_SHAPE, { message: `${field} must look like an ICD-10-CM code (e.g. E11.65)` }),
  );

/** ICD-10-CM shape for each item of a string array. */
export const EachIcd10CmShape = () =>
  Matches(ICD10CM_SHAPE, {
    each: true,
    message: 'each diagnosis must look like an ICD-10-CM code (e.g. E11.65)',
  });

/**
 * CPT Category I: 5 digits; Category II / III, PLA and MAAA: 4 digits + F / T / U / M; HCPCS Level II:
 * a letter A–V + 4 digits. Whether the code exists is `isKnownProcedureCode` (a warning, not a 400).
 */
export const PROCEDURE_CODE_FORMAT = /^(\d{5}|\d{4}[FMTU]|[A-V]\d{4})$/i;

export const IsProcedureCodeShape = (field = 'code') =>
  applyDecorators(
    ApiProperty({ pattern: '^([0-9]{5}|[0-9]{4}[FMTUfmtu]|[A-Va-v][0-9]{4})$' }),
    Matches(PROCEDURE_CODE_FORMAT, {
      message: `${field} must be a CPT code (5 digits, or 4 digits + F/M/T/U) or a HCPCS Level II code (letter A–V + 4 digits)`,
    }),
  );

let procedureTable: ReturnType<typeof loadReferenceTables>['proc'] | undefined;

/**
 * Loads the packaged procedure code set (the reference-table snapshot the scrubber uses, shared
 * when both run in one process). Call at start-up so the first request does not wait for it.
 */
export function loadKnownProcedureCodes(): ReturnType<typeof loadReferenceTables>['proc'] {
  return (procedureTable ??= loadReferenceTables().proc);
}

/** In the packaged code set (HCPCS Level II records and the CPT numbers of the NCCI tables). */
export function isKnownProcedureCode(code: string): boolean {
  return procedureId(loadKnownProcedureCodes(), code.toUpperCase()) > 0;
}

/** A note in a 2xx response: accepted, but worth a look (e.g. a procedure code the code set lacks). */
export interface FieldWarning {
  field: string;
  message: string;
}

/** Warnings for well-formed procedure codes that the packaged code set does not know. */
export function unknownProcedureWarnings(codes: Array<{ field: string; code: string }>): FieldWarning[] {
  return codes
    .filter((c) => !isKnownProcedureCode(c.code))
    .map((c) => ({
      field: c.field,
      message: `${c.code.toUpperCase()} is not in the packaged CPT/HCPCS code set: accepted, check it before billing`,
    }));
}

/** USPS Publication 28 (Appendix B): the 50 states, DC, the territories and freely associated states, and the military "states". */
export const USPS_STATE_CODES = [
  ...['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY'],
  ...['LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND'],
  ...['OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'DC'],
  ...['AS', 'FM', 'GU', 'MH', 'MP', 'PW', 'PR', 'VI'],
  ...['AA', 'AE', 'AP'],
] as const;

export const IsUspsState = () =>
  applyDecorators(
    ApiProperty({ enum: USPS_STATE_CODES }),
    IsIn(USPS_STATE_CODES, {
      message: ({ property }) => `${property} must be a USPS state code (e.g. IL, DC, PR, AE)`,
    }),
  );

let placeOfServiceCodes: string[] | undefined;

/** CMS place-of-service codes in use (the packaged list, "Unassigned" codes excluded). */
export function placeOfServiceCodeList(): string[] {
  placeOfServiceCodes ??= loadPlaceOfService()
    .filter((p) => p.facilityType !== 'Unassigned' && /^\d{2}$/.test(p.code))
    .map((p) => p.code);
  return placeOfServiceCodes;
}

/** 837P CLM05-1 / SV105: a CMS place-of-service code from the packaged list. */
export function IsPlaceOfService(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    documented(target, propertyName, { enum: placeOfServiceCodeList() }) &&
    registerDecorator({
      name: 'isPlaceOfService',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a CMS place-of-service code in use (e.g. 11 office, 22 outpatient hospital)`,
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && placeOfServiceCodeList().includes(v) },
    });
}

/** Up to four 2-character modifiers (837P SV101-3 … SV101-6). */
export const AreModifiers = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(4),
    Matches(/^[0-9A-Za-z]{2}$/, { each: true, message: 'each modifier must be 2 characters' }),
  );

/** 837P SV107: one to four 1-based pointers into the claim's (at most 12) diagnoses. */
export const AreDiagnosisPointers = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(4),
    IsInt({ each: true }),
    Min(1, { each: true }),
    Max(12, { each: true }),
  );

/** Adds what the validator enforces to the property's OpenAPI schema (merged with its @ApiProperty). */
function documented(target: object, propertyName: string, schema: Parameters<typeof ApiProperty>[0]): true {
  ApiProperty(schema)(target, propertyName);
  return true;
}
