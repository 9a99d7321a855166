import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, CoverageUpdatedEvent, createEvent } from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { Payer } from '../payers/payer.entity';
import { fieldError, notFound } from '../shared/field-error';
import { coverageParty, patientAsSubscriber } from '../shared/party-snapshots';
import { changedFields, refuseNulls } from '../shared/patch';
import { Coverage } from './coverage.entity';
import { UpdateCoverageDto } from './dto/patient.dto';
import { Patient } from './patient.entity';

type CoverageChanges = Partial<
  Pick<Coverage, 'payerId' | 'memberId' | 'groupNumber' | 'relationship' | 'subscriber'>
>;

/** Fixes to a coverage (payer, member id, group, relationship, subscriber), each emitting charts.coverage.updated. */
@Injectable()
export class CoverageUpdates {
  constructor(
    @InjectDataSource('charts') private readonly db: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** PATCH /patients/:id/coverages/:coverageId — a coverage of another patient is a 404. */
  async update(patientId: string, coverageId: string, patch: UpdateCoverageDto, actor: Actor) {
    refuseNulls(patch, ['groupNumber']);
    return this.db.transaction(async (m) => {
      const coverage = await m.getRepository(Coverage).findOne({
        where: { id: coverageId, patientId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!coverage) throw notFound(`coverage of patient ${patientId}`, coverageId);
      if (patch.payerId && !(await m.getRepository(Payer).existsBy({ id: patch.payerId })))
        throw fieldError('payerId', `payer ${patch.payerId} does not exist (create it with POST /payers)`);
      const changes: CoverageChanges = {
        ...patch,
        groupNumber: patch.groupNumber === undefined ? undefined : (patch.groupNumber ?? null),
        subscriber: await this.subscriberAfter(m, coverage, patch),
      };
      return this.apply(m, coverage, changes, actor);
    });
  }

  /** Inside the caller's transaction: stores what changed and emits the coverage's new snapshot. */
  async apply(
    m: EntityManager,
    coverage: Coverage,
    changes: CoverageChanges,
    actor: Actor,
  ): Promise<Coverage> {
    const changed = changedFields<CoverageChanges>(coverage, changes);
    if (changed.length === 0) return coverage;
    Object.assign(coverage, Object.fromEntries(changed.map((f) => [f, changes[f]])));
    await m
      .getRepository(Coverage)
      // The id among the values lets the PHI subscriber seal them to this row.
      .update(
        { id: coverage.id },
        { id: coverage.id, ...Object.fromEntries(changed.map((f) => [f, coverage[f]])) },
      );
    const payer = await m.getRepository(Payer).findOneByOrFail({ id: coverage.payerId });
    await this.outbox.enqueue(
      m,
      createEvent(CoverageUpdatedEvent, {
        aggregateId: coverage.id,
        actor,
        payload: { patientId: coverage.patientId, coverage: coverageParty(coverage, payer), changed },
      }),
    );
    return coverage;
  }

  /**
   * As on create: 'self' takes the patient as subscriber unless one is given; leaving 'self' needs
   * the real subscriber in the same patch (the stored one is the patient).
   */
  private async subscriberAfter(m: EntityManager, coverage: Coverage, patch: UpdateCoverageDto) {
    if (patch.subscriber) return patch.subscriber;
    const next = patch.relationship ?? coverage.relationship;
    if (next === coverage.relationship) return undefined;
    if (next !== 'self')
      throw fieldError(
        'subscriber',
        "subscriber is required when the patient is not the subscriber (relationship other than 'self')",
      );
    return patientAsSubscriber(await m.getRepository(Patient).findOneByOrFail({ id: coverage.patientId }));
  }
}
