import { deadLetterTopic } from '@revcycle/contracts';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { RunningService, bootstrapService } from '@revcycle/runtime';
import { generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { Kafka, logLevel } from 'kafkajs';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { platformSpec } from './platform';

/**
 * Issue 7 point 4: after a demo through the platform on real Kafka and PostgreSQL, no table of any
 * schema and no message of any topic (dead letters included) holds a patient's name, date of birth,
 * address or member id in clear. A positive control runs the same search over what the API answers
 * an authorized biller, so a search that cannot find anything fails the test.
 */
const root = path.resolve(__dirname, '..', '..', '..');

describe('no PHI in clear after a demo, in PostgreSQL or Kafka', () => {
  const seed = randomInt(1, 2 ** 31 - 1);
  const encounters = 24;
  let phi: Phi[];
  const keys = generateTokenKeyPair();
  const audience = `revcycle-dump-${randomBytes(4).toString('hex')}`;
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-dump-anchors-'));
  let db: TestDatabase;
  let platform: RunningService;
  let pool: Pool;
  /** Where each partition ended before the demo: the broker is shared, older runs are not ours to judge. */
  let before: Map<string, number>;
  const token = (role: 'admin' | 'biller') =>
    issueAccessToken({ id: `dump-${role}`, role }, privateTokenKey(keys.privateKey), { audience });

  beforeAll(async () => {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    before = await partitionEnds(brokers);
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
    execFileSync(process.execPath, ['tools/ensure-built.js'], { cwd: root, stdio: 'inherit' });
    // The demo as a user runs it (`npm run demo`), against this platform (in this process: not sync).
    const { stdout: demo } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        './tools/register-paths.js',
        'dist/apps/cli/src/main.js',
        'demo',
        '--url',
        platform.url,
        '--encounters',
        String(encounters),
        '--seed',
        String(seed),
      ],
      {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', REVCYCLE_TOKEN: token('admin') },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(demo.trim().split('\n').pop()!).claims).toBeGreaterThan(0);
    phi = await patientPhi(platform.url, token('biller'));
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    await platform?.app.close();
    await db?.drop();
    fs.rmSync(anchorDir, { recursive: true, force: true });
  }, 120_000);

  it('finds the PHI where it belongs: the API answers an authorized biller in clear (positive control)', () => {
    const kinds = new Set(phi.map((p) => p.what));
    expect(kinds).toEqual(
      new Set([
        'first name',
        'last name',
        'date of birth',
        'date of birth (D8)',
        'address',
        'member id',
        'medical record number',
      ]),
    );
    expect(phi.filter((p) => p.what === 'member id').length).toBeGreaterThanOrEqual(encounters * 0.9);
    expect(phiFoundIn(phi.map((p) => p.value).join(' '), phi).length).toBe(
      new Set(phi.map((p) => `${p.what} "${p.value}"`)).size,
    );
  });

  it('no table of any schema holds a name, date of birth, address or member id in clear', async () => {
    const dump = await dumpEveryTable(pool);
    expect(dump.rows).toBeGreaterThan(encounters);
    expect(dump.tables).toEqual(expect.arrayContaining(['charts.patient', 'claims.claim', 'coding.outbox']));
    expect(phiFoundIn(dump.text, phi)).toEqual([]);
  });

  it('no message of any Kafka topic, dead letters included, holds them in clear', async () => {
    await sendOneToTheDeadLetters(process.env['KAFKA_BROKERS']!, before);
    const dump = await dumpEveryTopic(process.env['KAFKA_BROKERS']!, before);
    expect(dump.topics).toEqual(expect.arrayContaining(['charts.encounter.finalized']));
    expect(dump.topics.some((t) => t.endsWith('.dlq'))).toBe(true);
    expect(phiFoundIn(dump.text, phi)).toEqual([]);
  }, 120_000);
});

interface Phi {
  what: string;
  value: string;
  /** Names are short words: only a whole word counts (base64 ciphertext holds any 3 letters by chance). */
  word: boolean;
}

/**
 * Every demo patient's name, date of birth (ISO and X12 D8), address line, MRN and member id, as the
 * API answers them — minus values a provider also has (a rendering provider may be a "Chen" too).
 */
async function patientPhi(url: string, biller: string): Promise<Phi[]> {
  const get = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${biller}` } });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
    return (await r.json()) as T;
  };
  type Person = { name?: string; firstName?: string; lastName?: string; address?: { line1?: string } };
  const providers = (await get<{ items: Person[] }>('/providers?limit=500')).items;
  const notPatients = new Set(providers.flatMap((p) => [p.name, p.firstName, p.address?.line1]));
  type Patient = Required<Person> & { id: string; mrn: string; dateOfBirth: string };
  const patients = (await get<{ items: Patient[] }>('/patients?limit=500')).items;
  const out: Phi[] = [];
  for (const p of patients) {
    const coverages = (await get<{ items: Array<{ memberId: string }> }>(`/patients/${p.id}/coverages`))
      .items;
    for (const [what, value, word] of [
      ['first name', p.firstName, true],
      ['last name', p.lastName, true],
      ['date of birth', p.dateOfBirth, false],
      ['date of birth (D8)', p.dateOfBirth.replace(/-/g, ''), true],
      ['address', p.address.line1, false],
      ['medical record number', p.mrn, false],
      ...coverages.map((c) => ['member id', c.memberId, false]),
    ] as Array<[string, string, boolean]>) {
      if (!notPatients.has(value)) out.push({ what, value, word });
    }
  }
  return out;
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
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

const kafkaOf = (brokers: string, clientId: string) =>
  new Kafka({ brokers: brokers.split(','), clientId, logLevel: logLevel.NOTHING });

/** The end offset of every partition of every topic (`topic:partition` → high watermark). */
async function partitionEnds(brokers: string): Promise<Map<string, number>> {
  const admin = kafkaOf(brokers, 'phi-dump-offsets').admin();
  await admin.connect();
  const ends = new Map<string, number>();
  for (const topic of (await admin.listTopics()).filter((t) => !t.startsWith('__'))) {
    for (const o of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${o.partition}`, Number(o.high));
  }
  await admin.disconnect();
  return ends;
}

/** Reads every topic of the broker, from where it stood before the demo to its current end. */
async function dumpEveryTopic(
  brokers: string,
  before: Map<string, number>,
): Promise<{ topics: string[]; text: string }> {
  const kafka = kafkaOf(brokers, 'phi-dump');
  const ends = await partitionEnds(brokers);
  const topics = [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))];
  const pending = new Set([...ends].filter(([k, high]) => high > (before.get(k) ?? 0)).map(([k]) => k));
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
        const key = `${topic}:${partition}`;
        if (Number(message.offset) >= (before.get(key) ?? 0))
          parts.push(`${message.key?.toString() ?? ''} ${message.value?.toString() ?? ''}`);
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
 * A dead letter of this run: one of its encounter-finalized messages copied under another event id does not
 * open (its payload is sealed to its own id), so coding's consumer sends it to the `.dlq` topic.
 */
async function sendOneToTheDeadLetters(brokers: string, before: Map<string, number>): Promise<void> {
  const kafka = kafkaOf(brokers, 'phi-dlq');
  const topic = 'charts.encounter.finalized';
  const consumer = kafka.consumer({ groupId: `phi-dlq-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const original = await new Promise<{ key: Buffer | null; value: Buffer }>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const ours = Number(message.offset) >= (before.get(`${topic}:${partition}`) ?? 0);
        if (ours && message.value) resolve({ key: message.key, value: message.value });
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
