import { EncounterCodedEvent, createEvent, deadLetterTopic, withNpiCheckDigit } from '@revcycle/contracts';
import { DeadLetter, KafkaEventPublisher, openEventEnvelope, sealEventEnvelope } from '@revcycle/messaging';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { DistributedServices, eventually } from './distributed-services';

/**
 * The five services as separate Nest apps exchanging real Kafka events over one real PostgreSQL:
 * encounter in at charts → coded → claim stored → ledger entry → audit rows, plus redelivery,
 * the coding queue, the DLQ, and bad input at the API.
 */
describe('encounter → claim across five services on Kafka', () => {
  const services = new DistributedServices();
  const run = randomBytes(3).toString('hex');
  let payerId: string;
  let billingId: string;
  let renderingId: string;
  let patientId: string;
  let coverageId: string;
  let database: Pool | undefined;
  /** Reads what the services stored, straight from PostgreSQL (parameterized). */
  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    database ??= new Pool({ connectionString: services.databaseUrl, max: 2 });
    return (await database.query(text, params)).rows as T[];
  };

  beforeAll(async () => {
    await services.start();
    payerId = (
      await services.call<{ id: string }>('charts', 'POST', '/payers', 'biller', {
        name: 'E2E Health',
        payerId: `E2E${run}`,
      })
    ).body.id;
    billingId = (
      await services.call<{ id: string }>('charts', 'POST', '/providers', 'biller', {
        npi: withNpiCheckDigit(`1${randomDigits(8)}`),
        kind: 'organization',
        name: 'E2E Clinic',
        taxId: '123456789',
        taxonomy: '261QP2300X',
        address: { line1: '1 Clinic Way', city: 'Madison', state: 'WI', postalCode: '537031234' },
      })
    ).body.id;
    renderingId = (
      await services.call<{ id: string }>('charts', 'POST', '/providers', 'biller', {
        npi: withNpiCheckDigit(`1${randomDigits(8)}`),
        kind: 'individual',
        name: 'Okafor',
        firstName: 'Ada',
        taxonomy: '207Q00000X',
      })
    ).body.id;
    patientId = (
      await services.call<{ id: string }>('charts', 'POST', '/patients', 'biller', {
        mrn: `E2E-${run}`,
        firstName: 'Marisol',
        lastName: 'Quintero',
        dateOfBirth: '1970-05-05',
        sex: 'F',
        address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
      })
    ).body.id;
    coverageId = (
      await services.call<{ id: string }>('charts', 'POST', `/patients/${patientId}/coverages`, 'biller', {
        payerId,
        memberId: 'XZ123456789',
        relationship: 'self',
      })
    ).body.id;
  }, 180_000);

  afterAll(async () => {
    await database?.end();
    await services.stop();
  }, 120_000);

  // Each encounter bills a slightly different venipuncture charge (the first one 1500): identical
  // encounters would make identical claims, and the second of those is a DUPLICATE_CLAIM.
  let encounters = 0;
  const encounter = (diagnoses: string[]) => ({
    patientId,
    coverageId,
    billingProviderId: billingId,
    renderingProviderId: renderingId,
    dateOfService: '2026-09-14',
    placeOfService: '11',
    diagnoses: diagnoses.map((code) => ({ code })),
    procedures: [
      { code: '99214', units: 1, chargeCents: 18500, diagnosisPointers: [1, 2].slice(0, diagnoses.length) },
      { code: '36415', units: 1, chargeCents: 1500 + 100 * encounters++, diagnosisPointers: [1] },
    ],
  });

  async function finalizeNew(body: unknown): Promise<{ id: string }> {
    const created = await services.call<{ id: string }>('charts', 'POST', '/encounters', 'biller', body);
    expect(created.status).toBe(201);
    expect(
      (await services.call('charts', 'POST', `/encounters/${created.body.id}/finalize`, 'biller')).status,
    ).toBe(200);
    return created.body;
  }

  async function claimFor(encounterId: string) {
    return eventually(
      async () => {
        const { body } = await services.call<{ items: ClaimView[] }>(
          'claims',
          'GET',
          `/claims?encounterId=${encounterId}`,
          'biller',
        );
        return body.items.length > 0 ? body.items : undefined;
      },
      60000,
      `a claim for encounter ${encounterId}`,
    );
  }

  it('a finalized encounter with valid codes becomes one stored claim, a ledger entry and audit rows', async () => {
    const created = await services.call<{ id: string }>(
      'charts',
      'POST',
      '/encounters',
      'biller',
      encounter(['E11.65', 'I10']),
    );
    expect(created.status).toBe(201);
    const finalized = await services.call<{ status: string }>(
      'charts',
      'POST',
      `/encounters/${created.body.id}/finalize`,
      'biller',
    );
    expect(finalized.body.status).toBe('finalized');

    const [claim] = await claimFor(created.body.id);
    expect(claim).toMatchObject({
      patientId,
      payerId,
      totalChargeCents: 20000,
      diagnoses: ['E1165', 'I10'],
      frequencyCode: '1',
      dateOfService: '2026-09-14',
    });
    expect(claim.patientControlNumber).toMatch(/^RC\d{10}$/);
    expect(
      claim.serviceLines.map((l) => [l.lineNumber, l.procedureCode, l.chargeCents, l.diagnosisPointers]),
    ).toEqual([
      [1, '99214', 18500, [1, 2]],
      [2, '36415', 1500, [1]],
    ]);

    const ledger = await eventually(
      async () => {
        const r = await services.call<{ claimId: string; totalChargeCents: number }>(
          'remittance',
          'GET',
          `/remittance/ledger/${claim.patientControlNumber}`,
          'finance',
        );
        return r.status === 200 ? r.body : undefined;
      },
      30000,
      'the ledger entry',
    );
    expect(ledger).toMatchObject({ claimId: claim.id, totalChargeCents: 20000 });

    const audit = await eventually(
      async () => {
        const { body } = await services.call<{ items: AuditView[] }>(
          'compliance',
          'GET',
          `/audit?patientId=${patientId}&limit=500`,
          'compliance',
        );
        const services_ = new Set(body.items.map((a) => a.service));
        return ['charts', 'coding', 'claims', 'remittance'].every((s) => services_.has(s))
          ? body.items
          : undefined;
      },
      30000,
      'audit rows from charts, coding, claims and remittance',
    );
    const actions = audit.map((a) => `${a.service}:${a.resourceType}:${a.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'charts:Patient:create',
        'charts:Encounter:finalize',
        'coding:Encounter:code',
        'claims:Claim:read',
      ]),
    );
    expect(audit.find((a) => a.action === 'finalize')).toMatchObject({
      actorId: 'e2e-biller',
      actorRole: 'biller',
      outcome: 'success',
    });
    // The audit never carries the PHI itself: every column of every audit row (the table as stored,
    // whatever its columns) is searched for the patient's identifiers. The search is shown to work on
    // a row that does hold them, and the audit rows searched include this patient's.
    const patient = (await services.call<PatientView>('charts', 'GET', `/patients/${patientId}`, 'biller'))
      .body;
    const coverages = (
      await services.call<{ items: Array<{ memberId: string }> }>(
        'charts',
        'GET',
        `/patients/${patientId}/coverages`,
        'biller',
      )
    ).body.items;
    const identifiers = phiOf(patient, coverages[0].memberId);
    // The control holds the PHI as the platform shows it, plus the birth date as an 837 carries it.
    const control = await rowsAsText(
      sql,
      `SELECT $1::jsonb AS patient, $2::jsonb AS coverages, $3::text AS x12`,
      [
        JSON.stringify(patient),
        JSON.stringify(coverages),
        `DMG*D8*${patient.dateOfBirth.replace(/-/g, '')}*${patient.sex}~`,
      ],
    );
    expect(phiFoundIn(control, identifiers)).toEqual(identifiers);
    const [{ schema }] = await sql<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'audit_log'`,
    );
    const stored = await rowsAsText(sql, `SELECT * FROM "${schema}".audit_log`);
    expect(stored.filter((row) => row.includes(patientId)).length).toBeGreaterThanOrEqual(audit.length);
    expect(phiFoundIn(stored, identifiers)).toEqual([]);
    // Nor do the outboxes that carried this encounter's snapshot (charts → coding → claims): the
    // payloads are sealed. The rows searched include this encounter's events.
    const outboxes = await rowsAsText(
      sql,
      `SELECT * FROM charts.outbox UNION ALL SELECT * FROM coding.outbox UNION ALL SELECT * FROM claims.outbox`,
    );
    expect(outboxes.filter((row) => row.includes(created.body.id)).length).toBeGreaterThanOrEqual(2);
    expect(phiFoundIn(outboxes, identifiers)).toEqual([]);
    const verdict = await services.call<{ ok: boolean; entries: number }>(
      'compliance',
      'GET',
      '/audit/verify',
      'compliance',
    );
    expect(verdict.body.ok).toBe(true);
  });

  it('the same coded event delivered twice yields one claim', async () => {
    const encounterId = randomUUID();
    const kafka = new KafkaEventPublisher({
      brokers: process.env['KAFKA_BROKERS']!.split(','),
      clientId: 'e2e-replay',
      ssl: false,
    });
    const event = createEvent(EncounterCodedEvent, {
      aggregateId: encounterId,
      actor: { id: 'e2e', role: 'system' },
      payload: { ...(await snapshotFor(encounterId)), codedBy: 'e2e', codingMethod: 'auto' },
    });
    const message = { topic: event.type, key: encounterId, value: JSON.stringify(sealEventEnvelope(event)) };
    await kafka.publish([message]);
    await kafka.publish([message]);
    // A redelivery under a new event id (an upstream replay) still builds no second claim.
    const message3 = { ...message, value: JSON.stringify(sealEventEnvelope({ ...event, id: randomUUID() })) };
    await kafka.publish([message3]);
    await kafka.close();
    await claimFor(encounterId);
    // Settled when claims' intake has recorded both event ids in its inbox: the inbox row commits with
    // the handler's effect, and the three messages share a key (one partition, consumed in order), so
    // by then every delivery has been handled and any second claim would be visible.
    const replayId = JSON.parse(message3.value).id as string;
    await eventually(
      async () => {
        const rows = await sql<{ n: string }>(
          `SELECT count(*) AS n FROM claims.inbox WHERE consumer = 'claims.intake' AND event_id = ANY($1::uuid[])`,
          [[event.id, replayId]],
        );
        return Number(rows[0].n) === 2 ? true : undefined;
      },
      60000,
      'claims.intake to record both event ids',
    );
    const { body } = await services.call<{ items: ClaimView[] }>(
      'claims',
      'GET',
      `/claims?encounterId=${encounterId}`,
      'biller',
    );
    expect(body.items).toHaveLength(1);
  });

  it('a malformed event goes to the DLQ and the consumer keeps going', async () => {
    const brokers = process.env['KAFKA_BROKERS']!.split(',');
    const kafka = new KafkaEventPublisher({ brokers, clientId: 'e2e-poison', ssl: false });
    const marker = `poison-${run}`;
    await kafka.publish([
      { topic: EncounterCodedEvent.type, key: marker, value: `{"this is": not json ${marker}` },
    ]);
    const encounterId = randomUUID();
    const good = createEvent(EncounterCodedEvent, {
      aggregateId: encounterId,
      actor: { id: 'e2e', role: 'system' },
      payload: { ...(await snapshotFor(encounterId)), codedBy: 'e2e', codingMethod: 'auto' },
    });
    await kafka.publish([
      { topic: good.type, key: encounterId, value: JSON.stringify(sealEventEnvelope(good)) },
    ]);
    await kafka.close();

    await claimFor(encounterId);
    // The letter is sealed like any event (its original inside it): open each until ours.
    const letterOf = (value: string): DeadLetter | undefined => {
      try {
        return openEventEnvelope<DeadLetter>(value).payload;
      } catch {
        return undefined; // a letter of an earlier run, sealed under its key
      }
    };
    const value = await readUntil(brokers, deadLetterTopic(EncounterCodedEvent.type), (v) =>
      String(letterOf(v)?.original ?? '').includes(marker),
    );
    expect(value).not.toContain(marker);
    const letter = letterOf(value)!;
    expect(letter).toMatchObject({ consumer: 'claims.intake', topic: 'coding.encounter.coded' });
    expect(letter.errors[0]).toMatch(/not valid JSON/);
  });

  it('an encounter with an invalid code waits in the coding queue until a coder completes it', async () => {
    const created = await services.call<{ id: string }>(
      'charts',
      'POST',
      '/encounters',
      'biller',
      encounter(['M54.5', 'I10']),
    );
    await services.call('charts', 'POST', `/encounters/${created.body.id}/finalize`, 'biller');
    const item = await eventually(
      async () => {
        const { body } = await services.call<{
          items: Array<{
            id: string;
            encounterId: string;
            problems: Array<{ field: string; problem: string }>;
          }>;
        }>('coding', 'GET', '/coding/queue?limit=500', 'coder');
        return body.items.find((i) => i.encounterId === created.body.id);
      },
      30000,
      'the coding queue item',
    );
    expect(item.problems).toEqual([
      expect.objectContaining({ field: 'diagnoses[0].code', problem: 'icd-header' }),
    ]);

    const stillWrong = await services.call<{ errors: Array<{ field: string }> }>(
      'coding',
      'POST',
      `/coding/${item.id}/complete`,
      'coder',
      { diagnoses: [{ code: 'M54' }, { code: 'I10' }] },
    );
    expect(stillWrong.status).toBe(400);
    expect(stillWrong.body.errors[0].field).toBe('diagnoses[0].code');
    const forbidden = await services.call('coding', 'POST', `/coding/${item.id}/complete`, 'finance', {
      diagnoses: [{ code: 'M54.50' }, { code: 'I10' }],
    });
    expect(forbidden.status).toBe(403);

    const done = await services.call<{ status: string }>(
      'coding',
      'POST',
      `/coding/${item.id}/complete`,
      'coder',
      { diagnoses: [{ code: 'M54.50' }, { code: 'I10' }] },
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    const [claim] = await claimFor(created.body.id);
    expect(claim.diagnoses).toEqual(['M5450', 'I10']);
    const again = await services.call('coding', 'POST', `/coding/${item.id}/complete`, 'coder', {});
    expect(again.status).toBe(409);
  });

  describe('the scrubber and the edit work queue', () => {
    it('a clean claim is ready; an NCCI pair without its modifier is rejected with a fix, corrected, and re-scrubbed clean', async () => {
      const clean = await claimFor((await finalizeNew(encounter(['E11.65', 'I10']))).id);
      expect(clean[0]).toMatchObject({ status: 'ready', revision: 1 });

      // 20610 (arthrocentesis) with 99213 on one day: NCCI PTP, modifier indicator 1 — needs 25 on the E/M.
      const e = await finalizeNew({
        ...encounter(['M17.11']),
        procedures: [
          { code: '20610', units: 1, chargeCents: 21000, diagnosisPointers: [1] },
          { code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] },
        ],
      });
      const [claim] = await claimFor(e.id);
      expect(claim.status).toBe('rejected');
      const queue = await services.call<{
        items: Array<{
          claimId: string;
          ageDays: number;
          edits: Array<{ editId: string; category: string; line: number; codes: string[]; message: string }>;
        }>;
      }>('claims', 'GET', '/claims/edits?category=ncci-ptp&limit=500', 'biller');
      const item = queue.body.items.find((i) => i.claimId === claim.id);
      expect(item).toBeDefined();
      expect(item!.ageDays).toBe(0);
      expect(item!.edits[0]).toMatchObject({
        editId: 'PTP_MODIFIER_REQUIRED',
        category: 'ncci-ptp',
        codes: expect.arrayContaining(['20610', '99213']),
      });
      expect(item!.edits[0].message).toMatch(/25|59|modifier/);
      const byPayer = await services.call<{ items: unknown[] }>(
        'claims',
        'GET',
        `/claims/edits?payerId=${payerId}&editId=PTP_MODIFIER_REQUIRED&limit=500`,
        'biller',
      );
      expect(byPayer.body.items.length).toBeGreaterThan(0);
      const badFilter = await services.call<{ errors: Array<{ field: string }> }>(
        'claims',
        'GET',
        '/claims/edits?category=nonsense',
        'biller',
      );
      expect(badFilter.status).toBe(400);

      const fixed = await services.call<{
        status: string;
        revision: number;
        scrub: { status: string; edits: unknown[] };
      }>('claims', 'POST', `/claims/${claim.id}/corrections`, 'biller', {
        serviceLines: [
          { procedureCode: '20610', units: 1, chargeCents: 21000, diagnosisPointers: [1] },
          { procedureCode: '99213', modifiers: ['25'], units: 1, chargeCents: 12500, diagnosisPointers: [1] },
        ],
        note: 'separately identifiable E/M',
      });
      expect(fixed.status).toBe(200);
      expect(fixed.body).toMatchObject({
        status: 'ready',
        revision: 2,
        scrub: { status: 'clean', edits: [] },
      });
      const after = await services.call<{ items: Array<{ claimId: string }> }>(
        'claims',
        'GET',
        '/claims/edits?limit=500',
        'biller',
      );
      expect(after.body.items.some((i) => i.claimId === claim.id)).toBe(false);
      expect(
        (
          await services.call('claims', 'POST', `/claims/${randomUUID()}/corrections`, 'biller', {
            note: 'x',
          })
        ).status,
      ).toBe(404);
    });

    it('payer rules written as data take effect for new claims', async () => {
      const rules = {
        rules: [
          {
            id: 'E2E-TELEHEALTH-95',
            payers: [`E2E${run}`],
            scope: 'line',
            severity: 'reject',
            when: { field: 'placeOfService', in: ['02', '10'] },
            require: { field: 'modifiers', includes: '95' },
            message: 'Line {line}: telehealth (POS {placeOfService}) needs modifier 95 on {procedureCode}.',
          },
        ],
      };
      expect((await services.call('claims', 'PUT', '/claims/payer-rules', 'biller', rules)).status).toBe(403);
      const broken = await services.call<{ message: string }>(
        'claims',
        'PUT',
        '/claims/payer-rules',
        'admin',
        { rules: [{ id: 'X', message: 'm', when: { field: 'nope', equals: 1 } }] },
      );
      expect(broken.status).toBe(400);
      expect((await services.call('claims', 'PUT', '/claims/payer-rules', 'admin', rules)).status).toBe(200);

      const e = await finalizeNew({
        ...encounter(['J06.9']),
        placeOfService: '10',
        procedures: [{ code: '99213', units: 1, chargeCents: 12500, diagnosisPointers: [1] }],
      });
      const [claim] = await claimFor(e.id);
      expect(claim.status).toBe('rejected');
      const edits = await services.call<{
        patientId: string;
        edits: Array<{ editId: string; category: string; message: string }>;
      }>('claims', 'GET', `/claims/${claim.id}/edits`, 'biller');
      expect(edits.body.patientId).toBe(patientId);
      expect(edits.body.edits).toEqual([
        expect.objectContaining({
          editId: 'E2E-TELEHEALTH-95',
          category: 'payer-rule',
          message: 'Line 1: telehealth (POS 10) needs modifier 95 on 99213.',
        }),
      ]);
      await services.call('claims', 'PUT', '/claims/payer-rules', 'admin', { rules: [] });
    });
  });

  describe('bad input gets a located 4xx and stores nothing', () => {
    async function encounterCount(): Promise<number> {
      return (await services.call<{ total: number }>('charts', 'GET', '/encounters?limit=1', 'biller')).body
        .total;
    }

    it('malformed JSON', async () => {
      const r = await services.call<{ message: string }>(
        'charts',
        'POST',
        '/patients',
        'biller',
        undefined,
        '{"mrn": ',
      );
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/JSON/);
    });

    it('missing and wrong fields are each named', async () => {
      const r = await services.call<{ errors: Array<{ field: string }> }>(
        'charts',
        'POST',
        '/patients',
        'biller',
        {
          mrn: 'X',
          firstName: 'A',
          dateOfBirth: '2026-02-30',
          sex: 'Q',
          address: { line1: '1 A St', city: 'B', state: 'Wisconsin', postalCode: '5370' },
          ssn: '123-45-6789',
        },
      );
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e) => e.field).sort()).toEqual(
        ['address.postalCode', 'address.state', 'dateOfBirth', 'lastName', 'sex', 'ssn'].sort(),
      );
    });

    it('an invalid NPI check digit', async () => {
      const r = await services.call<{ errors: Array<{ field: string }> }>(
        'charts',
        'POST',
        '/providers',
        'biller',
        { npi: '1234567890', kind: 'organization', name: 'Bad NPI' },
      );
      expect(r.status).toBe(400);
      expect(r.body.errors[0].field).toBe('npi');
    });

    it('unknown patient and coverage ids, and pointers past the diagnoses', async () => {
      const before = await encounterCount();
      const unknown = await services.call<{ errors: Array<{ field: string }> }>(
        'charts',
        'POST',
        '/encounters',
        'biller',
        { ...encounter(['I10']), patientId: randomUUID() },
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('patientId');
      const pointer = await services.call<{ errors: Array<{ field: string }> }>(
        'charts',
        'POST',
        '/encounters',
        'biller',
        {
          ...encounter(['I10']),
          procedures: [{ code: '99213', units: 1, chargeCents: 100, diagnosisPointers: [3] }],
        },
      );
      expect(pointer.status).toBe(400);
      expect(pointer.body.errors[0].field).toBe('procedures.0.diagnosisPointers');
      const unknownPayer = await services.call<{ errors: Array<{ field: string }> }>(
        'charts',
        'POST',
        `/patients/${patientId}/coverages`,
        'biller',
        { payerId: randomUUID(), memberId: 'X1', relationship: 'self' },
      );
      expect(unknownPayer.body.errors[0].field).toBe('payerId');
      expect(await encounterCount()).toBe(before);
    });

    it('an encounter finalized twice is a 409 and emits nothing twice', async () => {
      const created = await services.call<{ id: string }>(
        'charts',
        'POST',
        '/encounters',
        'biller',
        encounter(['J06.9']),
      );
      expect(
        (await services.call('charts', 'POST', `/encounters/${created.body.id}/finalize`, 'biller')).status,
      ).toBe(200);
      const second = await services.call<{ message: string }>(
        'charts',
        'POST',
        `/encounters/${created.body.id}/finalize`,
        'biller',
      );
      expect(second.status).toBe(409);
      expect(second.body.message).toMatch(/already finalized/);
      await claimFor(created.body.id);
    });

    it('query parameters are checked too', async () => {
      for (const [service, path] of [
        ['claims', '/claims?limit=abc'],
        ['claims', '/claims?status=lost'],
        ['charts', '/encounters?status=closed'],
        ['compliance', '/audit?from=yesterday'],
      ] as const) {
        const r = await services.call<{ errors: Array<{ field: string }> }>(service, 'GET', path, 'admin');
        expect({ path, status: r.status }).toEqual({ path, status: 400 });
        expect(r.body.errors[0].field).toBe(path.split('?')[1].split('=')[0]);
      }
    });

    it('no token is 401, a role without the permission is 403, and neither reaches PHI', async () => {
      const since = new Date().toISOString();
      expect((await services.call('charts', 'GET', `/patients/${patientId}`, null)).status).toBe(401);
      expect((await services.call('charts', 'GET', `/patients/${patientId}`, 'finance')).status).toBe(403);
      expect((await services.call('compliance', 'GET', '/audit', 'biller')).status).toBe(403);
      const health = await services.call<{ status: string }>('claims', 'GET', '/health', null);
      expect(health.body.status).toBe('ok');
      // The refusals reach compliance's chained log: who, the route pattern, outcome refused, no patient.
      const refusedBy = (actorId: string, service: string) =>
        eventually(
          async () => {
            const { body } = await services.call<{ items: Array<AuditView & Record<string, unknown>> }>(
              'compliance',
              'GET',
              `/audit?actorId=${actorId}&outcome=refused&service=${service}&from=${since}&limit=500`,
              'compliance',
            );
            // The filters are the server's: everything answered is a refusal at that service.
            expect(body.items.every((a) => a.outcome === 'refused' && a.service === service)).toBe(true);
            return body.items[0];
          },
          30000,
          `a refused request of ${actorId} at ${service}`,
        );
      expect(await refusedBy('e2e-finance', 'charts')).toMatchObject({
        actorRole: 'finance',
        operation: 'GET /patients/:id',
        patientId: null,
        resourceId: null,
      });
      expect(await refusedBy('anonymous', 'charts')).toMatchObject({ operation: 'GET /patients/:id' });
      expect(await refusedBy('e2e-biller', 'compliance')).toMatchObject({ operation: 'GET /audit' });
      const unknown = await services.call<{ status: number }>(
        'compliance',
        'GET',
        '/audit?outcome=bogus',
        'compliance',
      );
      expect(unknown.status).toBe(400);
    });
  });

  async function snapshotFor(encounterId: string) {
    const patient = (await services.call<PatientView>('charts', 'GET', `/patients/${patientId}`, 'biller'))
      .body;
    return {
      encounterId,
      dateOfService: '2026-09-14',
      placeOfService: '11',
      patient: {
        id: patient.id,
        mrn: patient.mrn,
        firstName: patient.firstName,
        lastName: patient.lastName,
        dateOfBirth: patient.dateOfBirth,
        sex: patient.sex,
        address: patient.address,
      },
      coverage: {
        id: coverageId,
        payer: { id: payerId, name: 'E2E Health', payerId: `E2E${run}` },
        memberId: 'XZ123456789',
        relationship: 'self' as const,
        subscriber: {
          firstName: patient.firstName,
          lastName: patient.lastName,
          dateOfBirth: patient.dateOfBirth,
          sex: patient.sex,
        },
      },
      billingProvider: { id: billingId, npi: '1234567893', name: 'E2E Clinic' },
      renderingProvider: { id: renderingId, npi: '1234567893', name: 'Okafor', firstName: 'Ada' },
      diagnoses: [{ code: 'I10', sequence: 1 }],
      procedures: [{ code: '99213', modifiers: [], units: 1, chargeCents: 12500, diagnosisSequences: [1] }],
    };
  }
});

interface ClaimView {
  id: string;
  status: string;
  revision: number;
  patientControlNumber: string;
  diagnoses: string[];
  serviceLines: Array<{
    lineNumber: number;
    procedureCode: string;
    chargeCents: number;
    diagnosisPointers: number[];
  }>;
}
interface AuditView {
  service: string;
  action: string;
  resourceType: string;
  actorId: string;
  actorRole: string;
  outcome: string;
}
interface PatientView {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'F' | 'M' | 'U';
  address: { line1: string; city: string; state: string; postalCode: string };
}

function randomDigits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}

/** Reads a topic from the beginning until a message matches. */
async function readUntil(
  brokers: string[],
  topic: string,
  match: (value: string) => boolean,
  timeoutMs = 30000,
): Promise<string> {
  const consumer = new Kafka({ clientId: 'e2e-dlq-reader', brokers, logLevel: logLevel.WARN }).consumer({
    groupId: `e2e-dlq-${randomUUID()}`,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message on ${topic}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = message.value?.toString() ?? '';
          if (match(value)) {
            clearTimeout(timer);
            resolve(value);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

/** The patient's identifiers as they could appear in stored text (names, birth date both ways, address, MRN, member id). */
function phiOf(patient: PatientView, memberId: string): string[] {
  const dob = patient.dateOfBirth;
  const terms = [
    patient.firstName,
    patient.lastName,
    dob,
    dob.replace(/-/g, ''),
    patient.mrn,
    patient.address.line1,
    memberId,
  ];
  // Short or missing terms would make the search pass by accident (or fail on noise).
  if (terms.some((t) => typeof t !== 'string' || t.length < 4))
    throw new Error(`weak PHI terms: ${terms.join(', ')}`);
  return terms;
}

/** Each row of `query` as its JSON text: every column, including ones added later. */
async function rowsAsText(
  sql: <T>(text: string, params?: unknown[]) => Promise<T[]>,
  query: string,
  params: unknown[] = [],
): Promise<string[]> {
  const rows = await sql<{ text: string }>(`SELECT row_to_json(t)::text AS text FROM (${query}) t`, params);
  return rows.map((r) => r.text);
}

/** The identifiers that occur (case-insensitively) in any of the texts. */
function phiFoundIn(texts: string[], identifiers: string[]): string[] {
  const haystack = texts.join('\n').toLowerCase();
  return identifiers.filter((i) => haystack.includes(i.toLowerCase()));
}
