import {
  AreDiagnosisPointers,
  AreModifiers,
  IsIcd10CmShape,
  IsProcedureCodeShape,
  IsCalendarDate,
} from '@revcycle/runtime';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class DiagnosisDto {
  @ApiProperty({ example: 'E11.65', description: 'ICD-10-CM, with or without the dot' })
  @IsIcd10CmShape()
  code!: string;
}

export class ProcedureDto {
  @ApiProperty({ example: '99213', description: 'CPT or HCPCS Level II code' })
  @IsProcedureCodeShape('code')
  code!: string;
  @ApiPropertyOptional({ example: ['25'], type: [String] })
  @IsOptional()
  @AreModifiers()
  modifiers?: string[];
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(9999) units!: number;
  @ApiProperty({ example: 12500, description: 'charge in cents' }) @IsInt() @Min(0) chargeCents!: number;
  @ApiProperty({ example: [1], description: '1-based positions in diagnoses (at most 4)', type: [Number] })
  @AreDiagnosisPointers()
  diagnosisPointers!: number[];
  @ApiPropertyOptional({ example: '2026-11-02' }) @IsOptional() @IsCalendarDate() dateOfService?: string;
}

export class CreateEncounterDto {
  @ApiProperty() @IsUUID() patientId!: string;
  @ApiProperty() @IsUUID() coverageId!: string;
  @ApiProperty() @IsUUID() billingProviderId!: string;
  @ApiProperty() @IsUUID() renderingProviderId!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() referringProviderId?: string;
  @ApiProperty({ example: '2026-11-02' }) @IsCalendarDate() dateOfService!: string;
  @ApiProperty({ example: '11', description: 'CMS place-of-service code' })
  @Matches(/^\d{2}$/, { message: 'placeOfService must be a 2-digit CMS place-of-service code' })
  placeOfService!: string;
  @ApiProperty({ type: [DiagnosisDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => DiagnosisDto)
  diagnoses!: DiagnosisDto[];
  @ApiProperty({ type: [ProcedureDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProcedureDto)
  procedures!: ProcedureDto[];
}
