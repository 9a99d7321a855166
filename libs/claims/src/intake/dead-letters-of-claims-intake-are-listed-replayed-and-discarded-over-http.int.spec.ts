import { AuditRecorded, EncounterCoded, EncounterCodedEvent, createEvent } from '@revcycle/contracts';
import { openEventEnvelope, sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest, eventually } from '@revcycle/runtime';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { claimsOfEncounter } from '../adjudication/adjudication.test-support';
import { claimsServiceSpec } from '../claims.app';
import { codedEncounter } from '../submission/ready-claims.test-support';
import { CodedEncounterConsumer } from './coded-encounter.consumer';

interface Letter {
  id: string;
  service: string;
  consumer: string;
  topic: string;
  key: string | null;
  eventId: string | null;
  eventType: string;
  error: string;
  attempts: number;
  deadLetteredAt: string;
  status: string;
  parkedCount: number;
}
interface Problem {
  statusCode: number;
  message: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

/**
 * Issue 10 §6 over real HTTP, on the claims service as its own process runs it (real PostgreSQL, real
 * broker, batching transport): a coded encounter its handler cannot store is dead-lettered, the
 * encounter's next event parked; GET /admin/dead-letters shows them without content; replay goes
 * through the same @EventPattern handler (Nest's transport), then applies what was parked.
 */
describe('dead letters of claims intake over HTTP (admin)', () => {
  let claims: ServiceUnderTest;
  let sql: Client;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    sql = new Client({ connectionString: claims.running.env.databaseUrl });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await claims?.stop();
  }, 60_000);

  const coded = (encounter: EncounterCoded) =>
    claims.running.app.get(CodedEncounterConsumer).onCoded(
      sealEventEnvelope(
        createEvent(EncounterCodedEvent, {
          aggregateId: encounter.encounterId,
          actor: { id: 'it-coder', role: 'coder' },
          payload: encounter,
        }),
      ),
    );
  const list = (query = '') =>
    claims.call<{ total: number; items: Letter[] }>('GET', `/admin/dead-letters${query}`, 'admin');
  // The broker is shared with other suites: events sealed under their keys reach this consumer
  // group and are dead-lettered too ("does not open"). The assertions are about this test's keys.
  const letterOf = async (key: string, query = '') => {
    const r = await list(query);
    expect(r.status).toBe(200);
    return r.body.items.filter((l) => l.key === key);
  };
  const payerId = randomUUID();
  const first = codedEncounter(payerId, 1);

  it('lists the dead letter and the parked count, never the content; refuses non-admins and bad parameters', async () => {
    // A bad deploy, say: storing this encounter's claim fails for now (a trigger on the claim table).
    await sql.query(`CREATE FUNCTION claims.refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'payer plan not configured'; END $$`);
    await sql.query(
      `CREATE TRIGGER refuse_claim BEFORE INSERT ON claims.claim FOR EACH ROW
       WHEN (NEW.encounter_id = '${first.encounterId}') EXECUTE FUNCTION claims.refuse_claim()`,
    );
    await coded(first);
    // The same encounter coded again (a coder's fix): parked behind the dead letter, not applied.
    await coded({ ...first, diagnoses: [{ code: 'E119', sequence: 1 }] });

    const r = await list();
    expect(r.status).toBe(200);
    const own = await letterOf(first.encounterId);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      service: 'claims',
      consumer: 'claims.intake',
      topic: EncounterCodedEvent.type,
      key: first.encounterId,
      eventType: EncounterCodedEvent.type,
      attempts: 4,
      status: 'open',
      parkedCount: 1,
    });
    expect(own[0].error).toMatch(/payer plan not configured/);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(first.patient.lastName);
    expect(text).not.toContain(first.coverage.memberId);
    // No letter carries the event itself (other suites' letters name the field in their error only).
    for (const item of r.body.items) {
      expect(Object.keys(item).filter((k) => /payload|envelope|value/i.test(k))).toEqual([]);
    }
    expect(JSON.stringify(own)).not.toContain('sealedPayload');

    expect(
      await letterOf(
        first.encounterId,
        `?consumer=claims.intake&topic=${EncounterCodedEvent.type}&status=open`,
      ),
    ).toHaveLength(1);
    expect(await letterOf(first.encounterId, '?status=replayed')).toHaveLength(0);
    expect((await list('?consumer=coding.intake')).body.total).toBe(0);
    expect((await claims.call('GET', '/admin/dead-letters', 'biller')).status).toBe(403);
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?offset=-1', 'offset'],
      ['?status=stuck', 'status'],
      ['?service=billing', 'service'],
      ['?consumer=a%20b', 'consumer'],
    ]) {
      const bad = await claims.call<Problem>('GET', `/admin/dead-letters${query}`, 'admin');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field)).toEqual([field]);
    }
    expect(await claimsOfEncounter(claims, first.encounterId)).toEqual([]);
  });

  it('a replay the handler still refuses answers 200 failed and keeps it open; once fixed it applies, then the parked event', async () => {
    const [letter] = await letterOf(first.encounterId);
    const failed = await claims.call<{ outcome: string; error: string; stillParked: number }>(
      'POST',
      `/admin/dead-letters/${letter.id}/replay`,
      'admin',
    );
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ outcome: 'failed', stillParked: 1 });
    expect(failed.body.error).toMatch(/payer plan not configured/);
    expect((await letterOf(first.encounterId))[0]).toMatchObject({
      status: 'open',
      attempts: 5,
      parkedCount: 1,
    });

    await sql.query(`DROP TRIGGER refuse_claim ON claims.claim`);
    const replayed = await claims.call('POST', `/admin/dead-letters/${letter.id}/replay`, 'admin');
    expect(replayed).toEqual({
      status: 200,
      body: { id: letter.id, outcome: 'replayed', appliedParked: 1, stillParked: 0 },
    });
    expect(await claimsOfEncounter(claims, first.encounterId)).toHaveLength(1);
    expect((await letterOf(first.encounterId, '?status=replayed'))[0]).toMatchObject({
      id: letter.id,
      parkedCount: 0,
    });

    const again = await claims.call<Problem>('POST', `/admin/dead-letters/${letter.id}/replay`, 'admin');
    expect(again.status).toBe(409);
    expect((await claims.call('POST', `/admin/dead-letters/${randomUUID()}/replay`, 'admin')).status).toBe(
      404,
    );
    const badId = await claims.call<Problem>('POST', '/admin/dead-letters/not-a-uuid/replay', 'admin');
    expect(badId.status).toBe(400);
    expect((await claims.call('POST', `/admin/dead-letters/${letter.id}/replay`, 'coder')).status).toBe(403);
  });

  it('a malformed event is discarded with a reason (audited), and what was parked behind it is applied', async () => {
    const later = codedEncounter(payerId, 2);
    // A payload that does not validate: dead-lettered at once, its key the encounter's.
    const valid = createEvent(EncounterCodedEvent, {
      aggregateId: later.encounterId,
      actor: { id: 'it-coder', role: 'coder' },
      payload: later,
    });
    await claims.running.app
      .get(CodedEncounterConsumer)
      .onCoded(sealEventEnvelope({ ...valid, payload: { encounterId: later.encounterId } }));
    await coded(later);
    const [letter] = await letterOf(later.encounterId, '?status=open');
    expect(letter).toMatchObject({ key: later.encounterId, attempts: 0, parkedCount: 1 });
    expect(letter.error).toMatch(/payload\./);

    const noReason = await claims.call<Problem>(
      'POST',
      `/admin/dead-letters/${letter.id}/discard`,
      'admin',
      {},
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.map((e) => e.field)).toEqual(['reason']);
    const discarded = await claims.call('POST', `/admin/dead-letters/${letter.id}/discard`, 'admin', {
      reason: 'malformed by an old coding release',
    });
    expect(discarded).toEqual({
      status: 200,
      body: { id: letter.id, outcome: 'discarded', appliedParked: 1, stillParked: 0 },
    });
    expect(await claimsOfEncounter(claims, later.encounterId)).toHaveLength(1);
    const conflict = await claims.call('POST', `/admin/dead-letters/${letter.id}/discard`, 'admin', {
      reason: 'x',
    });
    expect(conflict.status).toBe(409);

    // Audited in claims' outbox (to compliance): the list, the replays and the discard, by the admin.
    // Refusals are written in batches (every 250 ms): wait for the coder's and the biller's.
    const audited = async () =>
      (
        await sql.query<{ envelope: unknown }>(
          `SELECT envelope FROM claims.outbox WHERE topic = 'audit.recorded' ORDER BY seq`,
        )
      ).rows
        .map((r) => openEventEnvelope<AuditRecorded>(r.envelope))
        // A refusal names the endpoint (the guard refused before any dead letter was read).
        .filter(
          (e) =>
            e.payload.resourceType === 'DeadLetter' ||
            (e.payload.outcome === 'refused' && e.payload.operation?.includes(' /admin/dead-letters')),
        );
    const entries = await eventually(async () => {
      const now = await audited();
      return now.filter((e) => e.payload.outcome === 'refused').length >= 2 ? now : undefined;
    }, 'the two refusals audited');
    const of = (operation: string, refused = false) =>
      entries
        .filter((e) => e.payload.operation === operation && (e.payload.outcome === 'refused') === refused)
        .map((e) => e.payload.outcome);
    expect(of('POST /admin/dead-letters/:id/discard')).toEqual(['success', 'failure']);
    // failed replay, the replay that applied, the 409, the 404 (the bad id never reached the handler).
    expect(of('POST /admin/dead-letters/:id/replay')).toEqual(['failure', 'success', 'failure', 'failure']);
    expect(of('GET /admin/dead-letters').length).toBeGreaterThan(5);
    // The biller's and the coder's 403s, audited in the service's outbox like any refusal.
    expect(of('GET /admin/dead-letters', true)).toEqual(['refused']);
    expect(of('POST /admin/dead-letters/:id/replay', true)).toEqual(['refused']);
    expect(
      entries.filter((e) => e.payload.outcome !== 'refused').every((e) => e.actor.role === 'admin'),
    ).toBe(true);
  });
});
