import { Body, Controller, Get, HttpCode, Post, Put, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { EDIT_CATEGORIES, EditCategory, PayerRuleError } from '@revcycle/edit-engine';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  QueryInt,
  QueryOneOf,
  QuerySort,
  QueryText,
  QueryUuid,
  fieldError,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { ClaimScrubber } from './claim-scrubber';
import { ClaimCorrectionDto } from './dto/claim-correction.dto';
import { PayerRuleSetDto } from './dto/payer-rules.dto';
import { EDIT_QUEUE_SORTS, EditQueueService, EditQueueSort } from './edit-queue.service';
import {
  ClaimEditsResponse,
  CorrectionResponse,
  EditQueueItemResponse,
  PayerRulesResponse,
  PayerRulesSavedResponse,
} from './dto/edits.response';

/** Edit ids are upper-case words joined by underscores (see the edit catalogue). */
const EDIT_ID = { maxLength: 64, pattern: /^[A-Z0-9_]+$/, shape: 'an edit id (A-Z, 0-9, _)' };
/** A century is older than any claim the queue can hold. */
const QUEUE_AGE_DAYS = { min: 0, max: 36_500 };

/** Registered before ClaimsController so `/claims/edits` is not taken for a claim id. */
@ApiBearerAuth()
@ApiTags('claims: edit work queue')
@Controller('claims')
@UseInterceptors(PhiAuditInterceptor)
export class EditQueueController {
  constructor(
    private readonly queue: EditQueueService,
    private readonly scrubber: ClaimScrubber,
  ) {}

  @Get('edits')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'The edit work queue: rejected claims with a fix per edit' })
  @ApiPageOf(EditQueueItemResponse)
  list(
    @QueryText('editId', EDIT_ID, 'e.g. NCCI_PTP_PAIR') editId: string | undefined,
    @QueryOneOf('category', EDIT_CATEGORIES) category: EditCategory | undefined,
    @QueryUuid('payerId', 'the payer (charts id)') payerId: string | undefined,
    @QueryInt('minAgeDays', QUEUE_AGE_DAYS, 'in the queue at least this many days')
    minAgeDays: number | undefined,
    @QueryInt('maxAgeDays', QUEUE_AGE_DAYS, 'in the queue less than this many days')
    maxAgeDays: number | undefined,
    @QuerySort(EDIT_QUEUE_SORTS, 'created-at is longest in the queue first') sort: EditQueueSort | undefined,
    @Page() page: PageRequest,
  ) {
    return this.queue.list({ editId, category, payerId, minAgeDays, maxAgeDays, sort, ...page });
  }

  @Get(':id/edits')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "A claim's edits from its latest scrub" })
  @ApiOkResponse({ type: ClaimEditsResponse })
  edits(@PathUuid() id: string) {
    return this.queue.editsOf(id);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @HasPermission(permissions.writeClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'update' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the claim can no longer be corrected' })
  @ApiBadRequestResponse({ description: 'field-level errors' })
  @ApiOperation({ summary: 'Correct a claim and re-scrub it at once' })
  @ApiOkResponse({ type: CorrectionResponse })
  async correct(@PathUuid() id: string, @Body() dto: ClaimCorrectionDto, @CurrentPrincipal() by: Principal) {
    const { claim, result, refreshedParties } = await this.queue.correct(id, dto, by);
    return {
      id: claim.id,
      patientId: claim.patientId,
      status: claim.status,
      revision: claim.revision,
      totalChargeCents: claim.totalChargeCents,
      scrub: result,
      ...(refreshedParties ? { refreshedParties } : {}),
    };
  }

  @Get('payer-rules')
  @HasPermission(permissions.readClaim)
  @ApiOperation({ summary: 'The payer rule set in force' })
  @ApiOkResponse({ type: PayerRulesResponse })
  payerRules() {
    return this.scrubber.currentRules();
  }

  @Put('payer-rules')
  @HasPermission(permissions.manageReferenceData)
  @ApiBadRequestResponse({
    description: 'the rule set does not compile; the message names the rule and field',
  })
  @ApiOperation({ summary: 'Replace the payer rule set (checked for shape, compiled, then in force)' })
  @ApiOkResponse({ type: PayerRulesSavedResponse })
  async replacePayerRules(@Body() body: PayerRuleSetDto, @CurrentPrincipal() by: Principal) {
    try {
      const saved = await this.scrubber.replaceRules(body, by.id);
      return { version: saved.version, createdAt: saved.createdAt };
    } catch (err) {
      if (err instanceof PayerRuleError) throw fieldError(err.path, err.message);
      throw err;
    }
  }
}
