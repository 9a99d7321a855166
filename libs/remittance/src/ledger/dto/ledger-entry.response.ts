import { ApiProperty } from '@nestjs/swagger';

/** A claim we billed, keyed for matching the payer's 835 back (CLP01). */
export class LedgerEntryResponse {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ description: '837 CLM01 = 835 CLP01' }) patientControlNumber!: string;
  @ApiProperty({ format: 'uuid' }) encounterId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() payerId!: string;
  @ApiProperty({ format: 'date' }) dateOfService!: string;
  @ApiProperty({ type: 'integer', description: 'cents' }) totalChargeCents!: number;
  @ApiProperty({ type: 'integer' }) serviceLineCount!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}
