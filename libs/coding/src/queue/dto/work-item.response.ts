import { ApiProperty } from '@nestjs/swagger';
import { FieldWarningDto } from '@revcycle/runtime';

export class CodingProblemResponse {
  @ApiProperty({ example: 'diagnoses[0].code' }) field!: string;
  @ApiProperty({ example: 'E119' }) code!: string;
  @ApiProperty({ enum: ['icd-unknown', 'icd-header', 'procedure-format', 'pointer'] }) problem!: string;
  @ApiProperty() message!: string;
}

/** An encounter whose documented codes did not validate, waiting for a coder. */
export class CodingWorkItemResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) encounterId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ description: 'electronic payer id' }) payerId!: string;
  @ApiProperty({ format: 'date' }) dateOfService!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the finalized encounter snapshot (charts.encounter.finalized payload): parties, diagnoses, procedures',
  })
  encounter!: Record<string, unknown>;
  @ApiProperty({ type: [CodingProblemResponse] }) problems!: CodingProblemResponse[];
  @ApiProperty({ enum: ['open', 'completed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) completedBy!: string | null;
}

export class CompletedWorkItemResponse extends CodingWorkItemResponse {
  @ApiProperty({ type: [FieldWarningDto], description: 'procedure codes the code set lacks (accepted)' })
  warnings!: FieldWarningDto[];
}
