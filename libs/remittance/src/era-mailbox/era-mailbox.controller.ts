import { Body, Controller, Get, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizeFingerprint } from '@revcycle/payer-mailbox';
import { PathUuid } from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { EraMailboxDto, EraMailboxResponse } from './dto/era-mailbox.dto';
import { EraMailbox } from './era-mailbox.entity';

/** The enrollment as shown: never the private key. */
function shown(m: EraMailbox): EraMailboxResponse {
  const { privateKey: _secret, ...visible } = m.settings;
  return {
    payerId: m.payerId,
    ...visible,
    privateKeyConfigured: true,
    updatedBy: m.updatedBy,
    updatedAt: m.updatedAt,
  };
}

@ApiBearerAuth()
@ApiTags('remittance')
@Controller('remittance/payers/:payerId/era-mailbox')
export class EraMailboxController {
  constructor(@InjectDataSource('remittance') private readonly db: DataSource) {}

  @Put()
  @HasPermission(permissions.postPayment)
  @ApiOperation({
    summary:
      "Enroll a payer's ERA: the SFTP mailbox its 835s are picked up from and posted (apart from where its claims go)",
  })
  @ApiOkResponse({ type: EraMailboxResponse })
  async put(
    @PathUuid('payerId') payerId: string,
    @Body() dto: EraMailboxDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<EraMailboxResponse> {
    const repo = this.db.getRepository(EraMailbox);
    await repo.save({
      payerId,
      settings: {
        host: dto.host,
        port: dto.port,
        username: dto.username,
        privateKey: dto.privateKey,
        ...(dto.hostKeySha256 ? { hostKeySha256: normalizeFingerprint(dto.hostKeySha256) } : {}),
        outboundDir: dto.outboundDir,
      },
      updatedBy: by.id,
      updatedAt: new Date(),
    });
    return shown(await repo.findOneByOrFail({ payerId }));
  }

  @Get()
  @HasPermission(permissions.postPayment)
  @ApiOperation({ summary: "A payer's ERA mailbox (never its private key)" })
  @ApiNotFoundResponse({ description: 'no ERA mailbox: its 835s come through POST /remittance/advices' })
  @ApiOkResponse({ type: EraMailboxResponse })
  async get(@PathUuid('payerId') payerId: string): Promise<EraMailboxResponse> {
    const m = await this.db.getRepository(EraMailbox).findOneBy({ payerId });
    if (!m)
      throw new NotFoundException(
        `no ERA mailbox for payer ${payerId}: its 835s come through POST /remittance/advices`,
      );
    return shown(m);
  }
}
