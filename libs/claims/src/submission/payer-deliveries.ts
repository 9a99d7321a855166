import { EntityManager } from 'typeorm';
import { ClaimParties } from '../claim/claim.entity';
import { PayerDelivery } from './payer-delivery.entity';

/** Who the payer is in the envelope: ISA07/08, GS03 and 1000B. */
export type ReceiverSettings = Pick<
  PayerDelivery,
  'receiverId' | 'receiverQualifier' | 'receiverName' | 'applicationReceiverCode'
>;

export type DeliverySettings = ReceiverSettings & Pick<PayerDelivery, 'method' | 'sftp'>;

/**
 * A payer's delivery settings (PUT /claims/payers/:payerId/delivery), or — none given — the payer
 * downloads its files through the payer API and is named in the envelope by its electronic payer
 * id (2010BB NM109, ISA08 qualifier ZZ), as the claims' coverage snapshot has it.
 */
export async function deliverySettingsFor(
  m: EntityManager,
  payerId: string,
  parties: Pick<ClaimParties, 'coverage'>,
): Promise<DeliverySettings> {
  const stored = await m.getRepository(PayerDelivery).findOneBy({ payerId });
  if (stored) return stored;
  const payer = parties.coverage.payer;
  const electronicId = payer.payerId.slice(0, 15);
  return {
    method: 'download',
    sftp: null,
    receiverId: electronicId,
    receiverQualifier: 'ZZ',
    receiverName: payer.name,
    applicationReceiverCode: electronicId,
  };
}
