import { ApiProperty } from '@nestjs/swagger';
import { CODE_SYSTEMS } from '@revcycle/codesets';

export class CodeLookupEntryResponse {
  @ApiProperty({ enum: [...CODE_SYSTEMS] }) system!: string;
  @ApiProperty({ example: 'E11.65', description: 'ICD-10-CM with its dot; CPT/HCPCS as is' }) code!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'null for CPT: the AMA descriptors are not packaged',
  })
  description!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      'ICD-10-CM: valid for HIPAA transactions (false = a category header); HCPCS: not terminated in the release; CPT: null',
  })
  billable!: boolean | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveFrom!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo!: string | null;
}

export class CodeLookupPageResponse {
  @ApiProperty({ minimum: 0, description: 'codes matching, all pages' }) total!: number;
  @ApiProperty({ type: [CodeLookupEntryResponse] }) items!: CodeLookupEntryResponse[];
  @ApiProperty({ example: 'ICD-10-CM FY2026', description: 'the packaged release searched' })
  release!: string;
}
