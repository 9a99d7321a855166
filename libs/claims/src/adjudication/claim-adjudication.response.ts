import { ApiProperty } from '@nestjs/swagger';

export class ClaimAdjudicationResponse {
  @ApiProperty({ format: 'uuid', description: 'the remittance.claim.adjudicated event' }) eventId!: string;
  @ApiProperty({ description: 'our claim id as the event named it' }) claimId!: string;
  @ApiProperty({ description: '835 CLP01' }) patientControlNumber!: string;
  @ApiProperty() remittanceId!: string;
  @ApiProperty({ enum: ['paid', 'partially_paid', 'denied', 'reversed'] }) outcome!: string;
  @ApiProperty({ description: '835 CLP02' }) claimStatusCode!: string;
  @ApiProperty({ type: String, nullable: true, description: '835 CLP07' }) payerClaimControlNumber!:
    string | null;
  @ApiProperty({ type: 'integer' }) paidCents!: number;
  @ApiProperty({ type: 'integer' }) adjustmentCents!: number;
  @ApiProperty({ type: 'integer' }) patientResponsibilityCents!: number;
  @ApiProperty({ format: 'date' }) paymentDate!: string;
  @ApiProperty({ description: 'false: set aside (repeat, unknown claim, a status the 835 cannot move)' })
  applied!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'what was done, or why not' }) note!:
    string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}
