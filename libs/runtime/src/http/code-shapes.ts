import { isValidNpi } from '@revcycle/contracts';
import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  Matches,
  Max,
  Min,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';

/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => isCalendarDate(v) },
    });
}

export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** 10 digits with a valid check digit (Luhn, 80840 prefix). */
export function IsNpi(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNpi',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a 10-digit NPI with a valid check digit`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidNpi(v) },
    });
}

/** ICD-10-CM shape, with or without the dot (E11.65, E1165); the code set itself is checked by coding. */
export const IsIcd10CmShape = (field = 'code') =>
  Matches(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, {
    message: `${field} must look like an ICD-10-CM code (e.g. E11.65)`,
  });

/** ICD-10-CM shape for each item of a string array. */
export const EachIcd10CmShape = () =>
  Matches(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, {
    each: true,
    message: 'each diagnosis must look like an ICD-10-CM code (e.g. E11.65)',
  });

/** CPT or HCPCS Level II: five characters (the scrubber checks the code itself). */
export const IsProcedureCodeShape = (field = 'code') =>
  Matches(/^[0-9A-Za-z]{5}$/, { message: `${field} must be 5 characters (CPT or HCPCS)` });

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
