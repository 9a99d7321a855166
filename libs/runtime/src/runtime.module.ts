import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import {
  CONSUMER_GROUP_STATUS,
  ConsumerGroupStatus,
  EVENT_PUBLISHER,
  EventPublisher,
  NO_CONSUMER_GROUP,
  TopicHandlerInvoker,
} from '@revcycle/messaging';
import {
  ACCESS_TOKEN_VERIFIER,
  AccessGuard,
  AccessTokenVerifier,
  REFUSED_ACCESS_SINK,
  RemoteSessionAuthenticator,
  SessionGate,
} from '@revcycle/security';
import { RefusedRequestAudit } from './audit/refused-request-audit';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Environment } from './config/environment';
import { DataSourceRegistryModule } from './database/service-database.module';
import { DeadLetterDesk, NO_TOPIC_HANDLERS, TOPIC_HANDLERS } from './dead-letters/dead-letter-desk';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { AUDIT_HMAC_KEY, DATABASE_URL, ENVIRONMENT } from './tokens';

export interface RuntimeOptions {
  env: Environment;
  databaseUrl: string;
  publisher: EventPublisher;
  /** Whether the process's consumers have their partitions (for /health); assigned when omitted. */
  consumers?: ConsumerGroupStatus;
  tokenVerifier: AccessTokenVerifier;
  auditHmacKey?: string;
  /** The process's @EventPattern handlers by topic, for dead-letter replays (bootstrapService binds them). */
  topicHandlers?: TopicHandlerInvoker;
}

/**
 * The access guard's gate for portal session cookies. A distributed service with a session
 * authority asks compliance; compliance (and the platform, which runs it) plugs its own
 * authenticator in at start-up, replacing this one.
 */
function sessionGateOf(env: Environment): SessionGate {
  const gate = new SessionGate();
  const authority = env.portal.sessionAuthorityUrl;
  if (authority) gate.use(new RemoteSessionAuthenticator(authority));
  return gate;
}

/**
 * Process-wide providers every service module relies on: config, database URL, transport, auth,
 * logs, health, and the dead-letter admin API (once per process, over every service's schema).
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [
        DataSourceRegistryModule,
        TerminusModule,
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.env.logLevel,
            // No PHI in logs: no bodies are logged, and credentials are redacted.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/health' },
            // Unique across processes and restarts: audit entries of one request share it (attempted, outcome).
            genReqId: (_req, res) => {
              const id = randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url.split('?')[0],
              }),
            },
          },
        }),
      ],
      controllers: [HealthController, DeadLettersController],
      providers: [
        { provide: ENVIRONMENT, useValue: options.env },
        { provide: DATABASE_URL, useValue: options.databaseUrl },
        { provide: EVENT_PUBLISHER, useValue: options.publisher },
        { provide: CONSUMER_GROUP_STATUS, useValue: options.consumers ?? NO_CONSUMER_GROUP },
        { provide: ACCESS_TOKEN_VERIFIER, useValue: options.tokenVerifier },
        { provide: AUDIT_HMAC_KEY, useValue: options.auditHmacKey ?? null },
        { provide: SessionGate, useValue: sessionGateOf(options.env) },
        DeadLetterDesk,
        { provide: TOPIC_HANDLERS, useValue: options.topicHandlers ?? NO_TOPIC_HANDLERS },
        RefusedRequestAudit,
        { provide: REFUSED_ACCESS_SINK, useExisting: RefusedRequestAudit },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [
        ENVIRONMENT,
        DATABASE_URL,
        EVENT_PUBLISHER,
        ACCESS_TOKEN_VERIFIER,
        AUDIT_HMAC_KEY,
        SessionGate,
        DeadLetterDesk,
        TOPIC_HANDLERS,
      ],
    };
  }
}
