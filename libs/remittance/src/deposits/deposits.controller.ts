import { Body, Controller, Get, HttpStatus, Post, Res, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PhiAuditInterceptor,
  PageRequest,
  ProblemDto,
  QueryText,
  problem,
  problemException,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource, Raw } from 'typeorm';
import { Deposit } from './deposit.entity';
import { DepositService } from './deposit.service';
import { DepositResponse, ReceivedBankFileResponse } from './dto/deposit.response';

interface StatusResponse {
  status(code: number): unknown;
}

/**
 * Bank files in, deposits out: finance's side of the money. Mostly payers' EFTs, but a lockbox
 * credit's text may name the patient who mailed the check: reads and uploads are audited as PHI.
 */
@ApiTags('remittance deposits')
@Controller('remittance/deposits')
@UseInterceptors(PhiAuditInterceptor)
export class DepositsController {
  constructor(
    private readonly deposits: DepositService,
    @InjectDataSource('remittance') private readonly db: DataSource,
  ) {}

  @Post()
  @HasPermission(permissions.postPayment)
  @AuditedPhiAccess({ resourceType: 'BankFile', action: 'create' })
  @ApiConsumes('text/plain', 'text/csv')
  @ApiBody({
    schema: { type: 'string' },
    description: 'a BAI2 file (text/plain) or a CSV export of deposits',
  })
  @ApiOperation({
    summary: "Store a bank file's deposits (BAI2 or CSV, detected) and match them to remittances",
  })
  @ApiCreatedResponse({ type: ReceivedBankFileResponse })
  @ApiOkResponse({ type: ReceivedBankFileResponse, description: 'the same file again: nothing stored' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description: 'bad lines, each located (line: field); nothing stored',
  })
  async receive(
    @Body() body: unknown,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<ReceivedBankFileResponse> {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw problemException(
        problem(400, 'send the bank file as the body (Content-Type text/plain or text/csv)'),
      );
    const received = await this.deposits.receive(body, by.id);
    res.status(received.duplicate ? HttpStatus.OK : HttpStatus.CREATED);
    return received;
  }

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'Deposit', action: 'read' })
  @ApiPage()
  @ApiOperation({ summary: 'Deposits, newest first (by date), optionally of one trace' })
  @ApiPageOf(DepositResponse)
  async list(
    @QueryText('traceNumber', { maxLength: 50 }, 'the 835 TRN02') traceNumber: string | undefined,
    @Page() page: PageRequest,
  ) {
    const [items, total] = await this.db.getRepository(Deposit).findAndCount({
      // Traces compare case-blind, as reconciliation does (indexed on upper(trace_number)).
      where: traceNumber
        ? { traceNumber: Raw((column) => `upper(${column}) = upper(:traceNumber)`, { traceNumber }) }
        : {},
      order: { depositDate: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { total, items };
  }
}
