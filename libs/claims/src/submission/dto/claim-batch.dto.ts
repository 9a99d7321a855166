import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { BATCH_STATUSES, DELIVERY_METHODS } from '../claim-batch.entity';

/** Which ready claims to batch; both omitted = every ready claim, one batch per payer and claim type. */
export class CreateClaimBatchesDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this payer (charts payer id)' })
  @IsOptional()
  @IsUUID()
  payerId?: string;

  @ApiPropertyOptional({ enum: ['professional', 'institutional'] })
  @IsOptional()
  @IsIn(['professional', 'institutional'])
  claimType?: 'professional' | 'institutional';
}

/** What POST /claims/batches answers per batch (a contract: exactly these fields). */
export class CreatedClaimBatchResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) payerId!: string;
  @ApiProperty({ enum: ['professional', 'institutional'] }) claimType!: string;
  @ApiProperty({ type: 'integer' }) claimCount!: number;
  @ApiProperty({ type: 'integer' }) totalChargeCents!: number;
  @ApiProperty({ example: '000000042', description: 'ISA13' }) interchangeControlNumber!: string;
  @ApiProperty({ enum: BATCH_STATUSES }) status!: string;
}

export class ClaimBatchResponse extends CreatedClaimBatchResponse {
  @ApiProperty({ description: 'GS06, what a 999 AK102 names' }) groupControlNumber!: string;
  @ApiProperty({ description: 'ISA06' }) senderId!: string;
  @ApiProperty({ description: 'ISA08' }) receiverId!: string;
  @ApiProperty({ enum: ['T', 'P'], description: 'ISA15' }) usageIndicator!: string;
  @ApiProperty({ enum: DELIVERY_METHODS }) deliveryMethod!: string;
  @ApiProperty({ type: 'integer' }) fileBytes!: number;
  @ApiProperty() fileSha256!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'next SFTP try' })
  nextDeliveryAt!: string | null;
}

export class BatchClaimResponse {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty() patientControlNumber!: string;
  @ApiProperty({ description: 'ST02 of the transaction set carrying the claim' })
  transactionSetControlNumber!: string;
  @ApiProperty() status!: string;
}

export class DeliveryAttemptResponse {
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ enum: DELIVERY_METHODS }) method!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
}

export class ClaimBatchDetailResponse extends ClaimBatchResponse {
  @ApiProperty({ type: [BatchClaimResponse] }) claims!: BatchClaimResponse[];
  @ApiProperty({ type: [DeliveryAttemptResponse] }) deliveryAttempts!: DeliveryAttemptResponse[];
}

export const createdBatch = (b: CreatedClaimBatchResponse): CreatedClaimBatchResponse => ({
  id: b.id,
  payerId: b.payerId,
  claimType: b.claimType,
  claimCount: b.claimCount,
  totalChargeCents: b.totalChargeCents,
  interchangeControlNumber: b.interchangeControlNumber,
  status: b.status,
});
