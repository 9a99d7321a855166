import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsText, IsUspsState } from '@revcycle/runtime';
import { IsOptional, Matches } from 'class-validator';

/** 837 N3/N4: street (N301/N302, 55), city (N401, 30), USPS state (N402), ZIP or ZIP+4 (N403). */
export class AddressDto {
  @ApiProperty({ example: '12 Main St' }) @IsText(55) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(55) line2?: string;
  @ApiProperty({ example: 'Springfield' }) @IsText(30) city!: string;
  @ApiProperty({ example: 'IL' }) @IsUspsState() state!: string;
  @ApiProperty({ example: '62701', pattern: '^\\d{5}(\\d{4})?$' })
  @Matches(/^\d{5}(\d{4})?$/, { message: 'postalCode must be a 5- or 9-digit ZIP code' })
  postalCode!: string;
}
