import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { messagingTablesMigration } from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { Claim } from './claim/claim.entity';
import { ClaimsController } from './claim/claims.controller';
import { ServiceLine } from './claim/service-line.entity';
import { ClaimBuilderService } from './intake/claim-builder.service';
import { CodedEncounterConsumer } from './intake/coded-encounter.consumer';
import { ClaimsTables1764000000300 } from './migrations/1764000000300-claims-tables';

const ENTITIES = [Claim, ServiceLine];

/** The claims schema: its entities and migrations (also run by `npm run migrate`). */
export const CLAIMS_DATABASE: ServiceDatabase = { schema: 'claims', entities: ENTITIES, migrations: [messagingTablesMigration('claims'), ClaimsTables1764000000300] };

/** claims: builds and stores claims from coded encounters; emits claims.claim.created. */
@Module({})
export class ClaimsServiceModule {
  static register(): DynamicModule {
    return {
      module: ClaimsServiceModule,
      imports: [
        ServiceDatabaseModule.forService(CLAIMS_DATABASE),
        TypeOrmModule.forFeature(ENTITIES, 'claims'),
        ServiceMessagingModule.forService('claims'),
      ],
      controllers: [ClaimsController, CodedEncounterConsumer],
      providers: [ClaimBuilderService],
    };
  }
}
