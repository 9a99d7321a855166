import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { EDIT_CATEGORIES, PayerRuleError } from '@revcycle/edit-engine';
import {
  ApiPage,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  fieldError,
  intQuery,
  oneOfQuery,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { ClaimScrubber } from './claim-scrubber';
import { ClaimCorrectionDto } from './dto/claim-correction.dto';
import { PayerRuleSetDto } from './dto/payer-rules.dto';
import { EditQueueService } from './edit-queue.service';

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
  @ApiPage()
  list(
    @Query('editId') editId: string | undefined,
    @Query('category') category: string | undefined,
    @Query('payerId') payerId: string | undefined,
    @Query('minAgeDays') minAgeDays: string | undefined,
    @Query('maxAgeDays') maxAgeDays: string | undefined,
    @Page() page: PageRequest,
  ) {
    return this.queue.list({
      editId,
      category: oneOfQuery('category', category, EDIT_CATEGORIES),
      payerId,
      minAgeDays: intQuery('minAgeDays', minAgeDays),
      maxAgeDays: intQuery('maxAgeDays', maxAgeDays),
      ...page,
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
    const { claim, result, refreshedParties } = await this.queue.correct(id, dto);
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
  payerRules() {
    return this.scrubber.currentRules();
  }

  @Put('payer-rules')
  @HasPermission(permissions.manageReferenceData)
  @ApiBadRequestResponse({
    description: 'the rule set does not compile; the message names the rule and field',
  })
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
