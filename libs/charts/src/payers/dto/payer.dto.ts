import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsText } from '@revcycle/runtime';
import { Matches } from 'class-validator';

export class CreatePayerDto {
  @ApiProperty({ example: 'Acme Health Plan' }) @IsText(60) name!: string;
  @ApiProperty({
    example: '60054',
    description: 'electronic payer id (837 2010BB NM109)',
    pattern: '^[A-Za-z0-9]{2,80}$',
  })
  @Matches(/^[A-Za-z0-9]{2,80}$/, { message: 'payerId must be 2–80 letters or digits' })
  payerId!: string;
}

/** PATCH /payers/:id: name and/or payerId, validated as on create. */
export class UpdatePayerDto extends PartialType(CreatePayerDto) {}
