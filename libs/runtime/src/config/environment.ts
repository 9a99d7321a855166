import { TokenKeyError, privateTokenKey, publicTokenKey, verificationKeyOf } from '@revcycle/security';
import { publishedExampleProblems } from './published-examples';

/**
 * The environment every revcycle service reads, validated once at boot (fail fast with every
 * problem listed). Nothing else in the code reads process.env.
 */
export interface Environment {
  /** HTTP port. */
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** postgres://… ; unset means: start an embedded PostgreSQL (platform only). */
  databaseUrl?: string;
  /** The login that creates roles and runs migrations (owner of revcycle_owner); databaseUrl when unset. */
  migrationDatabaseUrl?: string;
  /** Directory for embedded PostgreSQL data and generated local secrets. */
  dataDir: string;
  /** Comma-separated host:port list; unset means the in-process transport (platform only). */
  kafkaBrokers?: string[];
  kafkaClientId: string;
  kafkaSsl: boolean;
  kafkaSasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** The consumers' Kafka transport: `batching` (BatchingKafkaTransport) or Nest's `stock` server. */
  kafkaTransport: 'batching' | 'stock';
  /** Partitions of the topics a service creates, and their replication factor (-1: the broker's default). */
  kafkaTopicPartitions: number;
  kafkaReplicationFactor: number;
  /** Partitions one process consumes side by side (batching transport). */
  kafkaConsumerConcurrency: number;
  /** Most messages consumed in one database transaction (batching transport). */
  kafkaBatchMaxMessages: number;
  /** The group drops a consumer it has not heard from in this long (ms): how soon a killed one's partitions move. */
  kafkaSessionTimeoutMs: number;
  /** Most ms between a consumer's heartbeats (and its longest idle fetch): how soon it notices a rebalance. */
  kafkaHeartbeatIntervalMs: number;
  /** How long the group waits for its live members to rejoin during a rebalance (ms). */
  kafkaRebalanceTimeoutMs: number;
  /**
   * A fetch is answered once this many bytes wait, or after kafkaHeartbeatIntervalMs: more than 1
   * lets events gather into fewer, larger batches (one transaction, one offset commit each).
   */
  kafkaFetchMinBytes: number;
  /** The longest a fetch waits for kafkaFetchMinBytes (ms; at most kafkaHeartbeatIntervalMs). */
  kafkaFetchMaxWaitMs: number;
  /** Resolved offsets committed at most this often (ms); 0: after every batch. */
  kafkaCommitIntervalMs: number;
  /** HS256 secret for bearer tokens (≥ 32 chars): the symmetric alternative to the key pair. */
  authJwtSecret?: string;
  /** Ed25519 / P-256 public key (PEM or base64 DER) every service verifies bearer tokens with. */
  authJwtPublicKey?: string;
  /** Its private key: only the token issuer (the CLI, the embedded platform) holds it. */
  authJwtPrivateKey?: string;
  /** `iss` and `aud` a token must carry, and its longest accepted lifetime (exp − iat). */
  authJwtIssuer: string;
  authJwtAudience: string;
  authJwtMaxLifetimeSeconds: number;
  /** base64 of 32 bytes: AES-256-GCM key for PHI columns and event payloads (key id `default`). */
  phiEncryptionKey?: string;
  /** PHI_ENCRYPTION_KEYS: the keyring (`id:base64,…`), for rotation; may be empty. */
  phiEncryptionKeys: Array<{ id: string; keyBase64: string }>;
  /** The key new values are sealed under (PHI_ENCRYPTION_KEY_ID; default `default`, or the only key). */
  phiEncryptionKeyId?: string;
  /** Published outbox rows are deleted this many minutes after publication. */
  outboxRetentionMinutes: number;
  /** Inbox rows (consumed event ids) are deleted this many minutes after processing. */
  inboxRetentionMinutes: number;
  /** Dead letters replayed or discarded are deleted this many minutes after their resolution. */
  deadLetterRetentionMinutes: number;
  /** Outbox relay poll interval (ms). */
  outboxPollMs: number;
  /** Rows per relay batch, batches in flight at once, failed sends before a row is quarantined. */
  outboxBatchSize: number;
  outboxInFlight: number;
  outboxQuarantineAfter: number;
  /** Largest JSON request body accepted (bytes); larger ones get a 413. */
  httpBodyLimitBytes: number;
  /** base64 of ≥ 32 bytes: HMAC key of the audit chain and its checkpoints, kept out of the database. */
  auditHmacKey?: string;
  /** Where compliance appends signed checkpoints of the audit chain head. */
  auditAnchorDir: string;
  auditAnchorIntervalMs: number;
  /** Who we are in the 837s we send: ISA05/06, GS02, 1000A submitter and its PER contact. */
  submitter: { qualifier: string; id: string; name: string; contactName: string; contactEmail: string };
  /** ISA15 of the files we write: T test, P production. */
  x12Usage: 'T' | 'P';
  /** How often claims delivers due SFTP batches and picks up acknowledgments (seconds; 0 = never). */
  payerMailboxPollSeconds: number;
  /** Wait after a failed SFTP delivery round before the next one (seconds), doubled per failure, at most 1 h. */
  payerMailboxRetrySeconds: number;
  /** How often remittance picks up 835 files from the ERA mailboxes (seconds; 0 = never). */
  eraMailboxPollSeconds: number;
  /** The portal's sign-in: sessions, lockout, second factor (compliance owns the accounts). */
  portal: PortalSettings;
}

export interface PortalSettings {
  /** Built portal files served at `/` (platform); missing directory = no portal, API only. */
  dir: string;
  /** HIPAA §164.312(a)(2)(iii) automatic logoff: a session unused this long is over. */
  sessionIdleMinutes: number;
  /** The longest a session lasts however busy, in hours. */
  sessionMaxHours: number;
  /** Mark the cookies Secure (behind TLS); off for plain-HTTP local use. */
  cookieSecure: boolean;
  /** Failed sign-ins in a row that lock an account, and for how long. */
  lockoutFailures: number;
  lockoutMinutes: number;
  /** Issuer shown in authenticator apps for the TOTP second factor. */
  totpIssuer: string;
  /** The origins (scheme://host:port) allowed to send unsafe requests besides the request's own host. */
  allowedOrigins: string[];
  /**
   * A distributed service's session authority (compliance's base URL): a portal session cookie is
   * checked there. Unset in compliance and the platform, which own the sessions.
   */
  sessionAuthorityUrl?: string;
}

/** Names of every variable read, with a one-line meaning: the README, compose and k8s use these. */
export const ENVIRONMENT_VARIABLES: Record<string, string> = {
  PORT: 'HTTP port (platform 3000; charts 3001, coding 3002, claims 3003, remittance 3004, compliance 3005)',
  HOST: 'bind address (default 127.0.0.1; 0.0.0.0 in a container)',
  LOG_LEVEL: 'fatal|error|warn|info|debug|trace|silent (default info)',
  DATABASE_URL:
    'postgres://user:pass@host:5432/db; unset = embedded PostgreSQL under DATA_DIR (platform only)',
  MIGRATION_DATABASE_URL:
    'postgres://… of the login that creates the roles and runs the migrations (a member of revcycle_owner); unset = DATABASE_URL does both',
  DATA_DIR: 'embedded PostgreSQL data and generated local secrets (default .data)',
  KAFKA_BROKERS: 'comma-separated host:port; unset = in-process transport (platform only)',
  KAFKA_CLIENT_ID: 'Kafka client id (default revcycle-<service>)',
  KAFKA_SSL: 'true to use TLS to the brokers (default false)',
  KAFKA_SASL_MECHANISM: 'plain|scram-sha-256|scram-sha-512 (unset = no SASL)',
  KAFKA_SASL_USERNAME: 'SASL user',
  KAFKA_SASL_PASSWORD: 'SASL password',
  REVCYCLE_KAFKA_TRANSPORT:
    "batching (default: partition batches, one database transaction each, offsets committed after it) or stock (Nest's Kafka server, one message per partition at a time)",
  KAFKA_TOPIC_PARTITIONS:
    'partitions of each topic a service creates (default 12): consumer instances of one service beyond this number stay idle; existing topics keep theirs',
  KAFKA_REPLICATION_FACTOR:
    "replication factor of the topics a service creates (default: the broker's default.replication.factor)",
  KAFKA_CONSUMER_CONCURRENCY:
    'partitions one process consumes side by side, each holding a pooled database connection while it runs (default 4)',
  KAFKA_BATCH_MAX_MESSAGES: 'most messages consumed in one database transaction (default 500)',
  KAFKA_SESSION_TIMEOUT_MS:
    "ms after which the group drops a consumer it no longer hears from and moves its partitions (default 3000: a killed instance's partitions move within seconds; down to the broker's group.min.session.timeout.ms — 1000 on kafka.sh's and compose's, 6000 on a stock broker, which refuses 3000: the consumers then join with 6000, with a warning)",
  KAFKA_HEARTBEAT_INTERVAL_MS:
    'most ms between heartbeats, and the longest an idle fetch waits (default a third of the session, at most 1000; below the session)',
  KAFKA_FETCH_MIN_BYTES:
    'bytes a consumer fetch waits for (at most KAFKA_FETCH_MAX_WAIT_MS) before it is answered (default 1: at once)',
  KAFKA_FETCH_MAX_WAIT_MS:
    'the longest a consumer fetch waits for KAFKA_FETCH_MIN_BYTES, in ms (default KAFKA_HEARTBEAT_INTERVAL_MS, never more)',
  KAFKA_COMMIT_INTERVAL_MS:
    'resolved offsets committed at most this often, in ms (default 0: after every batch; always after its transaction committed)',
  KAFKA_REBALANCE_TIMEOUT_MS:
    'ms the group waits for live members to rejoin in a rebalance (default twice the session, at least 10000)',
  AUTH_JWT_PUBLIC_KEY:
    'Ed25519 or P-256 public key (PEM, or base64 of DER) the services verify bearer tokens with (platform: a key pair is generated under DATA_DIR when no AUTH_JWT_* key is set)',
  AUTH_JWT_PRIVATE_KEY:
    'the matching private key: only for the token issuer (revcycle token, the platform); a distributed service refuses to boot with it',
  AUTH_JWT_SECRET:
    'HS256 secret, at least 32 characters: the symmetric alternative to AUTH_JWT_PUBLIC_KEY (whoever verifies can also mint)',
  AUTH_JWT_ISSUER: 'iss every bearer token must carry (default revcycle)',
  AUTH_JWT_AUDIENCE: 'aud every bearer token must carry: one per deployment (default revcycle)',
  AUTH_JWT_MAX_LIFETIME_SECONDS: 'longest accepted token lifetime, exp − iat, in seconds (default 28800)',
  PHI_ENCRYPTION_KEY:
    'base64 of 32 random bytes, AES-256-GCM key (id "default") for PHI columns and event payloads (platform: generated under DATA_DIR when unset)',
  PHI_ENCRYPTION_KEYS: 'more PHI keys for rotation: id:base64,… (ids [A-Za-z0-9_-], 32-byte keys)',
  PHI_ENCRYPTION_KEY_ID: 'the key new PHI values are sealed under (default "default", or the only key)',
  OUTBOX_RETENTION_MINUTES:
    'published outbox rows are deleted after this many minutes (default 60; 0 = at once)',
  INBOX_RETENTION_MINUTES:
    'consumed-event (inbox) rows are deleted after this many minutes (default 10080 = 7 days, at least 60)',
  OUTBOX_POLL_MS:
    'outbox relay poll interval in ms (default 200); it is woken at each commit by NOTIFY, the poll is the fallback',
  OUTBOX_BATCH_SIZE: 'outbox rows per relay batch (default 200)',
  OUTBOX_IN_FLIGHT:
    'relay batches sent and not yet acknowledged at once, and Kafka producer lanes (default 4)',
  OUTBOX_QUARANTINE_AFTER:
    'failed sends (while the broker answers) after which an outbox row is quarantined: skipped, left unpublished with its last_error (default 5)',
  HTTP_BODY_LIMIT:
    'largest JSON request body in bytes, 1024..10485760 (default 102400 = 100 KB); larger: 413',
  AUDIT_HMAC_KEY:
    'base64 of at least 32 random bytes, HMAC-SHA-256 key of the audit chain, never stored in the database (compliance; platform: generated under DATA_DIR when unset)',
  AUDIT_ANCHOR_DIR:
    'directory (ideally an append-only/WORM volume) where compliance appends signed checkpoints of the audit chain head (default DATA_DIR/audit-anchors)',
  AUDIT_ANCHOR_INTERVAL_MS: 'how often compliance checkpoints the audit chain head, in ms (default 60000)',
  SUBMITTER_ID:
    'our interchange id in the 837s we send (ISA06, GS02, 1000A NM109; at most 15 characters; default REVCYCLE)',
  SUBMITTER_QUALIFIER: 'ISA05 qualifier of SUBMITTER_ID (default ZZ, mutually defined; 30 = tax id)',
  SUBMITTER_NAME: '1000A submitter name (default REVCYCLE BILLING)',
  SUBMITTER_CONTACT_NAME: '1000A PER02 contact name (default BILLING OFFICE)',
  SUBMITTER_CONTACT_EMAIL: '1000A PER04 e-mail (default billing@example.org)',
  X12_USAGE: 'ISA15 of the 837s written: T test (default) or P production',
  PAYER_MAILBOX_POLL_SECONDS:
    "claims: how often due SFTP batches are delivered and 999/277CA files picked up from the payers' outbound folders, in seconds (default 30; 0 = never)",
  PAYER_MAILBOX_RETRY_SECONDS:
    'claims: wait after a failed SFTP delivery before it is tried again, in seconds, doubled per failed round up to 1 hour (default 60)',
  ERA_MAILBOX_POLL_SECONDS:
    "remittance: how often 835 files are picked up from the payers' ERA mailboxes (SFTP outbound folders) and posted, in seconds (default 60; 0 = never)",
  PORTAL_DIR: 'directory of the built portal served at / by the platform (default dist/portal)',
  SESSION_IDLE_MINUTES:
    'portal automatic logoff (HIPAA §164.312(a)(2)(iii)): a session unused this many minutes ends (default 15, 1..720)',
  SESSION_MAX_HOURS: 'longest a portal session lasts however active, in hours (default 12, 1..168)',
  SESSION_COOKIE_SECURE:
    'true to mark the session and CSRF cookies Secure (set it behind TLS; default false)',
  SIGNIN_LOCKOUT_FAILURES: 'failed sign-ins in a row that lock an account (default 5, 3..100)',
  SIGNIN_LOCKOUT_MINUTES: 'how long a locked account stays locked, in minutes (default 15, 1..1440)',
  TOTP_ISSUER: 'issuer name authenticator apps show for the portal second factor (default revcycle)',
  SESSION_AUTHORITY_URL:
    "distributed services but compliance: compliance's base URL (http://compliance:3005), which checks portal session cookies (default none: cookies are no credential)",
  PORTAL_ALLOWED_ORIGINS:
    'comma-separated origins (https://portal.example.org) whose unsafe requests are accepted besides the same origin (default none)',
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SASL = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export interface EnvironmentDefaults {
  port: number;
  kafkaClientId: string;
}

/** Reads and validates the environment; throws EnvironmentError listing every problem. */
export function readEnvironment(env: NodeJS.ProcessEnv, defaults: EnvironmentDefaults): Environment {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`${name} must be an integer in ${min}..${max} (got "${raw}")`);
    return n;
  };
  const bool = (name: string): boolean => {
    const raw = text(name);
    if (raw === undefined) return false;
    if (!['true', 'false', '1', '0'].includes(raw))
      problems.push(`${name} must be true or false (got "${raw}")`);
    return raw === 'true' || raw === '1';
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T))
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return raw as T;
  };

  const replicationFactor = (): number => {
    if (text('KAFKA_REPLICATION_FACTOR') === undefined) return -1;
    return int('KAFKA_REPLICATION_FACTOR', -1, 1, 32);
  };

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push('DATABASE_URL must start with postgres://');
  const migrationDatabaseUrl = text('MIGRATION_DATABASE_URL');
  if (migrationDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl))
    problems.push('MIGRATION_DATABASE_URL must start with postgres://');
  const brokers = text('KAFKA_BROKERS')
    ?.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of brokers ?? [])
    if (!/^[^:\s]+:\d+$/.test(b)) problems.push(`KAFKA_BROKERS entry "${b}" must be host:port`);
  const mechanism = oneOf('KAFKA_SASL_MECHANISM', SASL);
  const username = text('KAFKA_SASL_USERNAME');
  const password = text('KAFKA_SASL_PASSWORD');
  if (mechanism && (!username || !password))
    problems.push('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  const authJwtSecret = text('AUTH_JWT_SECRET');
  if (authJwtSecret && authJwtSecret.length < 32)
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  const authJwtPublicKey = text('AUTH_JWT_PUBLIC_KEY');
  const authJwtPrivateKey = text('AUTH_JWT_PRIVATE_KEY');
  problems.push(...tokenKeyProblems(authJwtSecret, authJwtPublicKey, authJwtPrivateKey));
  problems.push(...publishedExampleProblems(env));
  const phiEncryptionKey = text('PHI_ENCRYPTION_KEY');
  if (phiEncryptionKey && Buffer.from(phiEncryptionKey, 'base64').length !== 32) {
    problems.push('PHI_ENCRYPTION_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)');
  }
  const phiEncryptionKeys = readPhiKeys(text('PHI_ENCRYPTION_KEYS'), problems);
  const phiEncryptionKeyId = text('PHI_ENCRYPTION_KEY_ID');
  checkActivePhiKey(phiEncryptionKeyId, phiEncryptionKey, phiEncryptionKeys, problems);

  const auditHmacKey = text('AUDIT_HMAC_KEY');
  if (auditHmacKey && Buffer.from(auditHmacKey, 'base64').length < 32)
    problems.push('AUDIT_HMAC_KEY must be base64 of at least 32 bytes (openssl rand -base64 32)');
  const kafkaSessionTimeoutMs = int('KAFKA_SESSION_TIMEOUT_MS', 3000, 1000, 3_600_000);
  const kafkaHeartbeatIntervalMs = int(
    'KAFKA_HEARTBEAT_INTERVAL_MS',
    Math.min(1000, Math.floor(kafkaSessionTimeoutMs / 3)),
    100,
    3_600_000,
  );
  if (kafkaHeartbeatIntervalMs >= kafkaSessionTimeoutMs)
    problems.push(
      `KAFKA_HEARTBEAT_INTERVAL_MS must be below KAFKA_SESSION_TIMEOUT_MS (${kafkaHeartbeatIntervalMs} >= ${kafkaSessionTimeoutMs})`,
    );
  const kafkaRebalanceTimeoutMs = int(
    'KAFKA_REBALANCE_TIMEOUT_MS',
    Math.max(kafkaSessionTimeoutMs * 2, 10_000),
    1000,
    3_600_000,
  );
  const dataDir = text('DATA_DIR') ?? '.data';
  const submitterId = text('SUBMITTER_ID') ?? 'REVCYCLE';
  if (!/^[A-Za-z0-9 ]{1,15}$/.test(submitterId))
    problems.push('SUBMITTER_ID must be 1 to 15 letters, digits or spaces (ISA06)');

  const environment: Environment = {
    port: int('PORT', defaults.port, 0, 65535),
    // Loopback unless told otherwise: a laptop's `npm start` must not serve PHI to its whole network (containers set HOST).
    host: text('HOST') ?? '127.0.0.1',
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info') ?? 'info',
    databaseUrl,
    migrationDatabaseUrl,
    dataDir,
    kafkaBrokers: brokers && brokers.length > 0 ? brokers : undefined,
    kafkaClientId: text('KAFKA_CLIENT_ID') ?? defaults.kafkaClientId,
    kafkaSsl: bool('KAFKA_SSL'),
    kafkaSasl: mechanism && username && password ? { mechanism, username, password } : undefined,
    kafkaTransport:
      oneOf('REVCYCLE_KAFKA_TRANSPORT', ['batching', 'stock'] as const, 'batching') ?? 'batching',
    kafkaTopicPartitions: int('KAFKA_TOPIC_PARTITIONS', 12, 1, 10_000),
    kafkaReplicationFactor: replicationFactor(),
    kafkaConsumerConcurrency: int('KAFKA_CONSUMER_CONCURRENCY', 4, 1, 256),
    kafkaBatchMaxMessages: int('KAFKA_BATCH_MAX_MESSAGES', 500, 1, 100_000),
    kafkaSessionTimeoutMs,
    kafkaHeartbeatIntervalMs,
    kafkaRebalanceTimeoutMs,
    kafkaFetchMinBytes: int('KAFKA_FETCH_MIN_BYTES', 1, 1, 64 * 1024 * 1024),
    kafkaFetchMaxWaitMs: Math.min(
      int('KAFKA_FETCH_MAX_WAIT_MS', kafkaHeartbeatIntervalMs, 1, 60_000),
      kafkaHeartbeatIntervalMs,
    ),
    kafkaCommitIntervalMs: int('KAFKA_COMMIT_INTERVAL_MS', 0, 0, 60_000),
    authJwtSecret,
    authJwtPublicKey,
    authJwtPrivateKey,
    authJwtIssuer: text('AUTH_JWT_ISSUER') ?? 'revcycle',
    authJwtAudience: text('AUTH_JWT_AUDIENCE') ?? 'revcycle',
    authJwtMaxLifetimeSeconds: int('AUTH_JWT_MAX_LIFETIME_SECONDS', 8 * 3600, 60, 7 * 24 * 3600),
    phiEncryptionKey,
    phiEncryptionKeys,
    phiEncryptionKeyId,
    outboxPollMs: int('OUTBOX_POLL_MS', 200, 10, 60000),
    outboxBatchSize: int('OUTBOX_BATCH_SIZE', 200, 1, 10_000),
    outboxInFlight: int('OUTBOX_IN_FLIGHT', 4, 1, 64),
    outboxQuarantineAfter: int('OUTBOX_QUARANTINE_AFTER', 5, 1, 1000),
    httpBodyLimitBytes: int('HTTP_BODY_LIMIT', 100 * 1024, 1024, 10 * 1024 * 1024),
    auditHmacKey,
    auditAnchorDir: text('AUDIT_ANCHOR_DIR') ?? `${dataDir}/audit-anchors`,
    auditAnchorIntervalMs: int('AUDIT_ANCHOR_INTERVAL_MS', 60000, 1000, 86_400_000),
    outboxRetentionMinutes: int('OUTBOX_RETENTION_MINUTES', 60, 0, 525_600),
    // A redelivery after a rebalance must still find its inbox row: not less than an hour.
    inboxRetentionMinutes: int('INBOX_RETENTION_MINUTES', 10_080, 60, 525_600),
    deadLetterRetentionMinutes: int('DEAD_LETTER_RETENTION_MINUTES', 43_200, 60, 5_256_000),
    submitter: {
      qualifier:
        oneOf('SUBMITTER_QUALIFIER', ['ZZ', '30', '01', '14', '20', '27', '28', '29', '33'], 'ZZ') ?? 'ZZ',
      id: submitterId,
      name: text('SUBMITTER_NAME') ?? 'REVCYCLE BILLING',
      contactName: text('SUBMITTER_CONTACT_NAME') ?? 'BILLING OFFICE',
      contactEmail: text('SUBMITTER_CONTACT_EMAIL') ?? 'billing@example.org',
    },
    x12Usage: oneOf('X12_USAGE', ['T', 'P'] as const, 'T') ?? 'T',
    payerMailboxPollSeconds: int('PAYER_MAILBOX_POLL_SECONDS', 30, 0, 86_400),
    payerMailboxRetrySeconds: int('PAYER_MAILBOX_RETRY_SECONDS', 60, 1, 3600),
    eraMailboxPollSeconds: int('ERA_MAILBOX_POLL_SECONDS', 60, 0, 86_400),
    portal: {
      dir: text('PORTAL_DIR') ?? 'dist/portal',
      sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 15, 1, 720),
      sessionMaxHours: int('SESSION_MAX_HOURS', 12, 1, 168),
      cookieSecure: bool('SESSION_COOKIE_SECURE'),
      lockoutFailures: int('SIGNIN_LOCKOUT_FAILURES', 5, 3, 100),
      lockoutMinutes: int('SIGNIN_LOCKOUT_MINUTES', 15, 1, 1440),
      totpIssuer: text('TOTP_ISSUER') ?? 'revcycle',
      allowedOrigins: readOrigins(text('PORTAL_ALLOWED_ORIGINS'), problems),
      sessionAuthorityUrl: readBaseUrl('SESSION_AUTHORITY_URL', text('SESSION_AUTHORITY_URL'), problems),
    },
  };
  if (problems.length > 0) throw new EnvironmentError(problems);
  return environment;
}

/** One token scheme per deployment, keys that parse, and a public key that matches the private one. */
function tokenKeyProblems(secret?: string, publicKey?: string, privateKey?: string): string[] {
  if (secret && (publicKey || privateKey))
    return [
      'AUTH_JWT_SECRET (HS256) and AUTH_JWT_PUBLIC_KEY / AUTH_JWT_PRIVATE_KEY exclude each other: choose one',
    ];
  const read = <T>(name: string, parse: () => T): T | string => {
    try {
      return parse();
    } catch (err) {
      if (err instanceof TokenKeyError) return `${name}: ${err.message}`;
      throw err;
    }
  };
  const pub = publicKey ? read('AUTH_JWT_PUBLIC_KEY', () => publicTokenKey(publicKey)) : undefined;
  const priv = privateKey ? read('AUTH_JWT_PRIVATE_KEY', () => privateTokenKey(privateKey)) : undefined;
  const problems = [pub, priv].filter((p): p is string => typeof p === 'string');
  if (problems.length === 0 && pub && priv && typeof pub !== 'string' && typeof priv !== 'string') {
    const derived = verificationKeyOf(priv).key.export({ format: 'der', type: 'spki' });
    if (!derived.equals(pub.key.export({ format: 'der', type: 'spki' })))
      problems.push('AUTH_JWT_PUBLIC_KEY is not the public half of AUTH_JWT_PRIVATE_KEY');
  }
  return problems;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** PHI_ENCRYPTION_KEYS=`id:base64,…`: every id well-formed and once, every key 32 bytes. */
function readPhiKeys(raw: string | undefined, problems: string[]): Array<{ id: string; keyBase64: string }> {
  const keys: Array<{ id: string; keyBase64: string }> = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const keyBase64 = entry.slice(colon + 1);
    if (!KEY_ID.test(id))
      problems.push(
        `PHI_ENCRYPTION_KEYS entry "${id || entry.slice(0, 8)}…" must be id:base64 with id ${KEY_ID}`,
      );
    else if (Buffer.from(keyBase64, 'base64').length !== 32)
      problems.push(`PHI_ENCRYPTION_KEYS key "${id}" must be base64 of exactly 32 bytes`);
    else if (keys.some((k) => k.id === id)) problems.push(`PHI_ENCRYPTION_KEYS lists key "${id}" twice`);
    else keys.push({ id, keyBase64 });
  }
  return keys;
}

function checkActivePhiKey(
  activeId: string | undefined,
  defaultKey: string | undefined,
  keys: Array<{ id: string }>,
  problems: string[],
): void {
  const ids = new Set([...keys.map((k) => k.id), ...(defaultKey ? ['default'] : [])]);
  if (activeId && !ids.has(activeId))
    problems.push(
      `PHI_ENCRYPTION_KEY_ID "${activeId}" is not among the keys (${[...ids].join(', ') || 'none'})`,
    );
  if (!activeId && !defaultKey && keys.length > 1)
    problems.push('PHI_ENCRYPTION_KEY_ID must say which of PHI_ENCRYPTION_KEYS seals new values');
}

/** A service's base URL: http(s), a host, no query or fragment. */
function readBaseUrl(name: string, raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash) return raw;
  } catch {
    // reported below
  }
  problems.push(`${name} "${raw}" must be a base URL like http://compliance:3005`);
  return undefined;
}

/** PORTAL_ALLOWED_ORIGINS: each an origin as browsers send it (RFC 6454: scheme://host[:port], no path). */
function readOrigins(raw: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (/^https?:\/\/[^/\s?#]+$/.test(entry)) origins.push(entry.toLowerCase());
    else
      problems.push(
        `PORTAL_ALLOWED_ORIGINS entry "${entry}" must be an origin like https://portal.example.org`,
      );
  }
  return origins;
}
