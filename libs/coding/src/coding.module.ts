import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  deadLettersMigration,
  inboxRetentionIndexMigration,
  messagingTablesMigration,
} from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { CodeLookupController } from './codes/code-lookup.controller';
import { icd10CmProvider } from './icd10cm.provider';
import { CodingService } from './intake/coding.service';
import { FinalizedEncounterConsumer } from './intake/finalized-encounter.consumer';
import { CodingTables1764000000200 } from './migrations/1764000000200-coding-tables';
import { WorkItemProblemsEncrypted1764000000210 } from './migrations/1764000000210-work-item-problems-encrypted';
import { CodedEncounter } from './queue/coded-encounter.entity';
import { CodingQueueController } from './queue/coding-queue.controller';
import { CodingQueueService } from './queue/coding-queue.service';
import { CodingWorkItem } from './queue/work-item.entity';

const ENTITIES = [CodingWorkItem, CodedEncounter];

/** The coding schema: its entities and migrations (also run by `npm run migrate`). */
export const CODING_DATABASE: ServiceDatabase = {
  schema: 'coding',
  entities: ENTITIES,
  migrations: [
    messagingTablesMigration('coding'),
    inboxRetentionIndexMigration('coding'),
    deadLettersMigration('coding'),
    CodingTables1764000000200,
    WorkItemProblemsEncrypted1764000000210,
  ],
};

/** coding: validates finalized encounters' codes; emits coding.encounter.coded or queues for a coder. */
@Module({})
export class CodingServiceModule {
  static register(): DynamicModule {
    return {
      module: CodingServiceModule,
      imports: [
        ServiceDatabaseModule.forService(CODING_DATABASE),
        TypeOrmModule.forFeature(ENTITIES, 'coding'),
        ServiceMessagingModule.forService('coding'),
      ],
      controllers: [CodeLookupController, CodingQueueController, FinalizedEncounterConsumer],
      providers: [icd10CmProvider, CodingService, CodingQueueService],
    };
  }
}
