import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { IsNpi, IsText } from '@revcycle/runtime';

export class CreateProviderDto {
  @ApiProperty({ example: '1234567893' }) @IsNpi() npi!: string;
  @ApiProperty({ enum: ['organization', 'individual'] }) @IsIn(['organization', 'individual']) kind!:
    'organization' | 'individual';
  @ApiProperty({ description: 'organization name, or the last name of an individual' })
  @IsText(60)
  name!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(35) firstName?: string;
  @ApiPropertyOptional({
    example: '207Q00000X',
    description: 'NUCC taxonomy code',
    pattern: '^[0-9A-Z]{9}X$',
  })
  @IsOptional()
  @Matches(/^[0-9A-Z]{9}X$/, { message: 'taxonomy must be a 10-character NUCC code ending in X' })
  taxonomy?: string;
  @ApiPropertyOptional({
    example: '123456789',
    description: 'EIN or SSN, 9 digits (billing providers)',
    pattern: '^\\d{9}$',
  })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'taxId must be 9 digits' })
  taxId?: string;
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

/** PATCH /providers/:id: any fields of the create body, validated the same way. */
export class UpdateProviderDto extends PartialType(CreateProviderDto) {}
