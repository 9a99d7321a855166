import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class AddressDto {
  @ApiProperty({ example: '12 Main St' }) @IsString() @Length(1, 55) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 55) line2?: string;
  @ApiProperty({ example: 'Springfield' }) @IsString() @Length(1, 30) city!: string;
  @ApiProperty({ example: 'IL' })
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a 2-letter USPS code' })
  state!: string;
  @ApiProperty({ example: '62701' })
  @Matches(/^\d{5}(\d{4})?$/, { message: 'postalCode must be a 5- or 9-digit ZIP code' })
  postalCode!: string;
}
