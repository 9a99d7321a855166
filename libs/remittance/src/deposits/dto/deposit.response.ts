import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReceivedBankFileResponse {
  @ApiProperty({ format: 'uuid', description: 'the bank file (the first upload, for a duplicate)' })
  id!: string;
  @ApiProperty({ description: 'true: these exact bytes were received before; nothing was stored' })
  duplicate!: boolean;
  @ApiProperty({ enum: ['bai2', 'csv'] }) format!: string;
  @ApiProperty({ type: 'integer', description: 'credits in the file' }) deposits!: number;
  @ApiProperty({ type: 'integer' }) totalCents!: number;
  @ApiProperty({ type: 'integer', description: 'credits an earlier file already reported (stored once)' })
  alreadyReported!: number;
  @ApiProperty({ type: 'integer', description: 'credits matching a posted remittance by trace and amount' })
  matched!: number;
  @ApiProperty({ type: 'integer' }) unmatched!: number;
}

export class DepositResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bankFileId!: string;
  @ApiProperty({ type: 'integer' }) lineNumber!: number;
  @ApiProperty({ format: 'date' }) depositDate!: string;
  @ApiProperty({ type: 'integer' }) amountCents!: number;
  @ApiPropertyOptional({ nullable: true, description: 'BAI2 type code (165, 169, 175, 195, 399 …)' })
  typeCode!: string | null;
  @ApiPropertyOptional({ nullable: true }) accountNumber!: string | null;
  @ApiPropertyOptional({ nullable: true }) bankReference!: string | null;
  @ApiPropertyOptional({ nullable: true }) customerReference!: string | null;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true, description: 'the 835 TRN02 this credit pays' }) traceNumber!:
    string | null;
  @ApiPropertyOptional({ nullable: true, description: 'the 835 TRN03 from the ACH addenda' })
  originator!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
}
