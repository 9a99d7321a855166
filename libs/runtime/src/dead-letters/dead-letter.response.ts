import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEAD_LETTER_STATUSES } from '@revcycle/messaging';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A dead letter without its content (the message stays sealed in the database). */
export class DeadLetterResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the service whose consumer dead-lettered it (its schema)' }) service!: string;
  @ApiProperty({ example: 'claims.intake' }) consumer!: string;
  @ApiProperty({ example: 'coding.encounter.coded' }) topic!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "the message key (the aggregate id): this consumer's later events of it are parked",
  })
  key!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) eventId!: string | null;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'the last error' }) error!: string;
  @ApiProperty({ type: [String], description: 'every attempt, replays included' }) errors!: string[];
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) deadLetteredAt!: string;
  @ApiProperty({ enum: DEAD_LETTER_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) discardReason!: string | null;
  @ApiProperty({ description: 'later events of its key parked behind it (open only)' }) parkedCount!: number;
}

export class DeadLetterResolutionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['replayed', 'duplicate', 'failed', 'discarded'],
    description:
      'replayed: applied through its handler; duplicate: found applied already; failed: refused again, still open; discarded',
  })
  outcome!: string;
  @ApiPropertyOptional({ description: 'why the replay failed' }) error?: string;
  @ApiProperty({ description: 'parked events of its key applied after it, in order' }) appliedParked!: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a parked event refused when its turn came: dead-lettered in its place, the rest behind it',
  })
  parkedDeadLettered?: string;
  @ApiProperty({ description: 'events of its key still parked' }) stillParked!: number;
}

export class DiscardDeadLetterDto {
  @ApiProperty({ maxLength: 500, description: 'why it is given up (audited; no PHI)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
