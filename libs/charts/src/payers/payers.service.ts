import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, PayerUpdatedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../shared/field-error';
import { payerParty } from '../shared/party-snapshots';
import { changedFields, isUniqueViolation, refuseNulls } from '../shared/patch';
import { UpdatePayerDto } from './dto/payer.dto';
import { Payer } from './payer.entity';

@Injectable()
export class PayersService {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Fixes a payer's name or electronic id (2010BB NM109) and emits charts.payer.updated with it. */
  async update(id: string, patch: UpdatePayerDto, actor: Actor): Promise<Payer> {
    refuseNulls(patch);
    try {
      return await this.db.transaction(async (m) => {
        const payer = await m
          .getRepository(Payer)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!payer) throw notFound('payer', id);
        const changed = changedFields<UpdatePayerDto>(payer, patch);
        if (changed.length === 0) return payer;
        Object.assign(payer, Object.fromEntries(changed.map((f) => [f, patch[f]])));
        await m.getRepository(Payer).update({ id }, Object.fromEntries(changed.map((f) => [f, payer[f]])));
        await this.outbox.enqueue(
          m,
          createEvent(PayerUpdatedEvent, {
            aggregateId: id,
            actor,
            payload: { payer: payerParty(payer), changed },
          }),
        );
        return payer;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'payer_payer_id_key'))
        throw conflict(`payer with payerId ${patch.payerId} already exists`);
      throw err;
    }
  }
}
