import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DepositSideResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bankFileId!: string;
  @ApiProperty({ format: 'date' }) depositDate!: string;
  @ApiProperty({ type: 'integer' }) amountCents!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the 835 TRN02 the bank carried' })
  traceNumber!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'TRN03 from the ACH addenda' })
  originator!: string | null;
}

export class RemittanceSideResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() payerId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) payerName!: string | null;
  @ApiProperty({ description: 'TRN02' }) traceNumber!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'TRN03' }) traceOriginator!:
    string | null;
  @ApiProperty({ type: 'integer', description: 'BPR02' }) paidCents!: number;
  @ApiProperty({ description: 'BPR04: ACH, CHK, BOP, FWT' }) paymentMethod!: string;
  @ApiProperty({ format: 'date', description: 'BPR16' }) paymentDate!: string;
}

export class ReconciledPaymentResponse {
  @ApiProperty() traceNumber!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) originator!: string | null;
  @ApiProperty({ type: [DepositSideResponse] }) deposits!: DepositSideResponse[];
  @ApiProperty({ type: [RemittanceSideResponse] }) remittances!: RemittanceSideResponse[];
  @ApiProperty({ type: 'integer' }) depositCents!: number;
  @ApiProperty({ type: 'integer' }) remittanceCents!: number;
  @ApiProperty({ type: 'integer', description: 'deposit − remittance' }) differenceCents!: number;
}

class CountCents {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: 'integer' }) cents!: number;
}

class MismatchTotals {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: 'integer' }) depositCents!: number;
  @ApiProperty({ type: 'integer' }) remittanceCents!: number;
  @ApiProperty({ type: 'integer' }) differenceCents!: number;
}

export class ReconciliationTotalsResponse {
  @ApiProperty({
    type: 'integer',
    description: '= matched + amountMismatch.depositCents + depositWithoutRemittance',
  })
  depositCents!: number;
  @ApiProperty({
    type: 'integer',
    description: '= matched + amountMismatch.remittanceCents + remittanceWithoutDeposit',
  })
  remittanceCents!: number;
  @ApiProperty({ type: CountCents }) matched!: CountCents;
  @ApiProperty({ type: MismatchTotals }) amountMismatch!: MismatchTotals;
  @ApiProperty({ type: CountCents }) remittanceWithoutDeposit!: CountCents;
  @ApiProperty({ type: CountCents }) depositWithoutRemittance!: CountCents;
}

export class ReconciliationResponse {
  @ApiProperty({ type: [ReconciledPaymentResponse] }) matched!: ReconciledPaymentResponse[];
  @ApiProperty({ type: [ReconciledPaymentResponse] }) amountMismatch!: ReconciledPaymentResponse[];
  @ApiProperty({
    type: [RemittanceSideResponse],
    description: 'paying remittances (BPR02 > 0, not NON) no deposit has yet',
  })
  remittanceWithoutDeposit!: RemittanceSideResponse[];
  @ApiProperty({ type: [DepositSideResponse] }) depositWithoutRemittance!: DepositSideResponse[];
  @ApiProperty({ type: ReconciliationTotalsResponse }) totals!: ReconciliationTotalsResponse;
}
