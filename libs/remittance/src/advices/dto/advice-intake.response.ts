import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LocatedErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'ST02' }) transactionSetControlNumber?: string;
  @ApiPropertyOptional({ type: 'integer', description: '1-based segment position in the file' })
  segmentOrdinal?: number;
  @ApiPropertyOptional() segmentId?: string;
  @ApiPropertyOptional() element?: string;
  @ApiPropertyOptional() loop?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'byte offset' }) offset?: number;
  @ApiPropertyOptional({ description: 'CLP01' }) claimId?: string;
}

export class RejectedTransactionDto {
  @ApiPropertyOptional() transactionSetControlNumber?: string;
  @ApiPropertyOptional({ description: 'TRN02' }) traceNumber?: string;
  @ApiProperty({ type: [LocatedErrorDto] }) errors!: LocatedErrorDto[];
  @ApiProperty({
    description: '835 IG 1.10.2 balancing report of the set',
    type: 'array',
    items: { type: 'object' },
  })
  balancing!: object[];
}

export class PostedAdviceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional() transactionSetControlNumber?: string;
  @ApiProperty({ description: 'TRN02' }) traceNumber!: string;
  @ApiProperty({ type: 'integer', description: 'BPR02 cents (signed)' }) paidCents!: number;
  @ApiProperty({ type: 'integer' }) claims!: number;
}

export class AdviceIntakeResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'the first advice posted (GET /remittance/advices/:id); every one is in `advices`',
  })
  id!: string;
  @ApiProperty({ format: 'uuid', description: 'the upload (GET /remittance/advices?fileId=)' })
  fileId!: string;
  @ApiProperty() duplicate!: boolean;
  @ApiProperty({ type: 'integer', description: 'transaction sets (ST/SE) read' }) transactions!: number;
  @ApiProperty({ type: 'integer', description: 'CLPs in the posted sets' }) claims!: number;
  @ApiProperty({ type: 'integer', description: 'CLPs posted to a claim of ours' }) matched!: number;
  @ApiProperty({ type: 'integer', description: 'CLPs sent to the review queue' }) unmatched!: number;
  @ApiProperty({ type: 'integer', description: 'Σ BPR02 of the posted sets: the money sent' })
  paidCents!: number;
  @ApiProperty({ type: 'integer', description: 'Σ CLP04 posted to claims' }) claimPaidCents!: number;
  @ApiProperty({ type: 'integer', description: 'Σ PLB amounts of the posted sets' }) plbCents!: number;
  @ApiProperty({ type: [PostedAdviceDto] }) advices!: PostedAdviceDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'sets already posted: their advice id',
  })
  duplicateTransactions!: { transactionSetControlNumber?: string; id: string }[];
  @ApiProperty({ type: [RejectedTransactionDto] }) rejectedTransactions!: RejectedTransactionDto[];
  @ApiProperty({ type: [LocatedErrorDto], description: 'interchange/group problems outside any set' })
  errors!: LocatedErrorDto[];
}

export class DuplicateIntakeResponse {
  @ApiProperty({ format: 'uuid', description: 'the first advice posted of this remittance' }) id!: string;
  @ApiProperty({ enum: [true] }) duplicate!: true;
}
