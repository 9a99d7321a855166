import { ApiProperty } from '@nestjs/swagger';

export class AgingBucketDto {
  @ApiProperty({ enum: ['0-30', '31-60', '61-90', '91-120', '120+'] }) label!: string;
  @ApiProperty() cents!: number;
  @ApiProperty() claims!: number;
}

export class PayerAgingDto {
  @ApiProperty() payerId!: string;
  @ApiProperty() totalCents!: number;
  @ApiProperty() claims!: number;
  @ApiProperty({ type: [AgingBucketDto] }) buckets!: AgingBucketDto[];
}

export class PatientAgingDto {
  @ApiProperty() totalCents!: number;
  @ApiProperty() claims!: number;
  @ApiProperty({ type: [AgingBucketDto] }) buckets!: AgingBucketDto[];
}

export class AgingTotalsDto {
  @ApiProperty() payerCents!: number;
  @ApiProperty() patientCents!: number;
  @ApiProperty() arCents!: number;
}

export class ArAgingDto {
  @ApiProperty({ format: 'date' }) asOf!: string;
  @ApiProperty({ type: [PayerAgingDto] }) payers!: PayerAgingDto[];
  @ApiProperty({ type: PatientAgingDto }) patient!: PatientAgingDto;
  @ApiProperty({ type: AgingTotalsDto }) totals!: AgingTotalsDto;
}

export class CarcDenialsDto {
  @ApiProperty() carc!: string;
  @ApiProperty() description!: string;
  @ApiProperty() postings!: number;
  @ApiProperty() deniedCents!: number;
}

export class PayerDenialsDto {
  @ApiProperty() payerId!: string;
  @ApiProperty() postings!: number;
  @ApiProperty() denied!: number;
  @ApiProperty() denialRate!: number;
}

export class CollectionDayDto {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() paidCents!: number;
}

export class KpisDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty() claimsBilled!: number;
  @ApiProperty() chargesCents!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'billed, never corrected nor voided' })
  cleanClaimRate!: number | null;
  @ApiProperty() claimsAdjudicated!: number;
  @ApiProperty({ type: Number, nullable: true }) firstPassPaymentRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) denialRate!: number | null;
  @ApiProperty({ type: [CarcDenialsDto] }) deniedByCarc!: CarcDenialsDto[];
  @ApiProperty({ type: [PayerDenialsDto] }) deniedByPayer!: PayerDenialsDto[];
  @ApiProperty() paidCents!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'paid / (charges − contractual CO-45/253)' })
  netCollectionRate!: number | null;
  @ApiProperty() arCents!: number;
  @ApiProperty({ type: Number, nullable: true }) daysInAr!: number | null;
  @ApiProperty({ type: [CollectionDayDto] }) collections!: CollectionDayDto[];
}

export class LineVarianceDto {
  @ApiProperty({ type: Number, nullable: true }) lineNumber!: number | null;
  @ApiProperty() procedureCode!: string;
  @ApiProperty({ type: [String] }) modifiers!: string[];
  @ApiProperty() units!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dateOfService!: string | null;
  @ApiProperty() expectedAllowedCents!: number;
  @ApiProperty({ description: 'paid + patient responsibility' }) allowedCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty({ description: 'allowed − expected' }) varianceCents!: number;
  @ApiProperty() varianceBasisPoints!: number;
  @ApiProperty({ enum: ['as_expected', 'underpaid', 'overpaid'] }) status!: string;
}

export class ClaimVarianceDto {
  @ApiProperty() claimId!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty() expectedAllowedCents!: number;
  @ApiProperty() allowedCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty() varianceCents!: number;
  @ApiProperty({ enum: ['as_expected', 'underpaid', 'overpaid'] }) status!: string;
  @ApiProperty({ description: 'lines with no rate in the schedule' }) unpricedLines!: number;
  @ApiProperty({ type: [LineVarianceDto] }) lines!: LineVarianceDto[];
}

export class VarianceTotalsDto {
  @ApiProperty() claims!: number;
  @ApiProperty() lines!: number;
  @ApiProperty() unpricedLines!: number;
  @ApiProperty() expectedAllowedCents!: number;
  @ApiProperty() allowedCents!: number;
  @ApiProperty() varianceCents!: number;
  @ApiProperty() varianceBasisPoints!: number;
  @ApiProperty() underpaid!: number;
  @ApiProperty() overpaid!: number;
}

export class PaymentVarianceDto {
  @ApiProperty() payerId!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: VarianceTotalsDto }) totals!: VarianceTotalsDto;
  @ApiProperty({ type: [ClaimVarianceDto] }) claims!: ClaimVarianceDto[];
}
