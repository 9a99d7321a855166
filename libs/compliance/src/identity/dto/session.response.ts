import { ApiProperty } from '@nestjs/swagger';

export class SessionResponse {
  @ApiProperty({ example: 'admin' }) userName!: string;
  @ApiProperty({ enum: ['coder', 'biller', 'finance', 'compliance', 'admin'] }) role!: string;
  @ApiProperty({
    enum: ['active', 'password-change', 'second-factor', 'second-factor-enrollment'],
    description: 'only an active session reaches the API; the others name the step still to do',
  })
  stage!: string;
  @ApiProperty({ example: 15, description: 'automatic logoff after this many idle minutes' })
  idleMinutes!: number;
}

export class EnrollmentResponse {
  @ApiProperty({ description: 'base32 shared secret, for typing into an authenticator app' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/revcycle:admin?secret=…' }) otpauthUri!: string;
}

export class SignedOutResponse {
  @ApiProperty({ example: true }) signedOut!: boolean;
}
