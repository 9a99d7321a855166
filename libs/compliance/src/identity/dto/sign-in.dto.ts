import { ApiProperty } from '@nestjs/swagger';
import { IsOneLineText } from '@revcycle/runtime';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  // No user name holds a control character; a NUL reached PostgreSQL, which refused it unlocated.
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @IsOneLineText()
  userName!: string;
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(256) currentPassword!: string;
  @ApiProperty({ description: '12 to 256 characters, not containing the user name' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  newPassword!: string;
}

export class SecondFactorCodeDto {
  @ApiProperty({ example: '492039', description: 'the 6-digit code of the authenticator app' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}
