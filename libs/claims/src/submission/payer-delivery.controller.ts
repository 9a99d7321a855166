import { Body, Controller, Get, NotFoundException, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { PathUuid } from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { DataSource } from 'typeorm';
import { PayerDeliveryDto, PayerDeliveryResponse } from './dto/payer-delivery.dto';
import { PayerDelivery } from './payer-delivery.entity';

/** The settings as shown: never the private key. */
function shown(d: PayerDelivery): PayerDeliveryResponse {
  const { sftp, ...rest } = d;
  if (!sftp) return rest as PayerDeliveryResponse;
  const { privateKey: _secret, ...visible } = sftp;
  return { ...rest, sftp: { ...visible, privateKeyConfigured: true } } as PayerDeliveryResponse;
}

@ApiBearerAuth()
@ApiTags('claim batches')
@Controller('claims/payers/:payerId/delivery')
export class PayerDeliveryController {
  constructor(@InjectDataSource('claims') private readonly db: DataSource) {}

  @Put()
  @HasPermission(permissions.manageReferenceData)
  @ApiOperation({
    summary: "How a payer's 837s are delivered (payer download API or our SFTP upload) and its envelope ids",
  })
  @ApiOkResponse({ type: PayerDeliveryResponse })
  async put(
    @PathUuid('payerId') payerId: string,
    @Body() dto: PayerDeliveryDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PayerDeliveryResponse> {
    const settings: PayerDelivery = {
      payerId,
      method: dto.method,
      receiverId: dto.receiverId,
      receiverQualifier: dto.receiverQualifier ?? 'ZZ',
      receiverName: dto.receiverName,
      applicationReceiverCode: dto.applicationReceiverCode ?? dto.receiverId,
      sftp: dto.sftp ? { ...dto.sftp, hostKeySha256: dto.sftp.hostKeySha256?.replace(/^SHA256:/, '') } : null,
      updatedBy: by.id,
      updatedAt: new Date(),
    };
    await this.db.getRepository(PayerDelivery).save(settings);
    return shown(await this.db.getRepository(PayerDelivery).findOneByOrFail({ payerId }));
  }

  @Get()
  @HasPermission(permissions.manageReferenceData)
  @ApiOperation({ summary: "A payer's delivery settings (never its private key)" })
  @ApiNotFoundResponse({ description: 'no settings: the payer downloads through the payer API' })
  @ApiOkResponse({ type: PayerDeliveryResponse })
  async get(@PathUuid('payerId') payerId: string): Promise<PayerDeliveryResponse> {
    const d = await this.db.getRepository(PayerDelivery).findOneBy({ payerId });
    if (!d)
      throw new NotFoundException(
        `no delivery settings for payer ${payerId}: it downloads through the payer API`,
      );
    return shown(d);
  }
}
