import { ApiProperty } from '@nestjs/swagger';
import { AddressDto } from '../../shared/address.dto';

export class ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '1234567893' }) npi!: string;
  @ApiProperty({ enum: ['organization', 'individual'] }) kind!: string;
  @ApiProperty({ description: 'organization name, or the last name of an individual' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '207Q00000X' }) taxonomy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '123456789' }) taxId!: string | null;
  @ApiProperty({ type: AddressDto, nullable: true }) address!: AddressDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
