import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DENIAL_CATEGORIES, NEXT_ACTIONS } from '../../denial-categories';

export class DenialCodeDto {
  @ApiProperty() code!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'false when the code is in no packaged list' }) known!: boolean;
  @ApiPropertyOptional({ description: 'the list marks the code deactivated' }) stopDate?: string;
}

export class DenialAdjustmentDto {
  @ApiProperty({ description: 'CAS01: CO, OA, PI, PR' }) group!: string;
  @ApiProperty({ description: 'CARC' }) reason!: string;
  @ApiProperty() amountCents!: number;
  @ApiPropertyOptional() quantity?: number;
  @ApiProperty() description!: string;
  @ApiProperty() groupDescription!: string;
}

export class DenialResolutionDto {
  @ApiProperty({ enum: NEXT_ACTIONS }) action!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class DenialDto {
  @ApiProperty({ description: '<claim posting id>.<SVC position in the CLP, 0 for the claim>' }) id!: string;
  @ApiProperty({ enum: ['claim', 'line'] }) level!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty() payerId!: string;
  @ApiProperty({ format: 'uuid' }) adviceId!: string;
  @ApiProperty({ format: 'date' }) paymentDate!: string;
  @ApiProperty({ description: 'days since the payment date' }) ageDays!: number;
  @ApiProperty({ description: 'CLP02' }) claimStatusCode!: string;
  @ApiProperty({ type: String, nullable: true, description: 'CLP07' }) payerClaimControlNumber!:
    string | null;
  @ApiProperty({ type: Number, nullable: true }) lineNumber!: number | null;
  @ApiProperty({ type: String, nullable: true }) procedureCode!: string | null;
  @ApiProperty({ type: [String] }) modifiers!: string[];
  @ApiProperty() chargeCents!: number;
  @ApiProperty() paidCents!: number;
  @ApiProperty({ description: 'Σ CO/OA/PI adjustments' }) deniedCents!: number;
  @ApiProperty({ type: DenialCodeDto, description: 'the deciding CARC' }) carc!: DenialCodeDto;
  @ApiProperty({ type: DenialCodeDto }) group!: DenialCodeDto;
  @ApiProperty({ type: [DenialCodeDto] }) rarcs!: DenialCodeDto[];
  @ApiProperty({ type: [DenialAdjustmentDto] }) adjustments!: DenialAdjustmentDto[];
  @ApiProperty({ enum: DENIAL_CATEGORIES }) category!: string;
  @ApiProperty({ enum: NEXT_ACTIONS, description: 'suggested next action' }) nextAction!: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status!: string;
  @ApiProperty({ type: DenialResolutionDto, nullable: true }) resolution!: DenialResolutionDto | null;
}
