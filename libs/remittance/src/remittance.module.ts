import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  deadLettersMigration,
  inboxRetentionIndexMigration,
  messagingTablesMigration,
} from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { ClaimCreatedConsumer } from './ledger/claim-created.consumer';
import { ClaimLedgerEntry } from './ledger/ledger-entry.entity';
import { LedgerController } from './ledger/ledger.controller';
import { ClaimCorrectedConsumer } from './ledger/claim-corrected.consumer';
import { RemittanceTables1764000000400 } from './migrations/1764000000400-remittance-tables';
import { LedgerFollowsCorrections1764000000410 } from './migrations/1764000000410-ledger-follows-corrections';
import { RemittanceAdvices1764000000420 } from './migrations/1764000000420-remittance-advices';
import { Deposits1764000000450 } from './migrations/1764000000450-deposits';
import { FeeSchedules1764000000460 } from './migrations/1764000000460-fee-schedules';
import { FeeScheduleService } from './fee-schedules/fee-schedule.service';
import { FeeSchedulesController } from './fee-schedules/fee-schedules.controller';
import { BankFile, Deposit } from './deposits/deposit.entity';
import { DepositService } from './deposits/deposit.service';
import { DepositsController } from './deposits/deposits.controller';
import { ReconciliationController } from './deposits/reconciliation/reconciliation.controller';
import { RemittancePosting1764000000430 } from './migrations/1764000000430-remittance-posting';
import { AdvicesController } from './advices/advices.controller';
import { RemittanceIntakeService } from './advices/remittance-intake.service';
import { ClaimAccountsController } from './claims/claim-accounts.controller';
import { ReviewResolutionService } from './unmatched/review-resolution.service';
import { UnmatchedController } from './unmatched/unmatched.controller';
import { REMITTANCE_PHI_ENTITIES } from './phi/remittance-phi.entities';
import { DenialsController } from './denials/work-queue/denials.controller';
import { ReportsController } from './reports/reports.controller';
import { DenialResolutions1764000000440 } from './migrations/1764000000440-denial-resolutions';
import { EraMailboxes1764000000470 } from './migrations/1764000000470-era-mailboxes';
import { AdviceClaimsInOrder1764000000480 } from './migrations/1764000000480-advice-claims-in-order';
import { FileFirstAdvice1764000000490 } from './migrations/1764000000490-file-first-advice';
import { LedgerKnowsThePrimaryClaim1764000000495 } from './migrations/1764000000495-ledger-knows-the-primary-claim';
import { PostingsWithoutForeignKeyChecks1764000000496 } from './migrations/1764000000496-postings-without-foreign-key-checks';
import { PostedLineServicesSealedOnce1764000000497 } from './migrations/1764000000497-posted-line-services-sealed-once';
import { BilledLineServicesSealedOnce1764000000498 } from './migrations/1764000000498-billed-line-services-sealed-once';
import { AdviceClaimsInSegmentOrder1764000000499 } from './migrations/1764000000499-advice-claims-in-segment-order';
import { EraMailbox } from './era-mailbox/era-mailbox.entity';
import { EraMailboxController } from './era-mailbox/era-mailbox.controller';
import { EraMailboxRounds } from './era-mailbox/era-mailbox-rounds';

/** The remittance schema: its entities and migrations (also run by `npm run migrate`). */
export const REMITTANCE_DATABASE: ServiceDatabase = {
  schema: 'remittance',
  entities: [ClaimLedgerEntry, BankFile, Deposit, EraMailbox, ...REMITTANCE_PHI_ENTITIES],
  migrations: [
    messagingTablesMigration('remittance'),
    inboxRetentionIndexMigration('remittance'),
    deadLettersMigration('remittance'),
    RemittanceTables1764000000400,
    LedgerFollowsCorrections1764000000410,
    RemittanceAdvices1764000000420,
    RemittancePosting1764000000430,
    DenialResolutions1764000000440,
    Deposits1764000000450,
    FeeSchedules1764000000460,
    EraMailboxes1764000000470,
    AdviceClaimsInOrder1764000000480,
    FileFirstAdvice1764000000490,
    LedgerKnowsThePrimaryClaim1764000000495,
    PostingsWithoutForeignKeyChecks1764000000496,
    PostedLineServicesSealedOnce1764000000497,
    BilledLineServicesSealedOnce1764000000498,
    AdviceClaimsInSegmentOrder1764000000499,
  ],
};

/** remittance: the ledger of billed claims, 835 intake and posting, the review queue. */
@Module({})
export class RemittanceServiceModule {
  static register(): DynamicModule {
    return {
      module: RemittanceServiceModule,
      imports: [
        ServiceDatabaseModule.forService(REMITTANCE_DATABASE),
        TypeOrmModule.forFeature([ClaimLedgerEntry], 'remittance'),
        ServiceMessagingModule.forService('remittance'),
      ],
      controllers: [
        LedgerController,
        ClaimCreatedConsumer,
        ClaimCorrectedConsumer,
        DepositsController,
        ReconciliationController,
        FeeSchedulesController,
        AdvicesController,
        ClaimAccountsController,
        UnmatchedController,
        DenialsController,
        ReportsController,
        EraMailboxController,
      ],
      providers: [
        DepositService,
        FeeScheduleService,
        RemittanceIntakeService,
        ReviewResolutionService,
        EraMailboxRounds,
      ],
    };
  }
}
