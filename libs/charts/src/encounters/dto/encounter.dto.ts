import {
  AreDiagnosisPointers,
  AreModifiers,
  ChargesFitOneClaim,
  IsPastCalendarDate,
  IsChargeCents,
  IsIcd10CmShape,
  IsPlaceOfService,
  IsProcedureCodeShape,
} from '@revcycle/runtime';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsUUID,
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
  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 }) @IsInt() @Min(1) @Max(9999) units!: number;
  @ApiProperty({ example: 12500, description: 'SV102 line charge in cents, at most 9999999999' })
  @IsChargeCents()
  chargeCents!: number;
  @ApiProperty({ example: [1], description: '1-based positions in diagnoses (at most 4)', type: [Number] })
  @AreDiagnosisPointers()
  diagnosisPointers!: number[];
  @ApiPropertyOptional({ example: '2026-11-02' }) @IsOptional() @IsPastCalendarDate() dateOfService?: string;
}

export class CreateEncounterDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() coverageId!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "the patient's secondary coverage: billed after the primary payer's 835 (coordination of benefits)",
  })
  @IsOptional()
  @IsUUID()
  secondaryCoverageId?: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() billingProviderId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() renderingProviderId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() referringProviderId?: string;
  @ApiProperty({ example: '2026-11-02' }) @IsPastCalendarDate() dateOfService!: string;
  @ApiProperty({ example: '11', description: 'CMS place-of-service code (837P CLM05-1)' })
  @IsPlaceOfService()
  placeOfService!: string;
  @ApiProperty({ type: [DiagnosisDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => DiagnosisDto)
  diagnoses!: DiagnosisDto[];
  @ApiProperty({
    type: [ProcedureDto],
    description: 'service lines; their charges add up to at most 9999999999 cents (CLM02)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ChargesFitOneClaim()
  @ValidateNested({ each: true })
  @Type(() => ProcedureDto)
  procedures!: ProcedureDto[];
}

/**
 * PATCH /encounters/:id (an open encounter only): any field of the create body but the patient,
 * validated the same way; diagnoses and procedures are replaced whole; `null` clears only
 * secondaryCoverageId and referringProviderId. An encounter stays with its patient.
 */
export class UpdateEncounterDto extends PartialType(OmitType(CreateEncounterDto, ['patientId'] as const)) {}

/** The fields of UpdateEncounterDto that `null` clears. */
export const CLEARABLE_ENCOUNTER_FIELDS = ['secondaryCoverageId', 'referringProviderId'] as const;
