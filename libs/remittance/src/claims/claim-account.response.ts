import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PostedAdjustmentDto {
  @ApiProperty({ description: 'CAS01: CO, OA, PI, PR, CR' }) group!: string;
  @ApiProperty({ description: 'CARC' }) reason!: string;
  @ApiProperty({ type: 'integer' }) amountCents!: number;
  @ApiPropertyOptional() quantity?: number;
}

export class LinePostingDto {
  @ApiProperty({ type: 'integer', description: 'SVC position in the CLP loop' }) position!: number;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'our billed line, when matched' })
  lineNumber!: number | null;
  @ApiProperty({
    enum: ['line_item_control_number', 'attributes', 'ambiguous', 'unmatched', 'no_billed_lines', 'review'],
  })
  matchMethod!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'REF*6R' }) lineItemControlNumber!:
    string | null;
  @ApiProperty() procedureCode!: string;
  @ApiProperty({ type: [String] }) modifiers!: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) dateOfService!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) units!: number | null;
  @ApiProperty({ type: 'integer' }) chargeCents!: number;
  @ApiProperty({ type: 'integer' }) paidCents!: number;
  @ApiProperty({ type: 'integer' }) adjustmentCents!: number;
  @ApiProperty({ type: 'integer' }) patientResponsibilityCents!: number;
  @ApiProperty({ type: [PostedAdjustmentDto] }) adjustments!: PostedAdjustmentDto[];
  @ApiProperty({ type: [String], description: 'LQ*HE RARCs' }) remarks!: string[];
}

export class ClaimPostingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) adviceId!: string;
  @ApiProperty({ description: 'TRN02' }) traceNumber!: string;
  @ApiProperty({ format: 'date' }) paymentDate!: string;
  @ApiProperty({ description: 'CLP02' }) claimStatusCode!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'CLP07' }) payerClaimControlNumber!:
    string | null;
  @ApiProperty({ enum: ['paid', 'partially_paid', 'denied', 'reversed'] }) outcome!: string;
  @ApiProperty({ type: 'integer', description: 'CLP03' }) chargeCents!: number;
  @ApiProperty({ type: 'integer', description: 'CLP04 (negative on a reversal)' }) paidCents!: number;
  @ApiProperty({ type: 'integer' }) adjustmentCents!: number;
  @ApiProperty({ type: 'integer' }) patientResponsibilityCents!: number;
  @ApiProperty({ type: 'integer' }) deductibleCents!: number;
  @ApiProperty({ type: 'integer' }) coinsuranceCents!: number;
  @ApiProperty({ type: 'integer' }) copayCents!: number;
  @ApiProperty({ type: [PostedAdjustmentDto], description: 'claim-level CAS' })
  adjustments!: PostedAdjustmentDto[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversesPostingId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversedByPostingId!: string | null;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
  @ApiProperty({ type: [LinePostingDto] }) lines!: LinePostingDto[];
}

/** balanceCents = chargeCents − paidCents − adjustmentCents − patientResponsibilityCents. */
export class ClaimAccountResponse {
  @ApiProperty() claimId!: string;
  @ApiProperty({ description: 'CLM01 = CLP01' }) patientControlNumber!: string;
  @ApiProperty() payerId!: string;
  @ApiProperty({ type: 'integer', description: 'what we billed' }) chargeCents!: number;
  @ApiProperty({ type: 'integer', description: 'Σ CLP04, reversals negative' }) paidCents!: number;
  @ApiProperty({ type: 'integer', description: 'Σ CAS CO/OA/PI/CR' }) adjustmentCents!: number;
  @ApiProperty({ type: 'integer', description: 'Σ CAS PR' }) patientResponsibilityCents!: number;
  @ApiProperty({ type: 'integer', description: 'PR-1' }) deductibleCents!: number;
  @ApiProperty({ type: 'integer', description: 'PR-2' }) coinsuranceCents!: number;
  @ApiProperty({ type: 'integer', description: 'PR-3' }) copayCents!: number;
  @ApiProperty({ type: 'integer' }) balanceCents!: number;
  @ApiProperty({
    enum: ['billed', 'paid', 'partially_paid', 'denied', 'reversed'],
    description: "the latest posting's outcome; billed before any",
  })
  status!: string;
  @ApiProperty({ type: [ClaimPostingDto] }) postings!: ClaimPostingDto[];
}
