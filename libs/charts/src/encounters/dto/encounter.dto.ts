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
import { IsCalendarDate } from '../../shared/validators';

export class DiagnosisDto {
  @ApiProperty({ example: 'E11.65', description: 'ICD-10-CM, with or without the dot' })
  @Matches(/^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/, {
    message: 'code must look like an ICD-10-CM code (e.g. E11.65)',
  })
  code!: string;
}

export class ProcedureDto {
  @ApiProperty({ example: '99213', description: 'CPT or HCPCS Level II code' })
  @Matches(/^[0-9A-Za-z]{5}$/, { message: 'code must be 5 characters (CPT or HCPCS)' })
  code!: string;
  @ApiPropertyOptional({ example: ['25'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @Matches(/^[0-9A-Za-z]{2}$/, { each: true, message: 'each modifier must be 2 characters' })
  modifiers?: string[];
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(9999) units!: number;
  @ApiProperty({ example: 12500, description: 'charge in cents' }) @IsInt() @Min(0) chargeCents!: number;
  @ApiProperty({ example: [1], description: '1-based positions in diagnoses (at most 4)', type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(12, { each: true })
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
