import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { IsPastCalendarDate, IsText } from '@revcycle/runtime';

/** Required nested address: absent or not an object is a 400 naming `address`. */
const RequiredAddress = () =>
  applyDecorators(
    IsDefined({ message: ({ property }) => `${property} is required` }),
    IsObject({ message: ({ property }) => `${property} must be an object` }),
    ValidateNested(),
    Type(() => AddressDto),
  );

export class CreatePatientDto {
  @ApiProperty({ example: 'MRN-000123' }) @IsText(50) mrn!: string;
  @ApiProperty({ example: 'Jane' }) @IsText(35) firstName!: string;
  @ApiProperty({ example: 'Doe' }) @IsText(60) lastName!: string;
  @ApiProperty({ example: '1980-04-12' }) @IsPastCalendarDate() dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) @IsIn(['F', 'M', 'U']) sex!: 'F' | 'M' | 'U';
  @ApiProperty({ type: AddressDto }) @RequiredAddress() address!: AddressDto;
}

export class SubscriberDto {
  @ApiProperty() @IsText(35) firstName!: string;
  @ApiProperty() @IsText(60) lastName!: string;
  @ApiProperty({ example: '1978-01-30' }) @IsPastCalendarDate() dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) @IsIn(['F', 'M', 'U']) sex!: 'F' | 'M' | 'U';
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class CreateCoverageDto {
  @ApiProperty({ description: 'id of a payer created with POST /payers', format: 'uuid' })
  @IsUUID()
  payerId!: string;
  @ApiProperty({ example: 'XZ123456789' }) @IsText(80, 2) memberId!: string;
  @ApiPropertyOptional() @IsOptional() @IsText(50) groupNumber?: string;
  @ApiProperty({
    enum: ['self', 'spouse', 'child', 'other'],
    description: "patient's relationship to the subscriber",
  })
  @IsIn(['self', 'spouse', 'child', 'other'])
  relationship!: 'self' | 'spouse' | 'child' | 'other';
  @ApiPropertyOptional({ type: SubscriberDto, description: "required unless relationship is 'self'" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubscriberDto)
  subscriber?: SubscriberDto;
}

/** PATCH /patients/:id: any fields of the create body, validated the same way; address is replaced whole. */
export class UpdatePatientDto extends PartialType(CreatePatientDto) {}

/** PATCH /patients/:id/coverages/:coverageId: any fields of the create body, validated the same way. */
export class UpdateCoverageDto extends PartialType(CreateCoverageDto) {}
