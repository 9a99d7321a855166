import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidationOptions, registerDecorator } from 'class-validator';

/**
 * The most one service line, and one claim, may charge: 99,999,999.99 USD in integer cents.
 * 837P SV102 and CLM02 are R 1/18, but payers' adjudication systems take far less (10 digits and
 * 2 decimals is the common ceiling); 50 lines at the cap still sum far below 2^53 and bigint.
 */
export const MAX_CHARGE_CENTS = 9_999_999_999;

const dollars = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A line charge in integer cents, 0 … MAX_CHARGE_CENTS (no negative charges). */
export const IsChargeCents = () =>
  applyDecorators(
    ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_CHARGE_CENTS }),
    IsInt({ message: ({ property }) => `${property} must be an integer number of cents` }),
    Min(0, { message: ({ property }) => `${property} must not be negative` }),
    Max(MAX_CHARGE_CENTS, {
      message: ({ property }) =>
        `${property} must be at most ${MAX_CHARGE_CENTS} cents (${dollars(MAX_CHARGE_CENTS)} USD per line)`,
    }),
  );

/** The line charges of one claim (CLM02 = Σ SV102) add up to at most MAX_CHARGE_CENTS. */
export function ChargesFitOneClaim(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'chargesFitOneClaim',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName}: the charges add up to more than ${dollars(MAX_CHARGE_CENTS)} USD, the most one claim carries`,
        ...options,
      },
      validator: { validate: (lines: unknown) => claimTotalCents(lines) <= MAX_CHARGE_CENTS },
    });
}

/** Σ chargeCents over the well-formed lines (a bad line is reported by its own field). */
function claimTotalCents(lines: unknown): number {
  if (!Array.isArray(lines)) return 0;
  return lines.reduce<number>((sum, line) => {
    const cents = (line as { chargeCents?: unknown } | null)?.chargeCents;
    return typeof cents === 'number' && Number.isInteger(cents) && cents >= 0 && cents <= MAX_CHARGE_CENTS
      ? sum + cents
      : sum;
  }, 0);
}
