import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  DeadLetters,
  EVENT_PUBLISHER,
  EventConsumer,
  EventPublisher,
  MessagingRetention,
  Outbox,
  OutboxRelay,
  TopicHandlerInvoker,
} from '@revcycle/messaging';
import { ServiceSchema } from '@revcycle/persistence';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { PhiAuditInterceptor } from '../audit/phi-audit.interceptor';
import { DataSourceRegistry } from '../database/service-database.module';
import { DeadLetterDesk, TOPIC_HANDLERS } from '../dead-letters/dead-letter-desk';
import { ENVIRONMENT } from '../tokens';
import { Environment } from '../config/environment';

const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');

@Injectable()
class ModuleDataSource {
  constructor(readonly dataSource: DataSource) {}
}

/**
 * Starts the service's outbox relay with the app and drains it on shutdown; beside it, the pruning
 * of published outbox rows and old inbox rows (OUTBOX_/INBOX_RETENTION_MINUTES).
 */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay?: OutboxRelay;
  private retention?: MessagingRetention;

  constructor(
    @Inject(SERVICE_SCHEMA) private readonly schema: ServiceSchema,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(ENVIRONMENT) private readonly env: Environment,
    private readonly registry: DataSourceRegistry,
    private readonly moduleRef: ModuleDataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.byService.set(this.schema, this.moduleRef.dataSource);
    this.relay = new OutboxRelay(this.moduleRef.dataSource, this.outbox, this.publisher, {
      pollMs: this.env.outboxPollMs,
      batchSize: this.env.outboxBatchSize,
      inFlight: this.env.outboxInFlight,
      quarantineAfter: this.env.outboxQuarantineAfter,
      log: (level, message, fields) =>
        this.logger[level === 'info' ? 'log' : level]({ ...fields, msg: message }),
    });
    this.relay.start();
    this.retention = new MessagingRetention(this.moduleRef.dataSource, this.schema, {
      outboxRetentionMinutes: this.env.outboxRetentionMinutes,
      inboxRetentionMinutes: this.env.inboxRetentionMinutes,
      resolvedDeadLetterRetentionMinutes: this.env.deadLetterRetentionMinutes,
      log: (level, message, fields) =>
        this.logger[level === 'info' ? 'log' : level]({ ...fields, msg: message }),
    });
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.retention?.stop();
    await this.relay?.stop();
  }
}

/**
 * A service's messaging: its outbox, the relay that empties it, the inbox-backed consumer and the
 * PHI audit trail, all bound to the service's own schema and named DataSource.
 */
@Module({})
export class ServiceMessagingModule {
  static forService(schema: ServiceSchema): DynamicModule {
    const providers: Provider[] = [
      { provide: SERVICE_SCHEMA, useValue: schema },
      { provide: Outbox, useFactory: () => new Outbox(schema) },
      {
        provide: ModuleDataSource,
        inject: [getDataSourceToken(schema)],
        useFactory: (ds: DataSource) => new ModuleDataSource(ds),
      },
      {
        provide: EventConsumer,
        inject: [getDataSourceToken(schema), Outbox],
        useFactory: (ds: DataSource, outbox: Outbox) => {
          const logger = new Logger(`EventConsumer:${schema}`);
          return new EventConsumer(ds, outbox, undefined, (level, message, fields) =>
            logger[level === 'info' ? 'log' : level]({ ...fields, msg: message }),
          );
        },
      },
      {
        provide: AuditTrail,
        inject: [getDataSourceToken(schema), Outbox],
        useFactory: (ds: DataSource, outbox: Outbox) => new AuditTrail(schema, ds, outbox),
      },
      {
        // The service's dead letters, on the admin API's desk (GET /admin/dead-letters, replay, discard).
        provide: DeadLetters,
        inject: [getDataSourceToken(schema), Outbox, TOPIC_HANDLERS, DeadLetterDesk, AuditTrail],
        useFactory: (
          ds: DataSource,
          outbox: Outbox,
          handlers: TopicHandlerInvoker,
          desk: DeadLetterDesk,
          trail: AuditTrail,
        ) => {
          const letters = new DeadLetters(ds, outbox, handlers);
          desk.register(schema, { letters, trail });
          return letters;
        },
      },
      PhiAuditInterceptor,
      RelayLifecycle,
    ];
    return {
      module: ServiceMessagingModule,
      providers,
      exports: [Outbox, EventConsumer, AuditTrail, PhiAuditInterceptor, DeadLetters],
    };
  }
}
