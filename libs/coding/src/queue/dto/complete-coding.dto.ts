import {
  AreDiagnosisPointers,
  AreModifiers,
  ChargesFitOneClaim,
  IsChargeCents,
  IsIcd10CmShape,
  IsProcedureCodeShape,
} from '@revcycle/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CodedDiagnosisDto {
  @ApiProperty({ example: 'E11.65', description: 'ICD-10-CM, with or without the dot' })
  @IsIcd10CmShape()
  code!: string;
}

export class CodedProcedureDto {
  @ApiProperty({ example: '99213', description: 'CPT or HCPCS Level II code' })
  @IsProcedureCodeShape('code')
  code!: string;
  @ApiPropertyOptional({ example: ['25'], type: [String] })
  @IsOptional()
  @AreModifiers()
  modifiers?: string[];
  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 }) @IsInt() @Min(1) @Max(9999) units!: number;
  @ApiProperty({ example: 12500, description: 'SV102 line charge in cents, at most 9999999999' })
  @IsChargeCents()
  chargeCents!: number;
  @ApiProperty({ example: [1], description: '1-based positions in diagnoses (at most 4)', type: [Number] })
  @AreDiagnosisPointers()
  diagnosisPointers!: number[];
}

/** The coder's corrected codes; omit a list to keep it as documented. */
export class CompleteCodingDto {
  @ApiPropertyOptional({
    type: [CodedDiagnosisDto],
    description: 'replaces the diagnoses, in order (pointer 1 = first)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => CodedDiagnosisDto)
  diagnoses?: CodedDiagnosisDto[];

  @ApiPropertyOptional({
    type: [CodedProcedureDto],
    description: 'replaces the service lines; their charges add up to at most 9999999999 cents (CLM02)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ChargesFitOneClaim()
  @ValidateNested({ each: true })
  @Type(() => CodedProcedureDto)
  procedures?: CodedProcedureDto[];
}
