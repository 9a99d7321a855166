import { Inject, Injectable } from '@nestjs/common';
import { Icd10CmCodeSet } from '@revcycle/codesets';
import {
  Actor,
  EncounterCodedEvent,
  EncounterFinalized,
  EventEnvelope,
  createEvent,
} from '@revcycle/contracts';
import { Outbox } from '@revcycle/messaging';
import { AuditTrail } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ICD10CM } from '../icd10cm.provider';
import { CodedEncounter } from '../queue/coded-encounter.entity';
import { CodingWorkItem } from '../queue/work-item.entity';
import { validateCodes } from '../validation/code-validation';

/**
 * Takes finalized encounters: valid codes go straight on as coded (auto); others wait in the coder
 * work queue until a coder completes them.
 */
@Injectable()
export class CodingService {
  constructor(
    @Inject(ICD10CM) private readonly icd: Icd10CmCodeSet,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** Runs inside the consumer's inbox transaction. */
  async intake(event: EventEnvelope<EncounterFinalized>, m: EntityManager): Promise<'coded' | 'queued'> {
    const encounter = event.payload;
    const problems = validateCodes(this.icd, encounter.diagnoses, encounter.procedures);
    const system: Actor = { id: 'coding-auto', role: 'system' };
    if (problems.length === 0) {
      await this.emitCoded(m, encounter, system, 'auto', event.correlationId);
      return 'coded';
    }
    await m.getRepository(CodingWorkItem).insert({
      id: randomUUID(),
      encounterId: encounter.encounterId,
      patientId: encounter.patient.id,
      payerId: encounter.coverage.payer.id,
      dateOfService: encounter.dateOfService,
      encounter,
      problems,
      status: 'open',
      completedAt: null,
      completedBy: null,
    });
    return 'queued';
  }

  async emitCoded(
    m: EntityManager,
    encounter: EncounterFinalized,
    actor: Actor,
    method: 'auto' | 'coder',
    correlationId?: string,
  ): Promise<void> {
    await m.getRepository(CodedEncounter).insert({
      encounterId: encounter.encounterId,
      patientId: encounter.patient.id,
      method,
      codedBy: actor.id,
    });
    const payload = { ...encounter, codedBy: actor.id, codingMethod: method };
    await this.outbox.enqueue(
      m,
      createEvent(EncounterCodedEvent, { aggregateId: encounter.encounterId, actor, correlationId, payload }),
    );
    const entry = {
      resourceType: 'Encounter',
      resourceId: encounter.encounterId,
      patientId: encounter.patient.id,
      action: 'code' as const,
    };
    await this.audit.record(actor, [{ ...entry, outcome: 'success' }], m);
  }
}
