import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

/** A claim review item is resolved with the claim to post to; a line item with our line number. */
export class ResolveReviewDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'claim_not_found / reversal_without_posting: our claim',
  })
  @IsOptional()
  @IsString()
  @IsUUID()
  claimId?: string;

  @ApiPropertyOptional({ description: 'ambiguous_line / unmatched_line: our billed line number' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(999)
  lineNumber?: number;
}
