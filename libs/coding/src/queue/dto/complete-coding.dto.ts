import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CodedDiagnosisDto {
  @Matches(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, {
    message: 'code must look like an ICD-10-CM code (e.g. E11.65)',
  })
  code!: string;
}

export class CodedProcedureDto {
  @Matches(/^[0-9A-Za-z]{5}$/, { message: 'code must be 5 characters (CPT or HCPCS)' }) code!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @Matches(/^[0-9A-Za-z]{2}$/, { each: true, message: 'each modifier must be 2 characters' })
  modifiers?: string[];
  @IsInt() @Min(1) @Max(9999) units!: number;
  @IsInt() @Min(0) chargeCents!: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(12, { each: true })
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
