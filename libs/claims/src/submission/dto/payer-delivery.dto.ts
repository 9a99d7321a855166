import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsText } from '@revcycle/runtime';
import { DELIVERY_METHODS, DeliveryMethod } from '../claim-batch.entity';

/** ISA08 / GS03 text: X12 basic character set, no delimiters, not blank (ISA pads it with spaces itself). */
const INTERCHANGE_ID = /^[A-Za-z0-9.-][A-Za-z0-9 .-]*$/;
const INTERCHANGE_ID_MESSAGE = ({ property }: { property: string }) =>
  `${property} must be letters, digits, spaces, dots or hyphens, and not blank`;
const REMOTE_DIR = /^\/?[A-Za-z0-9._\-/]+$/;

export class SftpSettingsDto {
  @ApiProperty({ example: 'sftp.payer.example' })
  @IsString()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'host must be a host name or IPv4 address' })
  host!: string;
  @ApiProperty({ example: 22 }) @IsInt() @Min(1) @Max(65535) port!: number;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) @Matches(/^[A-Za-z0-9._-]+$/) username!: string;
  @ApiProperty({ description: 'OpenSSH or PEM private key (kept sealed; never returned)' })
  @IsString()
  @Matches(/^-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----\s*$/, {
    message: 'privateKey must be a PEM or OpenSSH private key',
  })
  @MaxLength(16384)
  privateKey!: string;
  @ApiPropertyOptional({ description: "SHA-256 of the server's host key, base64 as ssh-keygen -l prints it" })
  @IsOptional()
  @Matches(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, {
    message: 'hostKeySha256 must be a base64 SHA-256 fingerprint',
  })
  hostKeySha256?: string;
  @ApiProperty({ example: '/inbound' }) @Matches(REMOTE_DIR) @MaxLength(255) inboundDir!: string;
  @ApiProperty({ example: '/outbound' }) @Matches(REMOTE_DIR) @MaxLength(255) outboundDir!: string;
}

/** How a payer gets its claim files, and who it is in the envelope. */
export class PayerDeliveryDto {
  @ApiProperty({ enum: DELIVERY_METHODS, description: 'download: the payer API; sftp: we upload' })
  @IsIn(DELIVERY_METHODS)
  method!: DeliveryMethod;
  @ApiProperty({ example: '87726', description: 'ISA08 and 1000B NM109' })
  @IsString()
  @Matches(INTERCHANGE_ID, { message: INTERCHANGE_ID_MESSAGE })
  @MaxLength(15)
  receiverId!: string;
  @ApiPropertyOptional({ example: 'ZZ', description: 'ISA07 (default ZZ)' })
  @IsOptional()
  @IsIn(['ZZ', '01', '14', '20', '27', '28', '29', '30', '33'])
  receiverQualifier?: string;
  @ApiProperty({ example: 'ACME HEALTH PLAN', description: '1000B NM103' })
  @IsText(60)
  @Matches(/^[^~*:^]+$/, { message: 'receiverName must not contain X12 delimiters' })
  receiverName!: string;
  @ApiPropertyOptional({ description: 'GS03 (default receiverId)' })
  @IsOptional()
  @Matches(INTERCHANGE_ID, { message: INTERCHANGE_ID_MESSAGE })
  @MaxLength(15)
  applicationReceiverCode?: string;
  @ApiPropertyOptional({ type: SftpSettingsDto, description: 'required when method is sftp' })
  @ValidateIf((o: PayerDeliveryDto) => o.method === 'sftp' || o.sftp !== undefined)
  @IsDefined({ message: 'sftp settings are required when method is sftp' })
  @ValidateNested()
  @Type(() => SftpSettingsDto)
  sftp?: SftpSettingsDto;
}

export class PayerDeliveryResponse {
  @ApiProperty() payerId!: string;
  @ApiProperty({ enum: DELIVERY_METHODS }) method!: string;
  @ApiProperty() receiverId!: string;
  @ApiProperty() receiverQualifier!: string;
  @ApiProperty() receiverName!: string;
  @ApiProperty() applicationReceiverCode!: string;
  @ApiPropertyOptional({ description: 'the SFTP settings without the private key' })
  sftp?: Omit<SftpSettingsDto, 'privateKey'> & { privateKeyConfigured: true };
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
