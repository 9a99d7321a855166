import { Controller, Get, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  OLDEST_FIRST,
  Page,
  PageRequest,
  PathUuid,
  PhiAuditInterceptor,
  QueryTimestamp,
  findPage,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource, MoreThan } from 'typeorm';
import { ClaimBatch } from './claim-batch.entity';
import { claimFileAttachment, claimFileName } from './claim-file-name';
import { ClaimBatchService } from './claim-batch.service';

/** What a payer sees of a file sent to it. */
export class ClaimFileResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '837P-000000042.x12' }) fileName!: string;
  @ApiProperty({ enum: ['professional', 'institutional'] }) claimType!: string;
  @ApiProperty({ type: 'integer' }) claimCount!: number;
  @ApiProperty({ type: 'integer' }) totalChargeCents!: number;
  @ApiProperty({ description: 'ISA13' }) interchangeControlNumber!: string;
  @ApiProperty({ type: 'integer' }) bytes!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) downloadedAt!: Date | null;
}

export const claimFileOf = (b: ClaimBatch) => ({
  id: b.id,
  fileName: claimFileName(b),
  claimType: b.claimType,
  claimCount: b.claimCount,
  totalChargeCents: b.totalChargeCents,
  interchangeControlNumber: b.interchangeControlNumber,
  bytes: b.fileBytes,
  sha256: b.fileSha256,
  createdAt: b.createdAt,
  downloadedAt: b.submittedAt,
});

/**
 * The payer download API: a token of role `payer` names one payer and sees that payer's claim
 * files and nothing else — another payer's file is a 404, as if it did not exist (and the request
 * is audited like every other).
 */
@ApiBearerAuth()
@ApiTags('payer')
@Controller('payer/claim-files')
@UseInterceptors(PhiAuditInterceptor)
export class PayerClaimFilesController {
  constructor(
    private readonly batches: ClaimBatchService,
    @InjectDataSource('claims') private readonly db: DataSource,
  ) {}

  @Get()
  @HasPermission(permissions.downloadClaimFiles)
  @ApiPage()
  @ApiOperation({ summary: "The calling payer's claim files, oldest first (since: created after)" })
  @ApiPageOf(ClaimFileResponse)
  async list(
    @QueryTimestamp('since', 'only files created after this instant (ISO 8601)') since: Date | undefined,
    @Page() page: PageRequest,
    @CurrentPrincipal() payer: Principal,
  ) {
    const { total, items } = await findPage(this.db.getRepository(ClaimBatch), page, {
      where: { payerId: payer.payerId!, ...(since ? { createdAt: MoreThan(since) } : {}) },
      order: OLDEST_FIRST,
    });
    return { total, items: items.map(claimFileOf) };
  }

  @Get(':id')
  @HasPermission(permissions.downloadClaimFiles)
  @AuditedPhiAccess({ resourceType: 'ClaimBatch', action: 'read' })
  @ApiProduces('application/edi-x12')
  @ApiNotFoundResponse({ description: 'no such file for this payer' })
  @ApiOperation({ summary: 'Download one 837: the batch and its claims become submitted' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async download(@PathUuid() id: string, @CurrentPrincipal() payer: Principal): Promise<StreamableFile> {
    const startedAt = new Date();
    const { batch, body } = await this.batches.file(id, (b) => b.payerId === payer.payerId);
    await this.db.transaction((m) =>
      this.batches.markSubmitted(m, batch, {
        method: 'download',
        startedAt,
        finishedAt: new Date(),
        ok: true,
        detail: `downloaded through the payer API by ${payer.id}`,
      }),
    );
    return claimFileAttachment(batch, body);
  }
}
