import { ApiProperty } from '@nestjs/swagger';

export class PayerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Acme Health Plan' }) name!: string;
  @ApiProperty({ example: '60054', description: 'electronic payer id (837 2010BB NM109)' }) payerId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
