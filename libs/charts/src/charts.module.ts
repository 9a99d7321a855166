import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  deadLettersMigration,
  inboxRetentionIndexMigration,
  messagingTablesMigration,
} from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { Encounter } from './encounters/encounter.entity';
import { EncountersController } from './encounters/encounters.controller';
import { EncountersService } from './encounters/encounters.service';
import { ChartsTables1764000000100 } from './migrations/1764000000100-charts-tables';
import { PatientBlindIndexColumns1764000000120 } from './migrations/1764000000120-patient-blind-index-columns';
import { PatientBlindIndexBackfill1764000000121 } from './migrations/1764000000121-patient-blind-index-backfill';
import { PatientBlindIndexConstraints1764000000122 } from './migrations/1764000000122-patient-blind-index-constraints';
import { CoverageUpdates } from './patients/coverage-updates';
import { EncounterCodesEncrypted1764000000150 } from './migrations/1764000000150-encounter-codes-encrypted';
import { EncounterSecondaryCoverage1764000000160 } from './migrations/1764000000160-encounter-secondary-coverage';
import { Coverage } from './patients/coverage.entity';
import { Patient } from './patients/patient.entity';
import { PatientsController } from './patients/patients.controller';
import { PatientsService } from './patients/patients.service';
import { Payer } from './payers/payer.entity';
import { PayersController } from './payers/payers.controller';
import { PayersService } from './payers/payers.service';
import { Provider } from './providers/provider.entity';
import { ProvidersController } from './providers/providers.controller';
import { ProvidersService } from './providers/providers.service';

export const CHARTS_ENTITIES = [Patient, Coverage, Payer, Provider, Encounter];
export const CHARTS_MIGRATIONS = [
  messagingTablesMigration('charts'),
  inboxRetentionIndexMigration('charts'),
  deadLettersMigration('charts'),
  ChartsTables1764000000100,
  PatientBlindIndexColumns1764000000120,
  PatientBlindIndexBackfill1764000000121,
  PatientBlindIndexConstraints1764000000122,
  EncounterCodesEncrypted1764000000150,
  EncounterSecondaryCoverage1764000000160,
];

/** The charts schema: its entities and migrations (also run by `npm run migrate`). */
export const CHARTS_DATABASE: ServiceDatabase = {
  schema: 'charts',
  entities: CHARTS_ENTITIES,
  migrations: CHARTS_MIGRATIONS,
};

/** charts: patients, payers and coverages, providers, encounters; emits charts.encounter.finalized. */
@Module({})
export class ChartsServiceModule {
  static register(): DynamicModule {
    return {
      module: ChartsServiceModule,
      imports: [
        ServiceDatabaseModule.forService(CHARTS_DATABASE),
        TypeOrmModule.forFeature(CHARTS_ENTITIES, 'charts'),
        ServiceMessagingModule.forService('charts'),
      ],
      controllers: [PatientsController, PayersController, ProvidersController, EncountersController],
      providers: [PatientsService, CoverageUpdates, PayersService, ProvidersService, EncountersService],
    };
  }
}
