import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  deadLettersMigration,
  inboxRetentionIndexMigration,
  messagingTablesMigration,
} from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { Claim } from './claim/claim.entity';
import { ClaimsController } from './claim/claims.controller';
import { ServiceLine } from './claim/service-line.entity';
import { ClaimBuilderService } from './intake/claim-builder.service';
import { CodedEncounterConsumer } from './intake/coded-encounter.consumer';
import { ClaimsTables1764000000300 } from './migrations/1764000000300-claims-tables';
import { ClaimEdits1764000000310 } from './migrations/1764000000310-claim-edits';
import { ClaimFingerprint1764000000330 } from './migrations/1764000000330-claim-fingerprint';
import { ClaimCodesEncrypted1764000000340 } from './migrations/1764000000340-claim-codes-encrypted';
import { ServiceLineCodesEncrypted1764000000350 } from './migrations/1764000000350-service-line-codes-encrypted';
import { ClaimEditRow } from './edits/claim-edit.entity';
import { ClaimScrubber } from './edits/claim-scrubber';
import { EditQueueController } from './edits/edit-queue.controller';
import { EditQueueService } from './edits/edit-queue.service';
import { PayerRuleSetVersion } from './edits/payer-rule-set.entity';
import { PartySnapshots1764000000320 } from './migrations/1764000000320-party-snapshots';
import { PartySnapshotRow } from './parties/party-snapshot.entity';
import { PartySnapshots } from './parties/party-snapshots';
import { PartyUpdatedConsumer } from './parties/party-updated.consumer';
import { ClaimStatusChange } from './lifecycle/claim-status-change.entity';
import { ClaimLifecycle1764000000360 } from './migrations/1764000000360-claim-lifecycle';
import { ClaimBatches1764000000370 } from './migrations/1764000000370-claim-batches';
import { Acknowledgments1764000000380 } from './migrations/1764000000380-acknowledgments';
import { ClaimAdjudication1764000000390 } from './migrations/1764000000390-claim-adjudication';
import { ClaimSubmissionSnapshot1764000000395 } from './migrations/1764000000395-claim-submission-snapshot';
import { LighterClaimMoves1764000000396 } from './migrations/1764000000396-lighter-claim-moves';
import { ClaimAdjudicatedConsumer } from './adjudication/claim-adjudicated.consumer';
import { ClaimAdjudicationService } from './adjudication/claim-adjudication.service';
import { SecondaryClaims } from './cob/secondary-claims';
import { ClaimAdjudicationRecord } from './adjudication/claim-adjudication.entity';
import { ClaimAdjudicationsController } from './adjudication/claim-adjudications.controller';
import { Acknowledgment } from './acknowledgments/acknowledgment.entity';
import { AcknowledgmentService } from './acknowledgments/acknowledgment.service';
import { AcknowledgmentsController } from './acknowledgments/acknowledgments.controller';
import { ClaimBatch, ClaimBatchClaim, DeliveryAttempt } from './submission/claim-batch.entity';
import { ClaimBatchService } from './submission/claim-batch.service';
import { ClaimBatchesController } from './submission/claim-batches.controller';
import { ClaimFilePart } from './submission/batch-file-parts';
import { PayerClaimFilesController } from './submission/payer-claim-files.controller';
import { PayerDelivery } from './submission/payer-delivery.entity';
import { PayerDeliveryController } from './submission/payer-delivery.controller';
import { PayerMailboxRounds } from './submission/mailbox/payer-mailbox-rounds';

const ENTITIES = [
  Claim,
  ServiceLine,
  ClaimEditRow,
  PayerRuleSetVersion,
  PartySnapshotRow,
  ClaimStatusChange,
  ClaimBatch,
  ClaimBatchClaim,
  DeliveryAttempt,
  ClaimFilePart,
  PayerDelivery,
  Acknowledgment,
  ClaimAdjudicationRecord,
];

/** The claims schema: its entities and migrations (also run by `npm run migrate`). */
export const CLAIMS_DATABASE: ServiceDatabase = {
  schema: 'claims',
  entities: ENTITIES,
  migrations: [
    messagingTablesMigration('claims'),
    inboxRetentionIndexMigration('claims'),
    deadLettersMigration('claims'),
    ClaimsTables1764000000300,
    ClaimEdits1764000000310,
    PartySnapshots1764000000320,
    ClaimFingerprint1764000000330,
    ClaimCodesEncrypted1764000000340,
    ServiceLineCodesEncrypted1764000000350,
    ClaimLifecycle1764000000360,
    ClaimBatches1764000000370,
    Acknowledgments1764000000380,
    ClaimAdjudication1764000000390,
    ClaimSubmissionSnapshot1764000000395,
    LighterClaimMoves1764000000396,
  ],
};

/** claims: builds, stores and scrubs claims from coded encounters (edit work queue); emits claims.claim.created. */
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
      controllers: [
        // /claims/edits, /claims/batches, /claims/adjudications … before ClaimsController's /claims/:id (Express matches in order).
        EditQueueController,
        ClaimBatchesController,
        PayerDeliveryController,
        PayerClaimFilesController,
        AcknowledgmentsController,
        ClaimAdjudicationsController,
        ClaimsController,
        CodedEncounterConsumer,
        PartyUpdatedConsumer,
        ClaimAdjudicatedConsumer,
      ],
      providers: [
        ClaimScrubber,
        ClaimBuilderService,
        EditQueueService,
        PartySnapshots,
        ClaimBatchService,
        AcknowledgmentService,
        PayerMailboxRounds,
        ClaimAdjudicationService,
        SecondaryClaims,
      ],
    };
  }
}
