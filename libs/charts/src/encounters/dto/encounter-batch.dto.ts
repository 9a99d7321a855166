import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldProblemDto, FieldWarningDto } from '@revcycle/runtime';
import { ArrayMinSize, IsArray, IsObject } from 'class-validator';
import { CreateEncounterDto } from './encounter.dto';

/** A practice-management feed's request: at most this many encounters (more is a 413). */
export const MAX_ENCOUNTERS_PER_BATCH = 1000;

export class CreateEncounterBatchDto {
  @ApiProperty({
    type: [CreateEncounterDto],
    minItems: 1,
    maxItems: MAX_ENCOUNTERS_PER_BATCH,
    description:
      'each one as `POST /encounters` takes it, validated and stored on its own: a bad one is refused ' +
      'with located errors (`encounters.<index>.<field>`) and the others are stored',
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true, message: 'each of encounters must be an object (an encounter)' })
  // Validated item by item in the service, so that one bad encounter refuses only itself.
  encounters!: object[];
}

export class EncounterBatchItemResult {
  @ApiProperty({ type: 'integer', example: 0, description: 'position in `encounters`' }) index!: number;
  @ApiProperty({ enum: [201, 400], description: '201 stored (open), 400 refused (see errors)' })
  status!: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'the stored encounter (201)' }) id?: string;
  @ApiPropertyOptional({ type: [FieldWarningDto], description: 'unknown procedure codes (201)' })
  warnings?: FieldWarningDto[];
  @ApiPropertyOptional({
    type: [FieldProblemDto],
    description: 'located errors, `encounters.<index>.<field>` (400)',
  })
  errors?: FieldProblemDto[];
}

export class EncounterBatchResponse {
  @ApiProperty({ type: 'integer', description: 'encounters stored' }) stored!: number;
  @ApiProperty({ type: 'integer', description: 'encounters refused' }) refused!: number;
  @ApiProperty({ type: [EncounterBatchItemResult], description: 'one per encounter, in order' })
  results!: EncounterBatchItemResult[];
}
