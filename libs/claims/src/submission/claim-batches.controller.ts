import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
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
  QuerySort,
  QueryUuid,
  SortOf,
  findPage,
  listSort,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { BATCH_STATUSES, BatchStatus, ClaimBatch } from './claim-batch.entity';
import { ClaimBatchService } from './claim-batch.service';
import { claimFileAttachment } from './claim-file-name';
import {
  ClaimBatchDetailResponse,
  ClaimBatchResponse,
  CreateClaimBatchesDto,
  CreatedClaimBatchResponse,
  createdBatch,
} from './dto/claim-batch.dto';

/** `GET /claims/batches?sort=`: newest first by default. */
export const BATCH_SORTS = listSort(
  {
    'created-at': 'created_at',
    'claim-count': 'claim_count',
    charge: 'total_charge_cents',
    status: 'status',
  },
  { default: '-created-at' },
);
export type BatchSort = SortOf<typeof BATCH_SORTS>;

@ApiBearerAuth()
@ApiTags('claim batches')
@Controller('claims/batches')
@UseInterceptors(PhiAuditInterceptor)
export class ClaimBatchesController {
  constructor(
    private readonly batches: ClaimBatchService,
    @InjectDataSource('claims') private readonly db: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @HasPermission(permissions.writeClaim)
  @AuditedPhiAccess({ resourceType: 'ClaimBatch', action: 'create' })
  @ApiOperation({
    summary:
      'Batch every ready claim (or those of one payer / claim type): one validated 837 per payer and claim type',
  })
  @ApiCreatedResponse({
    type: [CreatedClaimBatchResponse],
    description: 'an empty list when nothing is ready',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description: 'the 837 does not validate: located reasons, nothing batched',
  })
  async create(
    @Body() dto: CreateClaimBatchesDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<CreatedClaimBatchResponse[]> {
    const made = await this.batches.create(dto ?? {}, by);
    return made.map(createdBatch);
  }

  @Get()
  @HasPermission(permissions.readClaim)
  @ApiPage()
  @ApiOperation({ summary: 'Claim batches, newest first (or ?sort=)' })
  @ApiPageOf(ClaimBatchResponse)
  async list(
    @QueryUuid('payerId') payerId: string | undefined,
    @QueryOneOf('status', BATCH_STATUSES) status: BatchStatus | undefined,
    @QuerySort(BATCH_SORTS, 'charge is the total charge (totalChargeCents)') sort: BatchSort | undefined,
    @Page() page: PageRequest,
  ) {
    const where: FindOptionsWhere<ClaimBatch> = {};
    if (payerId) where.payerId = payerId;
    if (status) where.status = status;
    return findPage(this.db.getRepository(ClaimBatch), page, { where, order: BATCH_SORTS.order(sort) });
  }

  @Get(':id')
  @HasPermission(permissions.readClaim)
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One batch: its claims (with their ST02 and status) and delivery attempts' })
  @ApiOkResponse({ type: ClaimBatchDetailResponse })
  async get(@PathUuid() id: string) {
    const { batch, claims, deliveryAttempts } = await this.batches.get(id);
    return {
      ...batch,
      claims,
      deliveryAttempts: deliveryAttempts.map(({ batchId: _b, ...a }) => a),
    };
  }

  @Get(':id/837')
  @HasPermission(permissions.readClaim)
  @AuditedPhiAccess({ resourceType: 'ClaimBatch', action: 'read' })
  @Header('Content-Type', 'application/edi-x12')
  @ApiProduces('application/edi-x12')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "The batch's 837 file as stored (streamed)" })
  @ApiOkResponse({ schema: { type: 'string' } })
  async file(@PathUuid() id: string): Promise<StreamableFile> {
    const { batch, body } = await this.batches.file(id);
    return claimFileAttachment(batch, body);
  }
}
