import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiPage,
  ApiPageOf,
  AuditedPhiAccess,
  Page,
  PageRequest,
  PhiAuditInterceptor,
  QueryInt,
  QueryOneOf,
  QueryText,
  QueryUuid,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource, EntityManager } from 'typeorm';
import { PostedLineServices } from '../../phi/posted-line-services';
import { DenialDto } from './dto/denial.response';
import { ResolveDenialDto } from './dto/resolve-denial.dto';
import { parseDenialId } from './denial-id';
import { OpenService, denialItem } from './denial-item';
import { DENIAL_SORTS, DenialSort, denialRow, denialRows } from './denial-rows';

const STATES = ['open', 'resolved', 'all'] as const;

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/denials')
@UseInterceptors(PhiAuditInterceptor)
export class DenialsController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Get()
  @HasPermission(permissions.readRemittance)
  @AuditedPhiAccess({ resourceType: 'Denial', action: 'read' })
  @ApiPage()
  @ApiOperation({
    summary:
      'The denials work queue, oldest payment first (or ?sort=newest, largest): denied claims and lines allowed nothing, with CARC/RARC in words, a category and a suggested next action',
  })
  @ApiPageOf(DenialDto)
  async list(
    @QueryText('carc', { maxLength: 5, pattern: /^[A-Z]?\d{1,4}$/i, shape: 'a CARC (16, 50, B7)' })
    carc: string | undefined,
    @QueryUuid('payerId') payerId: string | undefined,
    @QueryInt('minAgeDays', { min: 0, max: 36500 }) minAgeDays: number | undefined,
    @QueryOneOf('state', STATES, 'open (default), resolved or all')
    state: (typeof STATES)[number] | undefined,
    @QueryOneOf(
      'sort',
      DENIAL_SORTS,
      'oldest payment first (default), newest first, or largest denied amount first',
    )
    sort: DenialSort | undefined,
    @Page() page: PageRequest,
  ) {
    const { total, rows } = await denialRows(
      this.db.manager,
      { carc: carc?.toUpperCase(), payerId, minAgeDays, state: state ?? 'open' },
      page,
      sort,
    );
    const open = this.openService(this.db.manager);
    return { total, items: rows.map((r) => denialItem(r, open)) };
  }

  @Post(':denial/resolve')
  @HttpCode(200)
  @HasPermission(permissions.postPayment)
  @AuditedPhiAccess({ resourceType: 'Denial', action: 'update' })
  @ApiOperation({ summary: 'Record how a denial was worked (the same action again changes nothing)' })
  @ApiParam({
    name: 'denial',
    description: 'a denial id from the queue: <claim posting uuid>.<SVC position, 0 for the claim>',
    schema: { type: 'string', pattern: '^[0-9a-f-]{36}\\.\\d{1,4}$' },
  })
  @ApiOkResponse({ type: DenialDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'already resolved with another action' })
  async resolve(
    @Param('denial') id: string,
    @Body() dto: ResolveDenialDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<DenialDto> {
    const key = parseDenialId(id);
    if (!key) throw new NotFoundException(`no denial ${id.slice(0, 80)}`);
    return this.db.transaction(async (m) => {
      const row = await denialRow(m, key);
      if (!row) throw new NotFoundException(`no denial ${id}`);
      if (row.action && row.action !== dto.action)
        throw new ConflictException(
          `denial ${id} was resolved as ${row.action} on ${new Date(row.resolved_at!).toISOString()}`,
        );
      if (!row.action)
        await m.query(
          `INSERT INTO remittance.denial_resolution (posting_id, line_position, action, note, resolved_by)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [key.postingId, key.linePosition, dto.action, dto.note ?? null, by.id],
        );
      return denialItem((await denialRow(m, key))!, this.openService(m));
    });
  }

  private openService(m: EntityManager): OpenService {
    const services = new PostedLineServices(m);
    return (line) => services.of(line);
  }
}
