import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { messagingTablesMigration } from '@revcycle/messaging';
import { ServiceDatabase, ServiceDatabaseModule, ServiceMessagingModule } from '@revcycle/runtime';
import { AuditEntry } from './audit-log/audit-entry.entity';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogService } from './audit-log/audit-log.service';
import { AuditRecordedConsumer } from './audit-log/audit-recorded.consumer';
import { ComplianceTables1764000000500 } from './migrations/1764000000500-compliance-tables';

/** The compliance schema: its entities and migrations (also run by `npm run migrate`). */
export const COMPLIANCE_DATABASE: ServiceDatabase = {
  schema: 'compliance',
  entities: [AuditEntry],
  migrations: [messagingTablesMigration('compliance'), ComplianceTables1764000000500],
};

/** compliance: the append-only, hash-chained audit log of PHI access from every service. */
@Module({})
export class ComplianceServiceModule {
  static register(): DynamicModule {
    return {
      module: ComplianceServiceModule,
      imports: [
        ServiceDatabaseModule.forService(COMPLIANCE_DATABASE),
        TypeOrmModule.forFeature([AuditEntry], 'compliance'),
        ServiceMessagingModule.forService('compliance'),
      ],
      controllers: [AuditLogController, AuditRecordedConsumer],
      providers: [AuditLogService],
    };
  }
}
