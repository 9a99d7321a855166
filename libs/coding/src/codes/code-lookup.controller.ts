import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CODE_SYSTEMS, CodeSystem, lookUpCodes } from '@revcycle/codesets';
import { ApiPage, Page, PageRequest, QueryText, fieldError, oneOfQuery } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { CodeLookupPageResponse } from './code-lookup.response';

/** Code prefixes and description words: letters, digits, spaces, dots and a few punctuation marks. */
const LOOKUP_TEXT = {
  maxLength: 100,
  pattern: /^[\p{L}\p{N} .,'()/-]*$/u,
  shape: "a code or words (letters, digits, spaces, . , ' ( ) / -)",
};

/**
 * Code look-up in the packaged code sets, for the coder's work item and the biller's corrections.
 * Reference data, not PHI: not audited, but still behind a permission (coder, biller, admin).
 */
@ApiBearerAuth()
@ApiTags('coding')
@Controller('coding')
export class CodeLookupController {
  @Get('codes')
  @HasPermission(permissions.lookUpCodes)
  @ApiPage()
  @ApiQuery({ name: 'system', required: true, enum: [...CODE_SYSTEMS], description: 'the code set' })
  @ApiOperation({
    summary:
      'Look codes up in the packaged ICD-10-CM, HCPCS Level II or CPT (NCCI code numbers): by code prefix or description words',
  })
  @ApiOkResponse({ type: CodeLookupPageResponse })
  list(
    @Query('system') rawSystem: unknown,
    @QueryText('q', LOOKUP_TEXT, 'a code prefix (E11.6, 992) or words all in the description')
    q: string | undefined,
    @Page(25) page: PageRequest,
  ): CodeLookupPageResponse {
    const system = oneOfQuery<CodeSystem>('system', rawSystem, CODE_SYSTEMS);
    if (!system) throw fieldError('system', `system is required: one of ${CODE_SYSTEMS.join(', ')}`);
    return lookUpCodes({ system, q, ...page });
  }
}
