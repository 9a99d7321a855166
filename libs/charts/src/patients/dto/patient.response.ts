import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AddressDto } from '../../shared/address.dto';

/** A patient as the API returns it (PHI decrypted for the authorised caller). */
export class PatientResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'MRN-000123' }) mrn!: string;
  @ApiProperty({ example: 'Jane' }) firstName!: string;
  @ApiProperty({ example: 'Doe' }) lastName!: string;
  @ApiProperty({ format: 'date', example: '1980-04-12' }) dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) sex!: 'F' | 'M' | 'U';
  @ApiProperty({ type: AddressDto }) address!: AddressDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SubscriberResponse {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) sex!: 'F' | 'M' | 'U';
  @ApiPropertyOptional({ type: AddressDto }) address?: AddressDto;
}

export class CoverageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid', description: 'the charts id of the payer' }) payerId!: string;
  @ApiProperty({ example: 'XZ123456789' }) memberId!: string;
  @ApiProperty({ type: String, nullable: true }) groupNumber!: string | null;
  @ApiProperty({ enum: ['self', 'spouse', 'child', 'other'] }) relationship!: string;
  @ApiProperty({
    type: SubscriberResponse,
    description: "the patient's own data when relationship is 'self'",
  })
  subscriber!: SubscriberResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
