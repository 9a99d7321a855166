import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReviewItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) adviceId!: string;
  @ApiProperty({ enum: ['claim_not_found', 'reversal_without_posting', 'ambiguous_line', 'unmatched_line'] })
  kind!: string;
  @ApiProperty({ description: 'CLP01' }) patientControlNumber!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'CLP07' }) payerClaimControlNumber!:
    string | null;
  @ApiProperty({ description: 'CLP02' }) claimStatusCode!: string;
  @ApiProperty({ type: 'integer' }) chargeCents!: number;
  @ApiProperty({ type: 'integer' }) paidCents!: number;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'line items: the posting',
  })
  postingId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) linePosition!: number | null;
  @ApiPropertyOptional({ nullable: true, type: [Number], description: 'line items: billed lines that fit' })
  candidates!: number[] | null;
  @ApiProperty({ description: "the 835's payer: ours when known, else its identifier (N104 / TRN03)" })
  payerId!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "the 835's payer name (N102)" })
  payerName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedClaimId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) resolvedLineNumber!: number | null;
}

export class ReviewResolvedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: [true] }) resolved!: true;
}
