import { ApiProperty } from '@nestjs/swagger';
import { EDIT_CATEGORIES } from '@revcycle/edit-engine';
import { PayerRuleSetDto } from './payer-rules.dto';

export class ClaimEditResponse {
  @ApiProperty({ example: 'NCCI_PTP_PAIR' }) editId!: string;
  @ApiProperty({ enum: EDIT_CATEGORIES }) category!: string;
  @ApiProperty({ enum: ['reject', 'warn'] }) severity!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'service line; null for the claim' })
  line!: number | null;
  @ApiProperty({ type: [String] }) codes!: string[];
  @ApiProperty({ description: 'what is wrong and how to fix it' }) message!: string;
}

export class ClaimEditsResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: ['ready', 'rejected'] }) status!: string;
  @ApiProperty({ type: [ClaimEditResponse] }) edits!: ClaimEditResponse[];
}

export class EditQueueItemResponse {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() payerId!: string;
  @ApiProperty() payerName!: string;
  @ApiProperty({ format: 'date' }) dateOfService!: string;
  @ApiProperty({ type: 'integer' }) totalChargeCents!: number;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: 'integer', description: 'days since the claim was built' }) ageDays!: number;
  @ApiProperty({ type: [ClaimEditResponse] }) edits!: ClaimEditResponse[];
}

export class ScrubEditResponse {
  @ApiProperty({ example: 'NCCI_PTP_PAIR' }) id!: string;
  @ApiProperty({ enum: EDIT_CATEGORIES }) category!: string;
  @ApiProperty({ enum: ['reject', 'warn'] }) severity!: string;
  @ApiProperty({ type: 'integer', nullable: true }) line!: number | null;
  @ApiProperty({ type: [String] }) codes!: string[];
  @ApiProperty() message!: string;
}

export class ScrubResultResponse {
  @ApiProperty() claimId!: string;
  @ApiProperty({ enum: ['clean', 'rejected', 'warning'] }) status!: string;
  @ApiProperty({ type: [ScrubEditResponse] }) edits!: ScrubEditResponse[];
}

export class CorrectionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: ['ready', 'rejected'] }) status!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: 'integer' }) totalChargeCents!: number;
  @ApiProperty({ type: ScrubResultResponse }) scrub!: ScrubResultResponse;
}

export class PayerRulesResponse {
  @ApiProperty({ type: 'integer', description: '0 before any rule set was saved' }) version!: number;
  @ApiProperty({ type: PayerRuleSetDto }) rules!: PayerRuleSetDto;
}

export class PayerRulesSavedResponse {
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
