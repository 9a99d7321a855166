import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ClaimCorrectionDto } from '../../edits/dto/claim-correction.dto';
import { PayerDeliveryDto } from './payer-delivery.dto';

/** The fields each body is refused on (class-validator, as the services' ValidationPipe runs it). */
async function refusedFields<T extends object>(cls: new () => T, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((e) => e.property);
}

describe('payer delivery settings and history notes refuse blank and control-character text', () => {
  const delivery = { method: 'download', receiverId: '87726', receiverName: 'ACME HEALTH PLAN' };

  it('a blank receiver id or application receiver code (ISA08, GS03) is refused; spaces inside one are kept', async () => {
    expect(await refusedFields(PayerDeliveryDto, delivery)).toEqual([]);
    expect(await refusedFields(PayerDeliveryDto, { ...delivery, receiverId: 'ACME 01' })).toEqual([]);
    expect(await refusedFields(PayerDeliveryDto, { ...delivery, receiverId: '   ' })).toEqual(['receiverId']);
    expect(await refusedFields(PayerDeliveryDto, { ...delivery, applicationReceiverCode: ' ' })).toEqual([
      'applicationReceiverCode',
    ]);
  });

  it('a receiver name (1000B NM103) that is blank or holds a NUL or tab is refused', async () => {
    for (const receiverName of ['   ', 'ACME\u0000', 'ACME\tPLAN'])
      expect(await refusedFields(PayerDeliveryDto, { ...delivery, receiverName })).toEqual(['receiverName']);
  });

  it('a note of several lines is kept; a NUL, another control character or more than 2,000 characters is refused', async () => {
    const correction = (note: string) => refusedFields(ClaimCorrectionDto, { note });
    expect(await correction('called the payer\nthey want the op note\ttoo')).toEqual([]);
    expect(await correction('appealed\r\nwith records')).toEqual([]);
    for (const bad of ['a\u0000b', 'a\u0007b', 'x'.repeat(2001)]) {
      expect(await correction(bad)).toEqual(['note']);
    }
  });
});
