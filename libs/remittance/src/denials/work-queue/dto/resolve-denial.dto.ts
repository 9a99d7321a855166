import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNote } from '@revcycle/runtime';
import { IsIn, IsOptional } from 'class-validator';
import { NEXT_ACTIONS, NextAction } from '../../denial-categories';

/** How the denial was worked. */
export class ResolveDenialDto {
  @ApiProperty({ enum: NEXT_ACTIONS })
  @IsIn(NEXT_ACTIONS)
  action!: NextAction;

  @ApiPropertyOptional({ maxLength: 2000, description: 'what was done, for the next person (no PHI needed)' })
  @IsOptional()
  @IsNote(2000)
  note?: string;
}
