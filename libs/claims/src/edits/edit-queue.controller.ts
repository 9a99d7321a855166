import { BadRequestException, Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EDIT_CATEGORIES, PayerRuleError, PayerRuleSet } from '@revcycle/edit-engine';
import { AuditedPhiAccess, PhiAuditInterceptor } from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { ClaimScrubber } from './claim-scrubber';
import { ClaimCorrectionDto } from './dto/claim-correction.dto';
import { EditQueueService } from './edit-queue.service';

const optionalInt = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field: name, messages: [`${name} must be a non-negative integer`] }] });
  }
  return n;
};

/** Registered before ClaimsController so `/claims/edits` is not taken for a claim id. */
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
  @ApiQuery({ name: 'editId', required: false, description: 'e.g. NCCI_PTP_PAIR' })
  @ApiQuery({ name: 'category', required: false, enum: EDIT_CATEGORIES })
  @ApiQuery({ name: 'payerId', required: false })
  @ApiQuery({ name: 'minAgeDays', required: false, description: 'in the queue at least this many days' })
  @ApiQuery({ name: 'maxAgeDays', required: false })
  list(
    @Query('editId') editId: string | undefined,
    @Query('category') category: string | undefined,
    @Query('payerId') payerId: string | undefined,
    @Query('minAgeDays') minAgeDays: string | undefined,
    @Query('maxAgeDays') maxAgeDays: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    if (category !== undefined && !(EDIT_CATEGORIES as readonly string[]).includes(category)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field: 'category', messages: [`category must be one of ${EDIT_CATEGORIES.join(', ')}`] }] });
    }
    return this.queue.list({
      editId,
      category,
      payerId,
      minAgeDays: optionalInt('minAgeDays', minAgeDays),
      maxAgeDays: optionalInt('maxAgeDays', maxAgeDays),
      limit: Math.min(Math.max(limit, 1), 500),
      offset: Math.max(offset, 0),
    });
  }

  @Get(':id/edits')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'read' })
  @ApiNotFoundResponse()
  edits(@Param('id', ParseUUIDPipe) id: string) {
    return this.queue.editsOf(id);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @HasPermission(permissions.writeClaim)
  @AuditedPhiAccess({ resourceType: 'Claim', action: 'update' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the claim can no longer be corrected' })
  @ApiBadRequestResponse({ description: 'field-level errors' })
  async correct(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ClaimCorrectionDto) {
    const { claim, result } = await this.queue.correct(id, dto);
    return { id: claim.id, patientId: claim.patientId, status: claim.status, revision: claim.revision, totalChargeCents: claim.totalChargeCents, scrub: result };
  }

  @Get('payer-rules')
  @HasPermission(permissions.readClaim)
  payerRules() {
    return this.scrubber.currentRules();
  }

  @Put('payer-rules')
  @HasPermission(permissions.manageReferenceData)
  @ApiBadRequestResponse({ description: 'the rule set does not compile; the message names the rule and field' })
  async replacePayerRules(@Body() body: PayerRuleSet, @CurrentPrincipal() by: Principal) {
    try {
      const saved = await this.scrubber.replaceRules(body, by.id);
      return { version: saved.version, createdAt: saved.createdAt };
    } catch (err) {
      if (err instanceof PayerRuleError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: err.message });
      throw err;
    }
  }
}
