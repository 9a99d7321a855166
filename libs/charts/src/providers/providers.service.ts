import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ProviderUpdatedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { DataSource } from 'typeorm';
import { conflict, fieldError, notFound } from '../shared/field-error';
import { providerParty } from '../shared/party-snapshots';
import { changedFields, isUniqueViolation, refuseNulls } from '../shared/patch';
import { UpdateProviderDto } from './dto/provider.dto';
import { Provider } from './provider.entity';

@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Fixes a provider (NPI, name, taxonomy, TIN, address) and emits charts.provider.updated with it. */
  async update(id: string, patch: UpdateProviderDto, actor: Actor): Promise<Provider> {
    refuseNulls(patch, ['firstName', 'taxonomy', 'taxId', 'address']);
    try {
      return await this.db.transaction(async (m) => {
        const provider = await m
          .getRepository(Provider)
          .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!provider) throw notFound('provider', id);
        const changed = changedFields<UpdateProviderDto>(provider as UpdateProviderDto, patch);
        if (changed.length === 0) return provider;
        Object.assign(provider, Object.fromEntries(changed.map((f) => [f, patch[f] ?? null])));
        if (provider.kind === 'individual' && !provider.firstName)
          throw fieldError('firstName', 'firstName is required for an individual provider');
        await m
          .getRepository(Provider)
          .update({ id }, Object.fromEntries(changed.map((f) => [f, provider[f]])));
        await this.outbox.enqueue(
          m,
          createEvent(ProviderUpdatedEvent, {
            aggregateId: id,
            actor,
            payload: { provider: providerParty(provider), changed },
          }),
        );
        return provider;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'provider_npi_key'))
        throw conflict(`provider with NPI ${patch.npi} already exists`);
      throw err;
    }
  }
}
