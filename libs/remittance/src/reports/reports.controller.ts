import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AuditedPhiAccess,
  PhiAuditInterceptor,
  QueryTimestamp,
  QueryUuid,
  fieldError,
} from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { arAging } from './ar-aging';
import { ArAgingDto, KpisDto, PaymentVarianceDto } from './dto/reports.response';
import { payerVariance } from './payment-variance';
import { kpis } from './kpis';

const DAY = 86_400_000;
/** The default KPI window: the last 90 days (a quarter, as days in AR is usually measured). */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_WINDOW_DAYS = 3660;
const dateOf = (iso: string) => iso.slice(0, 10);

@ApiBearerAuth()
@ApiTags('remittance reports')
@Controller('remittance')
@UseInterceptors(PhiAuditInterceptor)
export class ReportsController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get('ar-aging')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'ArAging', action: 'read' })
  @ApiOperation({
    summary:
      'Accounts receivable by payer in 0–30/31–60/61–90/91–120/120+ days since the date of service, patient balances apart',
  })
  @ApiOkResponse({ type: ArAgingDto })
  async aging(@QueryTimestamp('asOf', 'the day to age to (default today)') asOf: string | undefined) {
    return arAging(this.db.manager, dateOf(asOf ?? new Date().toISOString()));
  }

  @Get('payment-variance')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'PaymentVariance', action: 'read' })
  @ApiOperation({
    summary:
      'Payment variance: what a payer allowed (paid + patient responsibility) against its fee schedule, per line, claim (most underpaid first) and in total, for the claims posted in a window (default the last 90 days)',
  })
  @ApiOkResponse({ type: PaymentVarianceDto })
  async variance(
    @QueryUuid('payerId', 'the payer (charts id), required') payerId: string | undefined,
    @QueryTimestamp('from', 'first day of the window') from: string | undefined,
    @QueryTimestamp('to', 'last day of the window (default today)') to: string | undefined,
  ) {
    if (!payerId) throw fieldError('payerId', 'payerId is required');
    const window = this.window(from, to);
    return payerVariance(this.db.manager, payerId, window.first, window.last);
  }

  @Get('kpis')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'Kpis', action: 'read' })
  @ApiOperation({
    summary:
      'Clean-claim rate, first-pass payment rate, denial rate by CARC and payer, days in AR, net collection rate and collections per day, over a window (default the last 90 days)',
  })
  @ApiOkResponse({ type: KpisDto })
  async kpis(
    @QueryTimestamp('from', 'first day of the window') from: string | undefined,
    @QueryTimestamp('to', 'last day of the window (default today)') to: string | undefined,
  ) {
    const { first, last } = this.window(from, to);
    return kpis(this.db.manager, first, last);
  }

  private window(from: string | undefined, to: string | undefined): { first: string; last: string } {
    const last = dateOf(to ?? new Date().toISOString());
    const first = dateOf(from ?? new Date(Date.parse(last) - (DEFAULT_WINDOW_DAYS - 1) * DAY).toISOString());
    if (first > last) throw fieldError('from', 'from must be on or before to');
    if ((Date.parse(last) - Date.parse(first)) / DAY > MAX_WINDOW_DAYS)
      throw fieldError('from', `the window may span at most ${MAX_WINDOW_DAYS} days`);
    return { first, last };
  }
}
