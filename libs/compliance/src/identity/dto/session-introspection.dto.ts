import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A distributed service asking whether a portal session cookie may make the request it came with. */
export class SessionIntrospectionDto {
  @ApiProperty({ description: "the revcycle_session cookie's value" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  session!: string;

  @ApiProperty({ enum: METHODS }) @IsIn(METHODS) method!: string;

  @ApiPropertyOptional({ description: 'the Host header the browser sent (the gateway keeps it)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  host?: string;

  @ApiPropertyOptional({ description: 'the Origin header, when the browser sent one' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  origin?: string;

  @ApiPropertyOptional({ description: 'the Sec-Fetch-Site header, when the browser sent one' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  secFetchSite?: string;

  @ApiPropertyOptional({ description: 'the X-CSRF-Token header, when the page sent one' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  csrfToken?: string;
}

export class SessionPrincipalResponse {
  @ApiProperty({ example: 'ann' }) id!: string;
  @ApiProperty({ enum: ['coder', 'biller', 'finance', 'compliance', 'admin'] }) role!: string;
}
