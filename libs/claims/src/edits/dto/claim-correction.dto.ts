import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CorrectedServiceLineDto {
  @ApiProperty({ example: '99213' })
  @Matches(/^[0-9A-Za-z]{5}$/, { message: 'procedureCode must be 5 characters (CPT or HCPCS)' })
  procedureCode!: string;
  @ApiPropertyOptional({ example: ['25'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @Matches(/^[0-9A-Za-z]{2}$/, { each: true, message: 'each modifier must be 2 characters' })
  modifiers?: string[];
  @ApiProperty() @IsInt() @Min(1) @Max(9999) units!: number;
  @ApiProperty({ description: 'cents' }) @IsInt() @Min(0) chargeCents!: number;
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(12, { each: true })
  diagnosisPointers!: number[];
  @ApiPropertyOptional({ example: '2026-09-14' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfService must be YYYY-MM-DD' })
  dateOfService?: string;
}

/** What billing staff change to fix a rejected claim; omitted parts stay as they are. Re-scrubbed at once. */
export class ClaimCorrectionDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['E1165', 'I10'],
    description: 'ICD-10-CM, in order (pointer 1 = first)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @Matches(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, {
    each: true,
    message: 'each diagnosis must look like an ICD-10-CM code',
  })
  diagnoses?: string[];

  @ApiPropertyOptional({ type: [CorrectedServiceLineDto], description: 'replaces every service line' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CorrectedServiceLineDto)
  serviceLines?: CorrectedServiceLineDto[];

  @ApiPropertyOptional({ example: '11' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'placeOfService must be 2 digits' })
  placeOfService?: string;

  @ApiPropertyOptional({ enum: ['1', '7', '8'], description: 'CLM05-3: 1 original, 7 replacement, 8 void' })
  @IsOptional()
  @IsIn(['1', '7', '8'])
  frequencyCode?: string;

  @ApiPropertyOptional({ description: 'why, for the claim history' }) @IsOptional() @IsString() note?: string;
}
