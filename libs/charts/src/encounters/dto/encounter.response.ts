import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldWarningDto } from '@revcycle/runtime';

export class EncounterDiagnosisResponse {
  @ApiProperty({ example: 'E1165', description: 'ICD-10-CM without the dot, upper case' }) code!: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'position: pointer 1 = first' }) sequence!: number;
}

export class EncounterProcedureResponse {
  @ApiProperty({ example: '99213' }) code!: string;
  @ApiProperty({ type: [String], example: ['25'] }) modifiers!: string[];
  @ApiProperty({ type: 'integer', example: 1 }) units!: number;
  @ApiProperty({ type: 'integer', example: 12500, description: 'cents' }) chargeCents!: number;
  @ApiProperty({ type: [Number], example: [1], description: 'SV107: diagnosis sequences' })
  diagnosisSequences!: number[];
  @ApiPropertyOptional({ format: 'date' }) dateOfService?: string;
}

export class EncounterResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) coverageId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) secondaryCoverageId!: string | null;
  @ApiProperty({ format: 'uuid' }) billingProviderId!: string;
  @ApiProperty({ format: 'uuid' }) renderingProviderId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) referringProviderId!: string | null;
  @ApiProperty({ format: 'date' }) dateOfService!: string;
  @ApiProperty({ example: '11' }) placeOfService!: string;
  @ApiProperty({ type: [EncounterDiagnosisResponse] }) diagnoses!: EncounterDiagnosisResponse[];
  @ApiProperty({ type: [EncounterProcedureResponse] }) procedures!: EncounterProcedureResponse[];
  @ApiProperty({ enum: ['open', 'finalized'] }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finalizedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finalizedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** `POST /encounters`: the stored encounter and what to look at (unknown procedure codes). */
export class CreatedEncounterResponse extends EncounterResponse {
  @ApiProperty({ type: [FieldWarningDto], description: 'empty when every procedure code is known' })
  warnings!: FieldWarningDto[];
}
