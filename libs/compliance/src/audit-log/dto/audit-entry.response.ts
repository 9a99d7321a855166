import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_OUTCOMES } from '@revcycle/contracts';

export class AuditEntryResponse {
  @ApiProperty({ type: 'integer', description: 'the chain the entry is in: 0 from before segments, 1..n' })
  segment!: number;
  @ApiProperty({ type: 'integer', description: 'place in its segment, from 1' }) seq!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'charts' }) service!: string;
  @ApiProperty({ example: 'read' }) action!: string;
  @ApiProperty({ example: 'Patient' }) resourceType!: string;
  @ApiProperty({ type: String, nullable: true }) resourceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) patientId!: string | null;
  @ApiProperty() actorId!: string;
  @ApiProperty() actorRole!: string;
  @ApiProperty({
    enum: AUDIT_OUTCOMES,
    description:
      'attempted: written before a PHI handler ran; success/failure: its outcome (same requestId); refused: a 401/403',
  })
  outcome!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, nullable: true }) operation!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIp!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: 'integer', description: 'key epoch of the chain' }) epoch!: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) prevHash!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) hash!: string;
}

class CheckpointRef {
  @ApiProperty({ type: 'integer', description: 'entries the checkpoint names, over all segments' })
  entries!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class SegmentHeadRef {
  @ApiProperty({ type: 'integer' }) segment!: number;
  @ApiProperty({ type: 'integer', description: 'its entries are 1..headSeq' }) headSeq!: number;
}

class MissingTail {
  @ApiProperty({ type: 'integer' }) segment!: number;
  @ApiProperty({ type: 'integer' }) checkpointSeq!: number;
  @ApiProperty({ type: 'integer', nullable: true }) lastPresentSeq!: number | null;
}

/** `GET /audit/verify`: the chain checked against its key and the latest signed checkpoint. */
export class ChainReportResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'integer' }) entries!: number;
  @ApiProperty({ type: [SegmentHeadRef], description: 'every segment verified, in order' })
  segments!: SegmentHeadRef[];
  @ApiProperty({ type: CheckpointRef, nullable: true }) checkpoint!: CheckpointRef | null;
  @ApiPropertyOptional({ type: 'integer', description: 'segment of brokenAt or of the missing tail' })
  segment?: number;
  @ApiPropertyOptional({
    type: 'integer',
    description: 'first entry (in `segment`) whose hash or link does not check',
  })
  brokenAt?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) brokenEntryId?: string | null;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ type: MissingTail, description: 'entries the checkpoint saw that are gone' })
  missingTail?: MissingTail;
}
