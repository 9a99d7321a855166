import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  deadLettersMigration,
  inboxRetentionIndexMigration,
  messagingTablesMigration,
} from '@revcycle/messaging';
import {
  AUDIT_HMAC_KEY,
  ENVIRONMENT,
  Environment,
  ServiceDatabase,
  ServiceDatabaseModule,
  ServiceMessagingModule,
} from '@revcycle/runtime';
import { AuditChainKey } from './audit-log/audit-chain';
import { FileCheckpointSink } from './audit-log/audit-checkpoint';
import { AuditCheckpoints } from './audit-log/audit-checkpoints';
import { AuditEntry } from './audit-log/audit-entry.entity';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogService, CHECKPOINT_SINK } from './audit-log/audit-log.service';
import { AuditRecordedConsumer } from './audit-log/audit-recorded.consumer';
import { ComplianceTables1764000000500 } from './migrations/1764000000500-compliance-tables';
import { AuditChainEpoch1764000000510 } from './migrations/1764000000510-audit-chain-epoch';
import { UserAccounts1764000000520 } from './migrations/1764000000520-user-accounts';
import { AuditChainSegments1764000000530 } from './migrations/1764000000530-audit-chain-segments';
import { IdentityController } from './identity/identity.controller';
import { FirstAdministrator, IdentityService } from './identity/identity.service';

/** The compliance schema: its entities and migrations (also run by `npm run migrate`). */
export const COMPLIANCE_DATABASE: ServiceDatabase = {
  schema: 'compliance',
  entities: [AuditEntry],
  migrations: [
    messagingTablesMigration('compliance'),
    inboxRetentionIndexMigration('compliance'),
    deadLettersMigration('compliance'),
    ComplianceTables1764000000500,
    AuditChainEpoch1764000000510,
    UserAccounts1764000000520,
    AuditChainSegments1764000000530,
  ],
};

/** compliance: the append-only, hash-chained audit log of PHI access from every service, and the portal's user accounts. */
@Module({})
export class ComplianceServiceModule {
  /**
   * `createFirstAdmin`: the process a deployment is started from (`npm start`, the compliance
   * service's main) makes the first administrator of an empty account table; tests and embedding
   * apps do not, so their audit chains hold only what they wrote.
   */
  static register(options: { createFirstAdmin?: boolean } = {}): DynamicModule {
    return {
      module: ComplianceServiceModule,
      imports: [
        ServiceDatabaseModule.forService(COMPLIANCE_DATABASE),
        TypeOrmModule.forFeature([AuditEntry], 'compliance'),
        ServiceMessagingModule.forService('compliance'),
      ],
      controllers: [AuditLogController, AuditRecordedConsumer, IdentityController],
      providers: [
        {
          provide: AuditChainKey,
          inject: [AUDIT_HMAC_KEY],
          useFactory: (key: string | null) => {
            if (!key) throw new Error('compliance: AUDIT_HMAC_KEY is required (openssl rand -base64 32)');
            return AuditChainKey.fromBase64(key);
          },
        },
        {
          provide: CHECKPOINT_SINK,
          inject: [ENVIRONMENT, AuditChainKey],
          useFactory: (env: Environment, key: AuditChainKey) =>
            new FileCheckpointSink(env.auditAnchorDir, key),
        },
        AuditLogService,
        AuditCheckpoints,
        IdentityService,
        ...(options.createFirstAdmin ? [FirstAdministrator] : []),
      ],
    };
  }
}
