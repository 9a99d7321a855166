import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PathUuid } from '@revcycle/runtime';
import { QueryAsOf } from './as-of-query';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { FeeScheduleResponse, PutFeeScheduleDto } from './dto/fee-schedule.dto';
import { FeeScheduleService } from './fee-schedule.service';

/** Contract rates per payer (no PHI), the expectation payment variance is measured against. */
@ApiTags('remittance fee schedules')
@Controller('remittance/fee-schedules')
export class FeeSchedulesController {
  constructor(private readonly schedules: FeeScheduleService) {}

  @Put(':payerId')
  @HasPermission(permissions.postPayment)
  @ApiOperation({
    summary: "Set a payer's fee schedule from an effective date on (replaces that version whole)",
  })
  @ApiOkResponse({ type: FeeScheduleResponse })
  put(
    @PathUuid('payerId', 'the payer (charts id)') payerId: string,
    @Body() body: PutFeeScheduleDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<FeeScheduleResponse> {
    return this.schedules.put(payerId.toLowerCase(), body, by.id);
  }

  @Get(':payerId')
  @HasPermission(permissions.readRemittance)
  @ApiOperation({ summary: "The payer's fee schedule in effect on asOf (default today)" })
  @ApiOkResponse({ type: FeeScheduleResponse })
  @ApiNotFoundResponse({ description: 'no version in effect on that date' })
  @ApiQuery({ name: 'asOf', required: false, schema: { type: 'string', format: 'date' } })
  get(
    @PathUuid('payerId', 'the payer (charts id)') payerId: string,
    @QueryAsOf() asOf: string,
  ): Promise<FeeScheduleResponse> {
    return this.schedules.inEffect(payerId.toLowerCase(), asOf);
  }
}
