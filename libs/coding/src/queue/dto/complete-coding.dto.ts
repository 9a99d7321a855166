import { AreDiagnosisPointers, AreModifiers, IsIcd10CmShape, IsProcedureCodeShape } from '@revcycle/runtime';
import { ApiPropertyOptional } from '@nestjs/swagger';
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
  @IsIcd10CmShape()
  code!: string;
}

export class CodedProcedureDto {
  @IsProcedureCodeShape('code') code!: string;
  @IsOptional()
  @AreModifiers()
  modifiers?: string[];
  @IsInt() @Min(1) @Max(9999) units!: number;
  @IsInt() @Min(0) chargeCents!: number;
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

  @ApiPropertyOptional({ type: [CodedProcedureDto], description: 'replaces the service lines' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CodedProcedureDto)
  procedures?: CodedProcedureDto[];
}
