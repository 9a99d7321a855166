import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, IsChargeCents, IsProcedureCodeShape } from '@revcycle/runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  Matches,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';

/** The most rates one schedule version carries (a full physician fee schedule is ~10,000 codes). */
export const MAX_RATES = 20_000;

export class FeeScheduleRateDto {
  @IsProcedureCodeShape('procedureCode')
  procedureCode!: string;

  @ApiPropertyOptional({
    pattern: '^[0-9A-Za-z]{2}$',
    description: 'pricing modifier (26, TC, 50 …); none for the code alone',
  })
  @IsOptional()
  @Matches(/^[0-9A-Za-z]{2}$/, { message: 'modifier must be 2 characters (letters or digits)' })
  modifier?: string;

  /** The contract's allowed amount for one unit. */
  @IsChargeCents()
  allowedCents!: number;
}

/** No procedure code + modifier twice in one schedule (which one would apply?). */
function EachRateOnce() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'eachRateOnce',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property}: ${duplicates(args.value).join(', ')} given more than once`,
      },
      validator: { validate: (v: unknown) => duplicates(v).length === 0 },
    });
}

function duplicates(rates: unknown): string[] {
  if (!Array.isArray(rates)) return [];
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const r of rates as Array<Record<string, unknown> | null>) {
    // Only well-typed rates are compared: a wrong type is its own field's 400 (not a TypeError here).
    if (!r || typeof r !== 'object' || typeof r.procedureCode !== 'string') continue;
    if (r.modifier !== undefined && r.modifier !== null && typeof r.modifier !== 'string') continue;
    const key = `${r.procedureCode.toUpperCase()}${r.modifier ? `-${r.modifier.toUpperCase()}` : ''}`;
    if (seen.has(key) && !twice.includes(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

export class PutFeeScheduleDto {
  /** From this date of service on (until a later version's date). */
  @IsCalendarDate()
  effectiveDate!: string;

  @ApiProperty({ type: [FeeScheduleRateDto], minItems: 1, maxItems: MAX_RATES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RATES)
  @EachRateOnce()
  @ValidateNested({ each: true })
  @Type(() => FeeScheduleRateDto)
  rates!: FeeScheduleRateDto[];
}

export class FeeScheduleRateResponse {
  @ApiProperty() procedureCode!: string;
  @ApiProperty({ description: "'' for the code alone" }) modifier!: string;
  @ApiProperty({ type: 'integer' }) allowedCents!: number;
}

export class FeeScheduleResponse {
  @ApiProperty({ format: 'uuid' }) payerId!: string;
  @ApiProperty({ format: 'date' }) effectiveDate!: string;
  @ApiProperty({ type: [FeeScheduleRateResponse] }) rates!: FeeScheduleRateResponse[];
  @ApiProperty({ type: [String], description: "every version's effective date, oldest first" })
  versions!: string[];
}
