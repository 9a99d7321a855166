import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES } from '../../lifecycle/claim-status';

/** 837P loop 2400: one SV1 line. */
export class ServiceLineResponse {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ type: 'integer', example: 1 }) lineNumber!: number;
  @ApiProperty({ example: '99213' }) procedureCode!: string;
  @ApiProperty({ type: [String], example: ['25'] }) modifiers!: string[];
  @ApiProperty({ type: 'integer' }) units!: number;
  @ApiProperty({ type: 'integer', description: 'SV102 in cents' }) chargeCents!: number;
  @ApiProperty({ type: [Number], description: 'SV107: 1-based positions in diagnoses' })
  diagnosisPointers!: number[];
  @ApiProperty({ format: 'date' }) dateOfService!: string;
}

export class ClaimResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '837 CLM01, returned in 835 CLP01' }) patientControlNumber!: string;
  @ApiProperty({ format: 'uuid' }) encounterId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ description: 'electronic payer id' }) payerId!: string;
  @ApiProperty({ enum: ['professional', 'institutional'] }) claimType!: string;
  @ApiProperty({ enum: ['1', '7', '8'], description: 'CLM05-3' }) frequencyCode!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the payer's claim number (277CA REF*1K / 835 CLP07)",
  })
  payerClaimControlNumber!: string | null;
  @ApiProperty({ type: 'integer', description: '1 when built, +1 per correction' }) revision!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scrubbedAt!: string | null;
  @ApiProperty({ format: 'date' }) dateOfService!: string;
  @ApiProperty({ example: '11' }) placeOfService!: string;
  @ApiProperty({ type: 'integer', description: 'CLM02 in cents' }) totalChargeCents!: number;
  @ApiProperty({ type: [String], description: 'ICD-10-CM without dots, HI order' }) diagnoses!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'patient, coverage, billing / rendering / referring provider snapshots (837 2010 loops)',
  })
  parties!: Record<string, unknown>;
  @ApiProperty({ enum: ['P', 'S'], description: '837 2000B SBR01: P primary, S a secondary claim (COB)' })
  payerResponsibility!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "a secondary claim's primary claim",
  })
  primaryClaimId!: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      "a secondary claim: the primary payer's coverage and adjudication (paid, CAS, lines) written in 837 loops 2320/2330/2430",
  })
  priorPayer!: Record<string, unknown> | null;
  @ApiProperty({ type: [ServiceLineResponse] }) serviceLines!: ServiceLineResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ClaimStatusChangeResponse {
  @ApiProperty({ enum: CLAIM_STATUSES, nullable: true, description: 'null for the first status' }) from!:
    string | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) to!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: "a user's id or the acting service" }) by!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'batch:<id>, acknowledgment:<id>, encounter:<id>',
  })
  source!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class ClaimHistoryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: string;
  @ApiProperty({ type: [ClaimStatusChangeResponse] }) changes!: ClaimStatusChangeResponse[];
}
