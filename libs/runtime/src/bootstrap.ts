import {
  DynamicModule,
  INestApplication,
  Injectable,
  Logger as NestLogger,
  OnApplicationShutdown,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { CustomTransportStrategy, MicroserviceOptions, Server, ServerKafka } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { SwaggerModule } from '@nestjs/swagger';
import { ALL_TOPICS, deadLetterTopic } from '@revcycle/contracts';
import {
  BatchingKafkaTransport,
  ConsumerGroupStatus,
  EventPublisher,
  InProcessBus,
  InProcessTransport,
  KafkaEventPublisher,
  NO_CONSUMER_GROUP,
  kafkaClientConfig,
} from '@revcycle/messaging';
import { startEmbeddedPostgres } from '@revcycle/persistence';
import { configureBlindIndex, configurePhiEncryption } from '@revcycle/security';
import { Logger } from 'nestjs-pino';
import { AddressInfo } from 'node:net';
import { Environment, readEnvironment } from './config/environment';
import { localSecrets } from './config/local-secrets';
import { tokenVerifier } from './config/token-verifier';
import { acceptWellFormedRequests } from './http/json-body';
import { openApiDocument } from './http/openapi';
import { servePortal } from './http/portal-files';
import { secureResponses } from './http/security-headers';
import { blindIndexKeyOf, phiKeyringOf } from './config/phi-keyring';
import { validationPipe } from './http/validation';
import { RuntimeModule } from './runtime.module';

export interface ServiceAppSpec {
  /** Service name: Kafka consumer group `revcycle-<name>`, client id, docs title. */
  name: string;
  description: string;
  defaultPort: number;
  /** The app's root module, given the process-wide runtime module to import. */
  rootModule: (runtime: DynamicModule) => DynamicModule;
  /** The platform may start an embedded PostgreSQL, use the in-process transport and generate local secrets. */
  embeddedDefaults?: boolean;
  /** Serve the built portal (PORTAL_DIR) at `/`: the platform, the one origin of the embedded default. */
  servesPortal?: boolean;
}

export interface RunningService {
  app: INestApplication;
  /** Where a client on this machine reaches it (127.0.0.1 / ::1 when bound to every interface). */
  url: string;
  /** The address actually bound, e.g. http://0.0.0.0:3000. */
  boundUrl: string;
  env: Environment;
  publisher: EventPublisher;
}

/** Closes what the process opened besides Nest itself, after Nest has stopped (graceful shutdown). */
@Injectable()
class ProcessResources implements OnApplicationShutdown {
  constructor(private readonly closers: Array<() => Promise<void>>) {}
  async onApplicationShutdown(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close().catch(() => undefined);
  }
}

/**
 * Boots one revcycle service (or the platform): validated config, database (embedded when allowed),
 * transport (Kafka when KAFKA_BROKERS is set — REVCYCLE_KAFKA_TRANSPORT batching or stock — else
 * in-process), REST with validation and docs at
 * /docs, event consumers, graceful shutdown. Prints where it listens.
 */
export async function bootstrapService(
  spec: ServiceAppSpec,
  source: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const env = readEnvironment(source, { port: spec.defaultPort, kafkaClientId: `revcycle-${spec.name}` });
  const closers: Array<() => Promise<void>> = [];

  let databaseUrl = env.databaseUrl;
  if (!databaseUrl) {
    if (!spec.embeddedDefaults) throw new Error(`${spec.name}: DATABASE_URL is required`);
    const embedded = await startEmbeddedPostgres(env.dataDir);
    closers.push(() => embedded.stop());
    databaseUrl = embedded.url;
  }
  const secrets = spec.embeddedDefaults ? localSecrets(env) : env;
  const verifier = tokenVerifier(spec.name, env, secrets, spec.embeddedDefaults === true);
  const keyring = phiKeyringOf(env, secrets.phiEncryptionKey);
  if (!keyring) throw new Error(`${spec.name}: PHI_ENCRYPTION_KEY (or PHI_ENCRYPTION_KEYS) is required`);
  configurePhiEncryption(keyring);
  configureBlindIndex(blindIndexKeyOf(env, secrets.phiEncryptionKey));

  let publisher: EventPublisher;
  let bus: InProcessBus | undefined;
  const warnings: string[] = [];
  if (env.kafkaBrokers) {
    const kafka = new KafkaEventPublisher(
      { brokers: env.kafkaBrokers, clientId: env.kafkaClientId, ssl: env.kafkaSsl, sasl: env.kafkaSasl },
      { lanes: env.outboxInFlight },
    );
    const fewer = await kafka.ensureTopics([...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopic)], {
      numPartitions: env.kafkaTopicPartitions,
      replicationFactor: env.kafkaReplicationFactor,
    });
    for (const { topic, partitions } of fewer)
      warnings.push(
        `topic ${topic} has ${partitions} partitions, KAFKA_TOPIC_PARTITIONS asks ${env.kafkaTopicPartitions}: left as is (adding partitions moves keys; kafka-topics.sh --alter once it is drained)`,
      );
    publisher = kafka;
  } else {
    if (!spec.embeddedDefaults) throw new Error(`${spec.name}: KAFKA_BROKERS is required`);
    publisher = bus = new InProcessBus();
  }
  closers.push(() => publisher.close());

  const consumerLog = new NestLogger('KafkaConsumer');
  const batching =
    env.kafkaBrokers && env.kafkaTransport === 'batching'
      ? new BatchingKafkaTransport({
          connection: kafkaConnection(env),
          groupId: `revcycle-${spec.name}`,
          partitionsConsumedConcurrently: env.kafkaConsumerConcurrency,
          maxMessagesPerTransaction: env.kafkaBatchMaxMessages,
          sessionTimeoutMs: env.kafkaSessionTimeoutMs,
          heartbeatIntervalMs: env.kafkaHeartbeatIntervalMs,
          rebalanceTimeoutMs: env.kafkaRebalanceTimeoutMs,
          fetchMinBytes: env.kafkaFetchMinBytes,
          fetchMaxWaitMs: env.kafkaFetchMaxWaitMs,
          commitIntervalMs: env.kafkaCommitIntervalMs,
          log: (level, message, fields) =>
            consumerLog[level === 'info' ? 'log' : level]({ ...fields, msg: message }),
        })
      : undefined;
  const consumers: ConsumerGroupStatus = batching ?? NO_CONSUMER_GROUP;

  // The transport whose @EventPattern handlers consume here: a dead letter is replayed through them.
  const transport: TopicServer =
    bus || !env.kafkaBrokers
      ? new InProcessTransport(bus ?? new InProcessBus())
      : (batching ??
        new ServerKafka({
          client: kafkaClientConfig(kafkaConnection(env)),
          consumer: { groupId: `revcycle-${spec.name}`, allowAutoTopicCreation: true },
          subscribe: { fromBeginning: true },
          // One message at a time per partition keeps each aggregate's order; partitions run side by side.
          run: { partitionsConsumedConcurrently: 3 },
          postfixId: '',
        }));

  const runtime = RuntimeModule.forRoot({
    env,
    databaseUrl,
    publisher,
    consumers,
    tokenVerifier: verifier,
    auditHmacKey: secrets.auditHmacKey,
    topicHandlers: (topic, raw) => handleWith(transport, topic, raw),
  });
  const root = spec.rootModule(runtime);
  root.providers = [
    ...(root.providers ?? []),
    { provide: ProcessResources, useValue: new ProcessResources(closers) },
  ];
  const app = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true, bodyParser: false });
  secureResponses(app);
  acceptWellFormedRequests(app, env.httpBodyLimitBytes);
  app.useLogger(app.get(Logger));
  if (spec.servesPortal && !servePortal(app, env.portal.dir))
    app.get(Logger).warn(`no portal build in ${env.portal.dir} (npm run build:portal): serving the API only`);
  for (const warning of warnings) app.get(Logger).warn(warning);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => openApiDocument(app, `revcycle ${spec.name}`, spec.description));

  app.connectMicroservice<MicroserviceOptions>({ strategy: transport });
  // Node closes a request whose body is still arriving after requestTimeout (default 5 minutes);
  // a streamed 835 of hundreds of megabytes is posted while it arrives and takes longer. Headers
  // still must arrive within headersTimeout (60 s), so a slow client cannot hold a socket unseen.
  app.getHttpServer().requestTimeout = STREAMED_BODY_TIMEOUT_MS;
  // Listen first: a restarted instance answers at once (/health: consumers "joining") while its
  // consumers join the group, which waits for a killed predecessor's session to expire.
  await app.listen(env.port, env.host);
  try {
    await app.startAllMicroservices();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: httpUrl(reachableHost(address), port),
    boundUrl: httpUrl(address, port),
    env,
    publisher,
  };
}

/** One message through the transport's handler of its topic, as the transport itself would hand it. */
type TopicServer = Pick<Server, 'getHandlerByPattern'> & CustomTransportStrategy;

async function handleWith(transport: TopicServer, topic: string, raw: unknown): Promise<void> {
  const handler = transport.getHandlerByPattern(topic);
  if (!handler) throw new Error(`no consumer in this process handles ${topic}`);
  const result = await handler(raw, { topic, replay: true });
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

const kafkaConnection = (env: Environment) => ({
  brokers: env.kafkaBrokers ?? [],
  clientId: env.kafkaClientId,
  ssl: env.kafkaSsl,
  sasl: env.kafkaSasl,
});

const httpUrl = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
/** Every interface (0.0.0.0, ::) is reachable from this machine on loopback. */
const reachableHost = (bound: string) => (bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '::1' : bound);

/** The longest a request may take to arrive whole: a 1 GB 835 streamed at posting speed. */
export const STREAMED_BODY_TIMEOUT_MS = 60 * 60 * 1000;

/** What a service prints once it listens: the bound address, and where to reach it when that is every interface. */
export function listeningMessage(
  name: string,
  running: Pick<RunningService, 'url' | 'boundUrl' | 'env'>,
): string {
  const { url, boundUrl, env } = running;
  const transport = env.kafkaBrokers ? `Kafka ${env.kafkaBrokers.join(',')}` : 'in-process transport';
  const reach = url === boundUrl ? '' : `all interfaces; from this machine ${url}, `;
  return `revcycle ${name} listening on ${boundUrl} (${reach}docs ${url}/docs, ${transport})`;
}

/** A service's main(): boot, print where it listens, exit 1 with the reason when it cannot start. */
export async function runService(spec: ServiceAppSpec): Promise<void> {
  try {
    process.stdout.write(`${listeningMessage(spec.name, await bootstrapService(spec))}\n`);
  } catch (err) {
    process.stderr.write(`revcycle ${spec.name} failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
