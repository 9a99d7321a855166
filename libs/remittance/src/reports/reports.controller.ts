import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditedPhiAccess, PhiAuditInterceptor, QueryTimestamp, fieldError } from '@revcycle/runtime';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { arAging } from './ar-aging';
import { ArAgingDto, KpisDto } from './dto/reports.response';
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
    const last = dateOf(to ?? new Date().toISOString());
    const first = dateOf(from ?? new Date(Date.parse(last) - (DEFAULT_WINDOW_DAYS - 1) * DAY).toISOString());
    if (first > last) throw fieldError('from', 'from must be on or before to');
    if ((Date.parse(last) - Date.parse(first)) / DAY > MAX_WINDOW_DAYS)
      throw fieldError('from', `the window may span at most ${MAX_WINDOW_DAYS} days`);
    return kpis(this.db.manager, first, last);
  }
}
