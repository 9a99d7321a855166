import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
  description:
    'per dependency (database:<schema>, broker) and consumers (message joining until the group assigned this instance its partitions, then assigned)',
};

/** @nestjs/terminus health check result. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiPropertyOptional(INDICATORS) info?: Record<string, unknown>;
  @ApiPropertyOptional(INDICATORS) error?: Record<string, unknown>;
  @ApiProperty(INDICATORS) details!: Record<string, unknown>;
}
