import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { IsCalendarDate } from '@revcycle/runtime';

export class CreatePatientDto {
  @ApiProperty({ example: 'MRN-000123' }) @IsString() @Length(1, 50) mrn!: string;
  @ApiProperty({ example: 'Jane' }) @IsString() @Length(1, 35) firstName!: string;
  @ApiProperty({ example: 'Doe' }) @IsString() @Length(1, 60) lastName!: string;
  @ApiProperty({ example: '1980-04-12' }) @IsCalendarDate() dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) @IsIn(['F', 'M', 'U']) sex!: 'F' | 'M' | 'U';
  @ApiProperty({ type: AddressDto }) @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
}

export class SubscriberDto {
  @ApiProperty() @IsString() @Length(1, 35) firstName!: string;
  @ApiProperty() @IsString() @Length(1, 60) lastName!: string;
  @ApiProperty({ example: '1978-01-30' }) @IsCalendarDate() dateOfBirth!: string;
  @ApiProperty({ enum: ['F', 'M', 'U'] }) @IsIn(['F', 'M', 'U']) sex!: 'F' | 'M' | 'U';
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class CreateCoverageDto {
  @ApiProperty({ description: 'id of a payer created with POST /payers' }) @IsUUID() payerId!: string;
  @ApiProperty({ example: 'XZ123456789' }) @IsString() @Length(2, 80) memberId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) groupNumber?: string;
  @ApiProperty({
    enum: ['self', 'spouse', 'child', 'other'],
    description: "patient's relationship to the subscriber",
  })
  @IsIn(['self', 'spouse', 'child', 'other'])
  relationship!: 'self' | 'spouse' | 'child' | 'other';
  @ApiPropertyOptional({ type: SubscriberDto, description: "required unless relationship is 'self'" })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubscriberDto)
  subscriber?: SubscriberDto;
}
