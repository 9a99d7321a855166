import { deadLetterTopic } from '@revcycle/contracts';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { RunningService, bootstrapService } from '@revcycle/runtime';
import { generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { DemoDay, syntheticDay } from '../../apps/cli/src/demo/synthetic-day';
import { platformSpec } from '../../apps/platform/src/platform';
import { eventually } from './distributed-services';

/**
 * Issue 7 point 4: after a demo through the platform on real Kafka and PostgreSQL, no table of any
 * schema and no message of any topic (dead letters included) holds a patient's name, date of birth,
 * address or member id in clear. A positive control runs the same search over what the API answers
 * an authorized biller, so a search that cannot find anything fails the test.
 */
describe('no PHI in clear after a demo, in PostgreSQL or Kafka', () => {
  const seed = randomInt(1, 2 ** 31 - 1);
  const encounters = 24;
  const day: DemoDay = syntheticDay(seed, encounters);
  const keys = generateTokenKeyPair();
  const audience = `revcycle-dump-${randomBytes(4).toString('hex')}`;
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-dump-anchors-'));
  let db: TestDatabase;
  let platform: RunningService;
  let pool: Pool;
  const token = (role: 'admin' | 'biller') =>
    issueAccessToken({ id: `dump-${role}`, role }, privateTokenKey(keys.privateKey), { audience });

  beforeAll(async () => {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    platform = await bootstrapService(platformSpec, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers,
      AUTH_JWT_PUBLIC_KEY: keys.publicKey,
      AUTH_JWT_AUDIENCE: audience,
      PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
      AUDIT_ANCHOR_DIR: anchorDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '50',
    });
    const counts = await runDemo({
      url: platform.url,
      token: token('admin'),
      encounters,
      seed,
      dateOfService: '2026-09-14',
      timeoutMs: 120_000,
      log: () => undefined,
    });
    expect(counts.claims).toBeGreaterThan(0);
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    await platform?.app.close();
    await db?.drop();
    fs.rmSync(anchorDir, { recursive: true, force: true });
  }, 120_000);

  it('finds the PHI where it belongs: the API answers an authorized biller in clear (positive control)', async () => {
    const answers: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await fetch(`${platform.url}/patients?limit=500&offset=${offset}`, {
        headers: { authorization: `Bearer ${token('biller')}` },
      });
      const page = (await r.json()) as { total: number; items: unknown[] };
      answers.push(...page.items.map((p) => JSON.stringify(p)));
      if (page.items.length < 500) break;
    }
    const found = phiFoundIn(answers.join('\n'), patientPhi(day));
    expect(found.length).toBeGreaterThanOrEqual(day.patients.length);
  });

  it('no table of any schema holds a name, date of birth, address or member id in clear', async () => {
    const dump = await dumpEveryTable(pool);
    expect(dump.rows).toBeGreaterThan(encounters);
    expect(dump.tables).toEqual(expect.arrayContaining(['charts.patient', 'claims.claim', 'coding.outbox']));
    expect(phiFoundIn(dump.text, patientPhi(day))).toEqual([]);
  });

  it('no message of any Kafka topic, dead letters included, holds them in clear', async () => {
    await sendOneToTheDeadLetters(process.env['KAFKA_BROKERS']!);
    const dump = await dumpEveryTopic(process.env['KAFKA_BROKERS']!);
    expect(dump.topics).toEqual(expect.arrayContaining(['charts.encounter.finalized']));
    expect(dump.topics.some((t) => t.endsWith('.dlq'))).toBe(true);
    expect(phiFoundIn(dump.text, patientPhi(day))).toEqual([]);
  }, 120_000);
});

interface Phi {
  what: string;
  value: string;
  /** Names are short words: only a whole word counts (base64 ciphertext holds any 3 letters by chance). */
  word: boolean;
}

/** Every patient's name, date of birth (ISO and X12 D8), address line and member id — minus the
 * values the day also gives a provider or payer (a rendering provider may be a "Lee" too). */
function patientPhi(day: DemoDay): Phi[] {
  const notPatients = new Set(
    [day.billing, ...day.rendering].flatMap((p) => [p.name, p.firstName ?? '', p.address?.line1 ?? '']),
  );
  const out: Phi[] = [];
  for (const p of day.patients) {
    for (const [what, value, word] of [
      ['first name', p.firstName, true],
      ['last name', p.lastName, true],
      ['date of birth', p.dateOfBirth, false],
      ['date of birth (D8)', p.dateOfBirth.replace(/-/g, ''), true],
      ['address', p.address.line1, false],
      ['member id', p.memberId, false],
      ['medical record number', p.mrn, false],
    ] as Array<[string, string, boolean]>) {
      if (!notPatients.has(value)) out.push({ what, value, word });
    }
  }
  return out;
}

function phiFoundIn(text: string, phi: Phi[]): string[] {
  const found = new Set<string>();
  for (const { what, value, word } of phi) {
    const hit = word
      ? new RegExp(`(?<![A-Za-z0-9+/=_-])${escape(value)}(?![A-Za-z0-9+/=_-])`, 'i').test(text)
      : text.toLowerCase().includes(value.toLowerCase());
    if (hit) found.add(`${what} "${value}"`);
  }
  return [...found];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What `pg_dump --data-only` of every service schema would hold: each row of each table as JSON. */
async function dumpEveryTable(pool: Pool): Promise<{ tables: string[]; rows: number; text: string }> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  let count = 0;
  for (const t of tables) {
    const ident = `"${t.schema.replace(/"/g, '""')}"."${t.name.replace(/"/g, '""')}"`;
    const { rows } = await pool.query<{ row: unknown }>(`SELECT row_to_json(t) AS row FROM ${ident} t`);
    count += rows.length;
    parts.push(...rows.map((r) => JSON.stringify(r.row)));
  }
  return { tables: tables.map((t) => `${t.schema}.${t.name}`), rows: count, text: parts.join('\n') };
}

/** Reads every topic of the broker from its beginning to its current end. */
async function dumpEveryTopic(brokers: string): Promise<{ topics: string[]; text: string }> {
  const kafka = new Kafka({ brokers: brokers.split(','), clientId: 'phi-dump', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  const ends = new Map<string, number>();
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    for (const o of offsets) ends.set(`${topic}:${o.partition}`, Number(o.high));
  }
  await admin.disconnect();
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([k]) => k));
  const consumer = kafka.consumer({ groupId: `phi-dump-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const parts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`topics not read to their end: ${[...pending]}`)),
      90_000,
    );
    if (pending.size === 0) resolve();
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        parts.push(`${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''}`);
        const key = `${topic}:${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(key) ?? 0)) pending.delete(key);
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return { topics, text: parts.join('\n') };
}

/**
 * A dead letter of this run: an encounter-finalized message copied under another event id does not
 * open (its payload is sealed to its own id), so coding's consumer sends it to the `.dlq` topic.
 */
async function sendOneToTheDeadLetters(brokers: string): Promise<void> {
  const kafka = new Kafka({ brokers: brokers.split(','), clientId: 'phi-dlq', logLevel: logLevel.NOTHING });
  const topic = 'charts.encounter.finalized';
  const consumer = kafka.consumer({ groupId: `phi-dlq-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const original = await new Promise<{ key: Buffer | null; value: Buffer }>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) resolve({ key: message.key, value: message.value });
      },
    });
  });
  await consumer.disconnect();
  const envelope = JSON.parse(original.value.toString()) as { id: string };
  const copy = { ...envelope, id: randomUUID() };
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: original.key, value: JSON.stringify(copy) }] });
  await producer.disconnect();
  await eventually(
    async () => {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(deadLetterTopic(topic)).catch(() => []);
      await admin.disconnect();
      return offsets.some((o) => Number(o.high) > 0) ? true : undefined;
    },
    60_000,
    `a dead letter on ${deadLetterTopic(topic)}`,
  );
}
