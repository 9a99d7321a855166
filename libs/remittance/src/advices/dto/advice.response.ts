import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One 835 transaction set (ST/SE) as posted: payer, trace (TRN), payment (BPR). */
export class AdviceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the upload it came in' }) fileId!: string;
  @ApiProperty({ description: "the 835's payer id: 1000A REF*2U, else N104, else TRN03" }) payerId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) payerName!: string | null;
  @ApiProperty({ description: 'TRN02 check or EFT trace number' }) traceNumber!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'TRN03' }) traceOriginator!:
    string | null;
  @ApiProperty({ type: 'integer', description: 'BPR02 in cents (negative for BPR03 D)' }) paidCents!: number;
  @ApiProperty({ description: 'BPR04: ACH, CHK, BOP, FWT, NON' }) paymentMethod!: string;
  @ApiProperty({ format: 'date', description: 'BPR16' }) paymentDate!: string;
  @ApiProperty({ description: 'ST02' }) transactionSetControlNumber!: string;
  @ApiProperty({ type: 'integer' }) claimCount!: number;
  @ApiProperty({ type: 'integer', description: 'Σ PLB amounts' }) plbCents!: number;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
}

export class AdviceClaimDto {
  @ApiProperty({ format: 'uuid' }) postingId!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty({ description: 'CLP01' }) patientControlNumber!: string;
  @ApiProperty({ description: 'CLP02' }) claimStatusCode!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'CLP07' })
  payerClaimControlNumber!: string | null;
  @ApiProperty({ type: 'integer' }) chargeCents!: number;
  @ApiProperty({ type: 'integer' }) paidCents!: number;
  @ApiProperty({ type: 'integer' }) adjustmentCents!: number;
  @ApiProperty({ type: 'integer' }) patientResponsibilityCents!: number;
  @ApiProperty({ enum: ['paid', 'partially_paid', 'denied', 'reversed'] }) outcome!: string;
}

export class AdviceReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: 'integer' }) paidCents!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
}

export class ProviderAdjustmentDto {
  @ApiProperty({ description: 'PLB01' }) providerId!: string;
  @ApiProperty({ description: 'PLB02' }) fiscalPeriodDate!: string;
  @ApiProperty({ description: 'PLB03-1: L6 interest, FB forward balance, WO recovery …' })
  reasonCode!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'PLB03-2' }) reference!: string | null;
  @ApiProperty({ type: 'integer', description: 'positive reduces the payment, negative adds to it' })
  amountCents!: number;
}

export class AdviceDetailDto extends AdviceSummaryDto {
  @ApiProperty({ type: 'integer', description: 'claims (CLPs) posted in the advice, all pages' })
  claimsTotal!: number;
  @ApiProperty({ type: [AdviceClaimDto], description: 'one page (limit, offset) of them, in file order' })
  claims!: AdviceClaimDto[];
  @ApiProperty({ type: 'integer', description: 'review items of the advice, all pages' })
  reviewTotal!: number;
  @ApiProperty({
    type: [AdviceReviewDto],
    description: 'one page (limit, offset) of what of it went to the review queue, oldest first',
  })
  review!: AdviceReviewDto[];
  @ApiProperty({ type: [ProviderAdjustmentDto] }) providerAdjustments!: ProviderAdjustmentDto[];
}
