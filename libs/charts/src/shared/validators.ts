import { isValidNpi } from '@revcycle/contracts';
import { ValidationOptions, registerDecorator } from 'class-validator';

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
