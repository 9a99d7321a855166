import { EnvironmentError, readEnvironment } from './environment';
import { localSecrets } from './local-secrets';
import { phiKeyringOf } from './phi-keyring';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const defaults = { port: 3003, kafkaClientId: 'revcycle-claims' };

describe('environment read once at boot', () => {
  it('applies defaults for an empty environment', () => {
    const env = readEnvironment({}, defaults);
    expect(env).toMatchObject({
      port: 3003,
      host: '127.0.0.1',
      logLevel: 'info',
      kafkaClientId: 'revcycle-claims',
      kafkaSsl: false,
      dataDir: '.data',
    });
    expect(env.kafkaBrokers).toBeUndefined();
    expect(env.databaseUrl).toBeUndefined();
  });

  it('reads brokers, TLS and SASL', () => {
    const env = readEnvironment(
      {
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      },
      defaults,
    );
    expect(env.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(env.kafkaSsl).toBe(true);
    expect(env.kafkaSasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
  });

  it('reads the Kafka transport, topic layout, consumer and relay settings, with their defaults', () => {
    expect(readEnvironment({}, defaults)).toMatchObject({
      kafkaTransport: 'batching',
      kafkaTopicPartitions: 12,
      kafkaReplicationFactor: -1,
      kafkaConsumerConcurrency: 4,
      kafkaBatchMaxMessages: 500,
      kafkaSessionTimeoutMs: 3000,
      kafkaHeartbeatIntervalMs: 1000,
      kafkaRebalanceTimeoutMs: 10000,
      outboxBatchSize: 200,
      outboxInFlight: 4,
      outboxQuarantineAfter: 5,
    });
    const env = readEnvironment(
      {
        REVCYCLE_KAFKA_TRANSPORT: 'stock',
        KAFKA_TOPIC_PARTITIONS: '24',
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_SESSION_TIMEOUT_MS: '3000',
        KAFKA_REBALANCE_TIMEOUT_MS: '30000',
        OUTBOX_IN_FLIGHT: '8',
      },
      defaults,
    );
    expect(env).toMatchObject({
      kafkaTransport: 'stock',
      kafkaTopicPartitions: 24,
      kafkaReplicationFactor: 3,
      kafkaSessionTimeoutMs: 3000,
      kafkaHeartbeatIntervalMs: 1000,
      kafkaRebalanceTimeoutMs: 30000,
      outboxInFlight: 8,
    });
    expect(
      readEnvironment({ KAFKA_SESSION_TIMEOUT_MS: '1500', KAFKA_HEARTBEAT_INTERVAL_MS: '300' }, defaults),
    ).toMatchObject({
      kafkaSessionTimeoutMs: 1500,
      kafkaHeartbeatIntervalMs: 300,
      kafkaRebalanceTimeoutMs: 10000,
    });
    expect(() =>
      readEnvironment({ KAFKA_SESSION_TIMEOUT_MS: '3000', KAFKA_HEARTBEAT_INTERVAL_MS: '3000' }, defaults),
    ).toThrow(/KAFKA_HEARTBEAT_INTERVAL_MS must be below KAFKA_SESSION_TIMEOUT_MS/);
    let error: EnvironmentError | undefined;
    try {
      readEnvironment(
        { REVCYCLE_KAFKA_TRANSPORT: 'fast', KAFKA_TOPIC_PARTITIONS: '0', KAFKA_REPLICATION_FACTOR: '-1' },
        defaults,
      );
    } catch (err) {
      error = err as EnvironmentError;
    }
    expect(error!.problems.map((p) => p.split(' ')[0])).toEqual([
      'REVCYCLE_KAFKA_TRANSPORT',
      'KAFKA_TOPIC_PARTITIONS',
      'KAFKA_REPLICATION_FACTOR',
    ]);
  });

  it('lists every problem at once and stops the boot', () => {
    let error: EnvironmentError | undefined;
    try {
      readEnvironment(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          KAFKA_BROKERS: 'nohost',
          KAFKA_SASL_MECHANISM: 'plain',
          AUTH_JWT_SECRET: 'short',
          PHI_ENCRYPTION_KEY: 'abc',
          AUDIT_HMAC_KEY: Buffer.alloc(16).toString('base64'),
          LOG_LEVEL: 'loud',
        },
        defaults,
      );
    } catch (err) {
      error = err as EnvironmentError;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error!.problems.map((p) => p.split(' ')[0])).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'KAFKA_BROKERS',
        'KAFKA_SASL_MECHANISM',
        'AUTH_JWT_SECRET',
        'PHI_ENCRYPTION_KEY',
        'AUDIT_HMAC_KEY',
        'LOG_LEVEL',
      ]),
    );
  });

  it('reads a PHI keyring for rotation, with the single key as "default", and names bad entries', () => {
    const k = (n: number) => Buffer.alloc(32, n).toString('base64');
    const env = readEnvironment(
      { PHI_ENCRYPTION_KEY: k(1), PHI_ENCRYPTION_KEYS: `k2:${k(2)}`, PHI_ENCRYPTION_KEY_ID: 'k2' },
      defaults,
    );
    const keyring = phiKeyringOf(env)!;
    expect(keyring.keyIds.sort()).toEqual(['default', 'k2']);
    expect(keyring.activeKeyId).toBe('k2');
    expect(phiKeyringOf(readEnvironment({ PHI_ENCRYPTION_KEY: k(1) }, defaults))!.activeKeyId).toBe(
      'default',
    );
    expect(
      phiKeyringOf(readEnvironment({ PHI_ENCRYPTION_KEYS: `only:${k(3)}` }, defaults))!.activeKeyId,
    ).toBe('only');
    expect(phiKeyringOf(readEnvironment({}, defaults))).toBeUndefined();
    const problems = (source: NodeJS.ProcessEnv) => {
      try {
        readEnvironment(source, defaults);
        return [];
      } catch (err) {
        return (err as EnvironmentError).problems;
      }
    };
    expect(problems({ PHI_ENCRYPTION_KEYS: `a:${k(1)},b:${k(2)}` })).toEqual([
      'PHI_ENCRYPTION_KEY_ID must say which of PHI_ENCRYPTION_KEYS seals new values',
    ]);
    expect(problems({ PHI_ENCRYPTION_KEYS: `a:${k(1)}`, PHI_ENCRYPTION_KEY_ID: 'z' })[0]).toMatch(
      /"z" is not among/,
    );
    expect(problems({ PHI_ENCRYPTION_KEYS: `a:${k(1)},a:${k(2)}` })[0]).toMatch(/twice/);
    expect(problems({ PHI_ENCRYPTION_KEYS: `a:short` })[0]).toMatch(/exactly 32 bytes/);
    expect(problems({ PHI_ENCRYPTION_KEYS: k(1) })[0]).toMatch(/must be id:base64/);
    expect(problems({ INBOX_RETENTION_MINUTES: '5', OUTBOX_RETENTION_MINUTES: '-1' })).toHaveLength(2);
  });

  it('generates local secrets once, keeps them, and never writes secrets given by the environment', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-secrets-'));
    const first = localSecrets(readEnvironment({ DATA_DIR: dataDir }, defaults));
    const again = localSecrets(readEnvironment({ DATA_DIR: dataDir }, defaults));
    expect(again).toEqual(first);
    expect(Buffer.from(first.auditHmacKey, 'base64')).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-secrets-'));
    const given = 'x'.repeat(40);
    const key = Buffer.alloc(32, 7).toString('base64');
    const auditKey = Buffer.alloc(32, 9).toString('base64');
    expect(
      localSecrets(
        readEnvironment(
          { DATA_DIR: other, AUTH_JWT_SECRET: given, PHI_ENCRYPTION_KEY: key, AUDIT_HMAC_KEY: auditKey },
          defaults,
        ),
      ),
    ).toEqual({ authJwtSecret: given, phiEncryptionKey: key, auditHmacKey: auditKey });
    expect(fs.existsSync(path.join(other, 'secrets.json'))).toBe(false);
  });
});
