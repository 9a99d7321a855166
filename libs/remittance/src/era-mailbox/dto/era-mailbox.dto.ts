import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAILBOX_SETTING_RULES as RULES } from '@revcycle/payer-mailbox';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** `PUT /remittance/payers/:payerId/era-mailbox`: the SFTP mailbox the payer's 835s come from. */
export class EraMailboxDto {
  @ApiProperty({ example: 'sftp.payer.example' })
  @IsString()
  @Matches(RULES.host, { message: 'host must be a host name or IPv4 address' })
  host!: string;
  @ApiProperty({ example: 22 }) @IsInt() @Min(1) @Max(65535) port!: number;
  @ApiProperty()
  @IsString()
  @Matches(RULES.username, { message: 'username must be 1-64 of A-Z a-z 0-9 . _ -' })
  username!: string;
  @ApiProperty({ description: 'OpenSSH or PEM private key (kept sealed; never returned)' })
  @IsString()
  @Matches(RULES.privateKey, { message: 'privateKey must be a PEM or OpenSSH private key' })
  @MaxLength(RULES.privateKeyMaxLength)
  privateKey!: string;
  @ApiPropertyOptional({ description: "SHA-256 of the server's host key, base64 as ssh-keygen -l prints it" })
  @IsOptional()
  @Matches(RULES.hostKeySha256, { message: 'hostKeySha256 must be a base64 SHA-256 fingerprint' })
  hostKeySha256?: string;
  @ApiProperty({ example: '/outbound', description: "the payer's folder where it leaves 835 files" })
  @IsString()
  @Matches(RULES.remoteDir, { message: 'outboundDir must be a folder path (A-Z a-z 0-9 . _ - /)' })
  @MaxLength(RULES.remoteDirMaxLength)
  outboundDir!: string;
}

export class EraMailboxResponse {
  @ApiProperty() payerId!: string;
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'the private key is never returned' }) privateKeyConfigured!: true;
  @ApiPropertyOptional() hostKeySha256?: string;
  @ApiProperty() outboundDir!: string;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
