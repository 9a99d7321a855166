import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ClaimCreatedEvent,
  EventEnvelope,
  SealedEventEnvelope,
  deadLetterTopic,
  sealEnvelope,
} from '@revcycle/contracts';
import { TestDatabase } from '@revcycle/persistence';
import { PhiKeyring, configurePhiEncryption, eventPayloadContext } from '@revcycle/security';
import { DeadLetter, EventConsumer } from './inbox/event-consumer';
import { Outbox } from './outbox/outbox';
import { openEventEnvelope, sealEventEnvelope } from './sealing/event-sealing';
import { claimCreated, messagingTestDatabase } from './test-support';

const schema = 'claims';
const key = () => randomBytes(32).toString('base64');

/**
 * The consumer opens every payload before it validates it: what does not open (sealed to another
 * event id, under a key the keyring lacks, tampered) or arrives in clear is a malformed event, sent
 * to the .dlq with a located problem and its content still sealed; keys rotate without loss.
 */
describe('sealed event payloads at the inbox (real PostgreSQL)', () => {
  const oldKey = { id: 'k2025', keyBase64: key() };
  const newKey = { id: 'k2026', keyBase64: key() };
  let db: TestDatabase;
  let dataSource: DataSource;
  let outbox: Outbox;
  let consumer: EventConsumer;
  const logged: unknown[] = [];

  beforeAll(async () => {
    configurePhiEncryption(new PhiKeyring([oldKey, newKey], newKey.id));
    ({ db, dataSource } = await messagingTestDatabase(schema));
    outbox = new Outbox(schema);
    consumer = new EventConsumer(dataSource, outbox, undefined, (...entry) => void logged.push(entry));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const handled: string[] = [];
  const handler = async (e: EventEnvelope<{ claimId: string }>) => void handled.push(e.payload.claimId);

  /** The dead letter the consumer put in the outbox for one consumer name, opened. */
  async function letterOf(name: string): Promise<{ stored: string; letter: DeadLetter }> {
    const rows: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope::text AS envelope FROM claims.outbox WHERE topic = $1 AND envelope->'actor'->>'id' = $2`,
      [deadLetterTopic(ClaimCreatedEvent.type), name],
    );
    expect(rows).toHaveLength(1);
    return { stored: rows[0].envelope, letter: openEventEnvelope<DeadLetter>(rows[0].envelope).payload };
  }

  it('a sealed payload copied to another event id does not open: dead-lettered, still sealed', async () => {
    const name = `test.moved.${randomUUID()}`;
    const original = sealEventEnvelope(claimCreated(1));
    const moved: SealedEventEnvelope = { ...original, id: randomUUID() };
    expect(await consumer.consume(name, ClaimCreatedEvent, moved, handler)).toBe('dead-lettered');
    expect(handled).toEqual([]);
    const { stored, letter } = await letterOf(name);
    expect(letter.errors).toEqual([expect.stringMatching(/^event\.sealedPayload: does not open/)]);
    expect(letter.original).toEqual(moved);
    expect(stored).not.toContain('pat-1');
    expect(JSON.stringify(letter)).not.toContain('pat-1');
    expect(JSON.stringify(logged)).not.toContain('pat-1');
  });

  it('a payload sealed under a key the keyring lacks is dead-lettered, naming the key', async () => {
    const name = `test.unknown-key.${randomUUID()}`;
    const retired = new PhiKeyring([{ id: 'k2019', keyBase64: key() }], 'k2019');
    const event = sealEnvelope(claimCreated(2), (json, id) => retired.encrypt(json, eventPayloadContext(id)));
    expect(await consumer.consume(name, ClaimCreatedEvent, Buffer.from(JSON.stringify(event)), handler)).toBe(
      'dead-lettered',
    );
    const { letter } = await letterOf(name);
    expect(letter.errors).toEqual([
      'event.sealedPayload: does not open (PHI key "k2019" is not in the keyring)',
    ]);
    expect(letter.original).toEqual(event);
  });

  it('a tampered payload is dead-lettered', async () => {
    const name = `test.tampered.${randomUUID()}`;
    const event = sealEventEnvelope(claimCreated(3));
    const parts = event.sealedPayload.split(':');
    const data = Buffer.from(parts[4], 'base64');
    data[0] ^= 1;
    parts[4] = data.toString('base64');
    const tampered = { ...event, sealedPayload: parts.join(':') };
    expect(await consumer.consume(name, ClaimCreatedEvent, tampered, handler)).toBe('dead-lettered');
    expect((await letterOf(name)).letter.errors[0]).toMatch(/does not open/);
  });

  it('a clear payload from outside is refused to the .dlq, its content sealed in the letter', async () => {
    const name = `test.clear.${randomUUID()}`;
    const clear = claimCreated(4);
    expect(await consumer.consume(name, ClaimCreatedEvent, clear, handler)).toBe('dead-lettered');
    const { stored, letter } = await letterOf(name);
    expect(letter.errors[0]).toMatch(/^event\.payload: refused in clear/);
    expect(stored).not.toContain('pat-4');
    expect(letter.original).toEqual(clear);
    expect(JSON.stringify(logged)).not.toContain('pat-4');
  });

  it('text that is not JSON is dead-lettered without quoting it', async () => {
    const name = `test.not-json.${randomUUID()}`;
    const text = '{"patientName": Oakes-Quill';
    expect(await consumer.consume(name, ClaimCreatedEvent, Buffer.from(text), handler)).toBe('dead-lettered');
    const { stored, letter } = await letterOf(name);
    expect(letter.errors).toEqual([expect.stringMatching(/^event: not valid JSON/)]);
    expect(letter.errors[0]).not.toContain('Oakes');
    expect(letter.original).toBe(text);
    expect(stored).not.toContain('Oakes-Quill');
    expect(JSON.stringify(logged)).not.toContain('Oakes');
  });

  it('an event sealed under an older key still opens while that key is in the keyring', async () => {
    configurePhiEncryption(new PhiKeyring([oldKey], oldKey.id));
    const sealedLastYear = sealEventEnvelope(claimCreated(5));
    expect(sealedLastYear.sealedPayload).toMatch(/^v2:k2025:/);
    configurePhiEncryption(new PhiKeyring([oldKey, newKey], newKey.id));
    expect(
      await consumer.consume(`test.rotated.${randomUUID()}`, ClaimCreatedEvent, sealedLastYear, handler),
    ).toBe('processed');
    expect(handled).toEqual(['claim-5']);
    expect(sealEventEnvelope(claimCreated(6)).sealedPayload).toMatch(/^v2:k2026:/);
  });

  it('a handler that keeps failing dead-letters the event as received: sealed', async () => {
    const name = `test.failing.${randomUUID()}`;
    const failing = new EventConsumer(dataSource, outbox, { attempts: 2, initialDelayMs: 1, maxDelayMs: 1 });
    const event = sealEventEnvelope(claimCreated(7));
    expect(
      await failing.consume(name, ClaimCreatedEvent, event, async () => {
        throw new Error('payer table unavailable');
      }),
    ).toBe('dead-lettered');
    const { stored, letter } = await letterOf(name);
    expect(letter.original).toEqual(event);
    expect(stored).not.toContain('pat-7');
  });
});
