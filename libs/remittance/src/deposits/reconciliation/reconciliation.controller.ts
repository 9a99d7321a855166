import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HasPermission, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { Period, QueryPeriod } from './period-query';
import { Reconciliation, reconcile } from './reconcile';
import { ReconciliationResponse } from './reconciliation.response';
import { periodSides } from './reconciliation-sources';

@ApiTags('remittance deposits')
@Controller('remittance/reconciliation')
export class ReconciliationController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readRemittance)
  @ApiQuery({ name: 'from', required: true, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to', required: true, schema: { type: 'string', format: 'date' } })
  @ApiOperation({
    summary:
      'Deposits against remittances for a period (deposit or payment date in it): matched, remittance without deposit, deposit without remittance, amount mismatch, totals',
  })
  @ApiOkResponse({
    type: ReconciliationResponse,
    description: 'every deposit and every paying remittance of the period in exactly one bucket',
  })
  async reconcile(@QueryPeriod() period: Period): Promise<Reconciliation> {
    const sides = await periodSides(this.db.manager, period.from, period.to);
    return reconcile(sides.deposits, sides.remittances);
  }
}
