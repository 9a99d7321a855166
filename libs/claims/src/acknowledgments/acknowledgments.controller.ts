import { Body, Controller, HttpStatus, Post, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AuditedPhiAccess,
  PhiAuditInterceptor,
  ProblemDto,
  problem,
  problemException,
} from '@revcycle/runtime';
import { CurrentPrincipal, HasPermission, Principal, permissions } from '@revcycle/security';
import { AcknowledgmentService } from './acknowledgment.service';

export class AcknowledgmentResponse {
  @ApiProperty({ enum: ['999', '277CA'] }) type!: string;
  @ApiProperty({ type: 'integer', description: 'claims of ours the file spoke of' }) matched!: number;
  @ApiProperty({ type: 'integer' }) accepted!: number;
  @ApiProperty({ type: 'integer' }) rejected!: number;
  @ApiProperty({
    type: 'integer',
    description:
      '277CA: claims not ours or never sent; 999: groups / transaction sets naming nothing we sent',
  })
  unmatched!: number;
}

interface StatusResponse {
  status(code: number): unknown;
}

@ApiBearerAuth()
@ApiTags('claim batches')
@Controller('claims/acknowledgments')
@UseInterceptors(PhiAuditInterceptor)
export class AcknowledgmentsController {
  constructor(private readonly acknowledgments: AcknowledgmentService) {}

  @Post()
  @HasPermission(permissions.writeClaim)
  @AuditedPhiAccess({ resourceType: 'Acknowledgment', action: 'create' })
  @ApiConsumes('application/edi-x12', 'text/plain')
  @ApiBody({ schema: { type: 'string' }, description: 'a 999 or 277CA file as received' })
  @ApiOperation({
    summary:
      "Apply a payer's 999 or 277CA: claims become acknowledged / accepted, or payer_rejected with the reasons",
  })
  @ApiCreatedResponse({ type: AcknowledgmentResponse })
  @ApiOkResponse({ type: AcknowledgmentResponse, description: 'the same file again: nothing changed' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description: 'not a readable 999/277CA: located errors, nothing applied',
  })
  async receive(
    @Body() body: unknown,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<AcknowledgmentResponse> {
    if (!Buffer.isBuffer(body))
      throw problemException(
        problem(400, 'send the acknowledgment file as the body (Content-Type application/edi-x12)'),
      );
    const { duplicate, ...applied } = await this.acknowledgments.receive(body, { via: 'api', by: by.id });
    res.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED);
    return applied;
  }
}
