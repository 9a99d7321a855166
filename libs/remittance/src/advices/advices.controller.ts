import {
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
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
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  ProblemDto,
  QueryOneOf,
  QueryText,
  QueryUuid,
  problem,
  problemException,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { AdviceIntakeResponse, DuplicateIntakeResponse } from './dto/advice-intake.response';
import { AdviceDetailDto, AdviceSummaryDto } from './dto/advice.response';
import { intakeResponse } from './intake-response';
import { RemittanceIntakeService } from './remittance-intake.service';
import { ADVICE_SORTS, AdviceSort, adviceDetail, listAdvices } from './advice-queries';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/advices')
@UseInterceptors(PhiAuditInterceptor)
export class AdvicesController {
  constructor(
    private readonly intake: RemittanceIntakeService,
    @InjectDataSource('remittance') private readonly db: DataSource,
  ) {}

  @Post()
  @HasPermission(permissions.postPayment)
  @AuditedPhiAccess({ resourceType: 'RemittanceAdvice', action: 'create' })
  @ApiConsumes('application/edi-x12', 'text/plain')
  @ApiBody({ schema: { type: 'string' }, description: 'an 835 file as received (streamed: any size)' })
  @ApiOperation({
    summary:
      'Post an 835: each transaction set atomically (a broken or unbalanced one is refused with located errors, the others post); the same remittance again posts nothing',
  })
  @ApiCreatedResponse({ type: AdviceIntakeResponse })
  @ApiOkResponse({ type: DuplicateIntakeResponse, description: 'already received: nothing posted' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'nothing postable: located errors' })
  async receive(
    @Req() req: AsyncIterable<Buffer> & { headers: Record<string, string | string[] | undefined> },
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    if (
      req.headers['content-length'] === '0' ||
      (!req.headers['content-length'] && !req.headers['transfer-encoding'])
    )
      throw problemException(
        problem(400, 'send the 835 file as the body (Content-Type application/edi-x12)'),
      );
    if (req.headers['content-encoding'] && req.headers['content-encoding'] !== 'identity')
      throw problemException(problem(415, 'send the 835 uncompressed (no Content-Encoding)'));
    const role = by.role === 'admin' ? 'admin' : by.role === 'biller' ? 'biller' : 'finance';
    const result = await this.intake.receive(req, { id: by.id, role });
    if (result.byteCount === 0)
      throw problemException(
        problem(400, 'the body is empty: send the 835 file (Content-Type application/edi-x12)'),
      );
    const answer = intakeResponse(result);
    res.status(answer.status === 200 ? HttpStatus.OK : HttpStatus.CREATED);
    return answer.body;
  }

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'RemittanceAdvice', action: 'read' })
  @ApiPage()
  @ApiOperation({
    summary:
      'Remittance advices posted (one per 835 ST/SE), newest first (or ?sort=payment-date, largest); by upload, payer or trace',
  })
  @ApiPageOf(AdviceSummaryDto)
  async list(
    @QueryUuid('fileId', 'only the advices of this upload') fileId: string | undefined,
    @QueryText('payerId', { maxLength: 80 }, "the payer's identification as listed (from the 835)")
    payerId: string | undefined,
    @QueryText(
      'traceNumber',
      { maxLength: 50, pattern: /^[A-Za-z0-9-]+$/, shape: 'an EFT or check trace (TRN02)' },
      'TRN02',
    )
    traceNumber: string | undefined,
    @QueryOneOf(
      'sort',
      ADVICE_SORTS,
      'newest posted first (default), latest payment date first, or largest payment first',
    )
    sort: AdviceSort | undefined,
    @Page() page: PageRequest,
  ) {
    return listAdvices(this.db, page, { fileId, payerId, traceNumber, sort });
  }

  @Get(':id')
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'RemittanceAdvice', action: 'read' })
  @ApiNotFoundResponse()
  @ApiPage()
  @ApiOperation({
    summary:
      'One advice: payer, trace (TRN), payment (BPR), one page of its claims (file order) and review items (limit/offset apply to both; claimsTotal, reviewTotal count them), its provider adjustments (PLB)',
  })
  @ApiOkResponse({ type: AdviceDetailDto })
  async get(@PathUuid('id') id: string, @Page() page: PageRequest) {
    const advice = await adviceDetail(this.db, id, page);
    if (!advice) throw new NotFoundException(`no remittance advice ${id}`);
    return advice;
  }
}
