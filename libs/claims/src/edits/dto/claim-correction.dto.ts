import {
  AreDiagnosisPointers,
  AreModifiers,
  ChargesFitOneClaim,
  EachIcd10CmShape,
  IsChargeCents,
  IsProcedureCodeShape,
  IsNote,
  IsPastCalendarDate,
} from '@revcycle/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CorrectedServiceLineDto {
  @ApiProperty({ example: '99213' })
  @IsProcedureCodeShape('procedureCode')
  procedureCode!: string;
  @ApiPropertyOptional({ example: ['25'], type: [String] })
  @IsOptional()
  @AreModifiers()
  modifiers?: string[];
  @ApiProperty() @IsInt() @Min(1) @Max(9999) units!: number;
  @IsChargeCents() chargeCents!: number;
  @ApiProperty({ type: [Number] })
  @AreDiagnosisPointers()
  diagnosisPointers!: number[];
  @ApiPropertyOptional({ example: '2026-09-14' })
  @IsOptional()
  @IsPastCalendarDate()
  dateOfService?: string;
}

/** What billing staff change to fix a rejected or adjudicated claim; omitted parts stay as they are. Re-scrubbed at once. */
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
  @EachIcd10CmShape()
  diagnoses?: string[];

  @ApiPropertyOptional({ type: [CorrectedServiceLineDto], description: 'replaces every service line' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CorrectedServiceLineDto)
  @ChargesFitOneClaim()
  serviceLines?: CorrectedServiceLineDto[];

  @ApiPropertyOptional({ example: '11' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'placeOfService must be 2 digits' })
  placeOfService?: string;

  @ApiPropertyOptional({
    enum: ['1', '7', '8'],
    description:
      "CLM05-3: 1 original, 7 replacement, 8 void. After the payer's adjudication a correction is a replacement (7, the default) or a void (8), sent with REF*F8 = the payer's claim control number",
  })
  @IsOptional()
  @IsIn(['1', '7', '8'])
  frequencyCode?: string;

  @ApiPropertyOptional({
    description:
      "rebuild the claim's patient, subscriber, payer and provider snapshot from the latest charts fixes (PATCH) claims has received",
  })
  @IsOptional()
  @IsBoolean()
  refreshParties?: boolean;

  @ApiPropertyOptional({ description: 'why, for the claim history' })
  @IsOptional()
  @IsNote(2000)
  note?: string;
}
