import { EncounterCoded, EncounterCodedEvent, createEvent } from '@revcycle/contracts';
import { ConsumerBatch, inConsumeScope, sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { CodedEncounterConsumer } from './coded-encounter.consumer';

interface ClaimView {
  id: string;
  encounterId: string;
  patientControlNumber: string;
  status: string;
  diagnoses: string[];
  serviceLines: Array<{
    lineNumber: number;
    procedureCode: string;
    modifiers: string[];
    diagnosisPointers: number[];
  }>;
}

/**
 * Claims' intake counted in database round trips (every `pg` query of the consumer's transaction,
 * START TRANSACTION and COMMIT included): one coded encounter, and a consumer batch of them
 * stored set-based — the same handful of statements for one claim or twenty — with what they
 * store read back through the API (sealed columns open, one claim per encounter, in-batch and
 * stored duplicates named).
 */
describe('coded encounters become claims in a handful of round trips', () => {
  let claims: ServiceUnderTest;
  let db: DataSource;
  const statements: Array<{ client: Client; text: string }> = [];
  const originalQuery = Client.prototype.query;
  let counting = false;

  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    db = claims.running.app.get(getDataSourceToken('claims'));
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
        statements.push({ client: this, text: String(text) });
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  }, 300_000); // the service loads the national edit tables and joins the broker first
  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await claims?.stop();
  }, 60_000);

  /** The statements of the transaction that claimed the inbox rows, START TRANSACTION to COMMIT. */
  async function consumerTrips(work: () => Promise<void>): Promise<string[]> {
    statements.length = 0;
    counting = true;
    try {
      await work();
    } finally {
      counting = false;
    }
    const consumer = statements.find((s) => /INSERT INTO "claims"\.inbox/.test(s.text))?.client;
    const own = statements.filter((s) => s.client === consumer).map((s) => s.text);
    const begin = own.findIndex((t) => /^START TRANSACTION/i.test(t));
    const commit = own.findIndex((t, i) => i > begin && /^COMMIT/i.test(t));
    return own.slice(begin, commit + 1);
  }

  const print = (label: string, trips: string[]) =>
    process.stdout.write(
      `${label}: ${trips.length} round trips\n  ${trips.map((s) => s.replace(/\s+/g, ' ').slice(0, 120)).join('\n  ')}\n`,
    );

  const patientId = randomUUID();
  const coded = (dateOfService: string, code = '99213'): EncounterCoded => ({
    encounterId: randomUUID(),
    dateOfService,
    placeOfService: '11',
    patient: {
      id: patientId,
      mrn: 'RT-1',
      firstName: 'Ro',
      lastName: 'Trip',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    },
    coverage: {
      id: randomUUID(),
      payer: { id: randomUUID(), name: 'Trip Health', payerId: 'TRIP1' },
      memberId: 'XZ123456789',
      relationship: 'self',
      subscriber: { firstName: 'Ro', lastName: 'Trip', dateOfBirth: '1970-05-05', sex: 'F' },
    },
    billingProvider: {
      id: randomUUID(),
      npi: '1234567893',
      name: 'Clinic',
      taxId: '123456789',
      address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
    },
    renderingProvider: { id: randomUUID(), npi: '1234567893', name: 'Okafor', firstName: 'Ada' },
    diagnoses: [
      { code: 'I10', sequence: 2 },
      { code: 'E119', sequence: 1 },
    ],
    procedures: [
      { code, modifiers: ['25'], units: 1, chargeCents: 15000, diagnosisSequences: [1, 2] },
      { code: '36415', modifiers: [], units: 1, chargeCents: 1200, diagnosisSequences: [2] },
    ],
    codedBy: 'it-coder',
    codingMethod: 'auto',
  });
  const eventOf = (encounter: EncounterCoded) =>
    createEvent(EncounterCodedEvent, {
      aggregateId: encounter.encounterId,
      actor: { id: 'it-coder', role: 'coder' },
      payload: encounter,
    });
  const claimOf = async (encounterId: string) => {
    const list = await claims.call<{ items: ClaimView[] }>(
      'GET',
      `/claims?encounterId=${encounterId}`,
      'biller',
    );
    return list.body.items;
  };
  const editsOf = async (id: string) =>
    (
      await claims.call<{ edits: Array<{ editId: string; codes: string[] }> }>(
        'GET',
        `/claims/${id}/edits`,
        'biller',
      )
    ).body.edits;

  it('stores one coded encounter in 7 (the inbox row, three statements, the outbox, begin and commit)', async () => {
    const encounter = coded('2026-10-01');
    const trips = await consumerTrips(() =>
      claims.running.app.get(CodedEncounterConsumer).onCoded(sealEventEnvelope(eventOf(encounter))),
    );
    print('one coded encounter', trips);
    expect(trips.length).toBeLessThanOrEqual(7);
    const [claim] = await claimOf(encounter.encounterId);
    expect(claim).toMatchObject({ status: 'ready', diagnoses: ['E119', 'I10'] });
    const detail = await claims.call<ClaimView>('GET', `/claims/${claim.id}`, 'biller');
    expect(detail.body.serviceLines).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        procedureCode: '99213',
        modifiers: ['25'],
        diagnosisPointers: [1, 2],
      }),
      expect.objectContaining({
        lineNumber: 2,
        procedureCode: '36415',
        modifiers: [],
        diagnosisPointers: [2],
      }),
    ]);
  });

  it('stores a consumer batch of 20 set-based in as many, with duplicates in the batch and stored named', async () => {
    const stored = coded('2026-09-28', '99214');
    await claims.running.app.get(CodedEncounterConsumer).onCoded(sealEventEnvelope(eventOf(stored)));
    const encounters = Array.from({ length: 17 }, (_, i) =>
      coded(`2026-09-${String(i + 1).padStart(2, '0')}`),
    );
    const twin = { ...coded('2026-09-01'), encounterId: randomUUID() }; // identical to encounters[0]
    const again = { ...coded('2026-09-28', '99214'), encounterId: randomUUID() }; // identical to `stored`
    const events = [...encounters, twin, again].map(eventOf);
    // The first encounter again under another event id (replayed upstream): still one claim.
    events.push(eventOf(encounters[3]));
    // The batch as the transport decoded it: sealed envelopes, their id and key in clear.
    const sealed = events.map((e) => sealEventEnvelope(e));
    const batch = new ConsumerBatch(EncounterCodedEvent.type, sealed);
    const consumer = claims.running.app.get(CodedEncounterConsumer);
    const trips = await consumerTrips(async () => {
      await inConsumeScope(batch, async () => {
        for (const e of sealed) await consumer.onCoded(e);
      });
      expect(batch.deferred).toBe(false);
      await batch.commit();
    });
    print('a batch of 20 coded encounters', trips);
    expect(trips.length).toBeLessThanOrEqual(7);

    expect(await claimOf(encounters[3].encounterId)).toHaveLength(1);
    const first = (await claimOf(encounters[0].encounterId))[0];
    const twinClaim = (await claimOf(twin.encounterId))[0];
    expect(first.status).toBe('ready');
    expect(twinClaim.status).toBe('rejected');
    expect(await editsOf(twinClaim.id)).toEqual([
      expect.objectContaining({ editId: 'DUPLICATE_CLAIM', codes: [first.patientControlNumber] }),
    ]);
    const againClaim = (await claimOf(again.encounterId))[0];
    const storedClaim = (await claimOf(stored.encounterId))[0];
    expect(await editsOf(againClaim.id)).toEqual([
      expect.objectContaining({ editId: 'DUPLICATE_CLAIM', codes: [storedClaim.patientControlNumber] }),
    ]);
    const [counts] = await db.query(
      `SELECT (SELECT count(*)::int FROM claims.claim WHERE encounter_id = ANY($1)) AS claims,
              (SELECT count(*)::int FROM claims.service_line l JOIN claims.claim c ON c.id = l.claim_id
                WHERE c.encounter_id = ANY($1)) AS lines,
              (SELECT count(*)::int FROM claims.claim_status_change h JOIN claims.claim c ON c.id = h.claim_id
                WHERE c.encounter_id = ANY($1) AND h.from_status IS NULL AND h.changed_by = 'claims-builder') AS history,
              (SELECT count(*)::int FROM claims.outbox o JOIN claims.claim c ON c.id::text = o.message_key
                WHERE c.encounter_id = ANY($1) AND o.topic = 'claims.claim.created') AS created`,
      [[...encounters, twin, again].map((e) => e.encounterId)],
    );
    expect(counts).toEqual({ claims: 19, lines: 38, history: 19, created: 19 });
  });
});
