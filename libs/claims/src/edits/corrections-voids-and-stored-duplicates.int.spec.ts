import { getDataSourceToken } from '@nestjs/typeorm';
import { EncounterCoded, EncounterCodedEvent, createEvent } from '@revcycle/contracts';
import { sealEventEnvelope } from '@revcycle/messaging';
import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { CodedEncounterConsumer } from '../intake/coded-encounter.consumer';

interface ClaimView {
  id: string;
  patientControlNumber: string;
  status: string;
  revision: number;
  frequencyCode: string;
  diagnoses: string[];
}
interface EditView {
  editId: string;
  codes: string[];
}
interface CorrectionView {
  id: string;
  status: string;
  revision: number;
  scrub: { status: string; edits: Array<{ id: string }> } | null;
}
interface Problem {
  statusCode: number;
  errors?: Array<{ field: string; messages: string[] }>;
}

/**
 * The claims service over real HTTP on a real PostgreSQL: a claim identical to a stored one is a
 * duplicate, corrections are checked and change only what they change, frequency 8 voids, and
 * every real change leaves claims.claim.corrected in the outbox of the same transaction.
 */
describe('claim corrections, voids and duplicates across stored claims', () => {
  let claims: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    db = claims.running.app.get(getDataSourceToken('claims'));
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  const patientId = randomUUID();
  const coded = (dateOfService = '2026-09-14'): EncounterCoded => ({
    encounterId: randomUUID(),
    dateOfService,
    placeOfService: '11',
    patient: {
      id: patientId,
      mrn: 'DUP-1',
      firstName: 'Dana',
      lastName: 'Twice',
      dateOfBirth: '1970-05-05',
      sex: 'F',
      address: { line1: '5 Elm Dr', city: 'Madison', state: 'WI', postalCode: '53703' },
    },
    coverage: {
      id: randomUUID(),
      payer: { id: randomUUID(), name: 'Dup Health', payerId: 'DUP01' },
      memberId: 'XZ123456789',
      relationship: 'self',
      subscriber: { firstName: 'Dana', lastName: 'Twice', dateOfBirth: '1970-05-05', sex: 'F' },
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
      { code: 'E119', sequence: 1 },
      { code: 'I10', sequence: 2 },
    ],
    procedures: [{ code: '99213', modifiers: [], units: 1, chargeCents: 15000, diagnosisSequences: [1, 2] }],
    codedBy: 'it-coder',
    codingMethod: 'auto',
  });

  /** Delivers a coded encounter to the service's own consumer (inbox, builder, scrubber). */
  async function claimFor(encounter: EncounterCoded): Promise<ClaimView> {
    const event = createEvent(EncounterCodedEvent, {
      aggregateId: encounter.encounterId,
      actor: { id: 'it-coder', role: 'coder' },
      payload: encounter,
    });
    await claims.running.app.get(CodedEncounterConsumer).onCoded(sealEventEnvelope(event));
    const list = await claims.call<{ items: ClaimView[] }>(
      'GET',
      `/claims?encounterId=${encounter.encounterId}`,
      'biller',
    );
    expect(list.body.items).toHaveLength(1);
    return list.body.items[0]!;
  }
  const editsOf = async (id: string) =>
    (await claims.call<{ edits: EditView[] }>('GET', `/claims/${id}/edits`, 'biller')).body.edits;
  const correct = <T>(id: string, body: unknown) =>
    claims.call<T>('POST', `/claims/${id}/corrections`, 'biller', body);
  const correctedEvents = async (id: string) =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM claims.outbox WHERE topic = 'claims.claim.corrected' AND message_key = $1`,
          [id],
        )
      )[0].n,
    );

  it('a claim identical to a stored one gets DUPLICATE_CLAIM naming it; the first stays ready', async () => {
    const first = await claimFor(coded('2026-09-01'));
    const second = await claimFor(coded('2026-09-01'));
    expect(first.status).toBe('ready');
    expect(second.status).toBe('rejected');
    expect(await editsOf(second.id)).toEqual([
      expect.objectContaining({ editId: 'DUPLICATE_CLAIM', codes: [first.patientControlNumber] }),
    ]);
    // re-scrubbing the first (a real correction) does not make it a duplicate of the later one
    const fixed = await correct<CorrectionView>(first.id, { placeOfService: '22' });
    expect(fixed.body.scrub!.edits.map((e) => e.id)).not.toContain('DUPLICATE_CLAIM');
    // a claim for another date of service is not a duplicate
    expect((await claimFor(coded('2026-09-02'))).status).toBe('ready');
  });

  it('a voided claim leaves the queue, is not scrubbed again, and is no longer an earlier duplicate', async () => {
    const first = await claimFor(coded('2026-09-03'));
    const dup = await claimFor(coded('2026-09-03'));
    expect(dup.status).toBe('rejected');
    const voided = await correct<CorrectionView>(dup.id, { frequencyCode: '8' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', revision: 2, scrub: null });
    const stored = await claims.call<ClaimView>('GET', `/claims/${dup.id}`, 'biller');
    expect(stored.body).toMatchObject({ status: 'voided', frequencyCode: '8' });
    expect(await editsOf(dup.id)).toEqual([]);
    const queue = await claims.call<{ items: Array<{ claimId: string }> }>('GET', '/claims/edits', 'biller');
    expect(queue.body.items.map((i) => i.claimId)).not.toContain(dup.id);
    const again = await correct<Problem>(dup.id, { placeOfService: '22' });
    expect(again.status).toBe(409);
    expect(await correctedEvents(dup.id)).toBe(1);
    // void the original too: a third identical claim has no live earlier one
    await correct(first.id, { frequencyCode: '8' });
    expect((await claimFor(coded('2026-09-03'))).status).toBe('ready');
  });

  it('a void with other changes is a 400 naming frequencyCode', async () => {
    const claim = await claimFor(coded('2026-09-04'));
    const r = await correct<Problem>(claim.id, { frequencyCode: '8', diagnoses: ['I10'] });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'frequencyCode' })]);
  });

  it('a diagnosis pointer past the diagnoses is a 400 naming the field, and nothing changes', async () => {
    const claim = await claimFor(coded('2026-09-05'));
    const lines = [{ procedureCode: '99213', units: 1, chargeCents: 15000, diagnosisPointers: [1, 3] }];
    const r = await correct<Problem>(claim.id, { serviceLines: lines });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      { field: 'serviceLines.0.diagnosisPointers', messages: [expect.stringMatching(/pointer 3 .* has 2/)] },
    ]);
    // dropping a diagnosis the stored line points at is caught too
    const fewer = await correct<Problem>(claim.id, { diagnoses: ['E11.9'] });
    expect(fewer.status).toBe(400);
    expect(fewer.body.errors).toEqual([
      { field: 'diagnoses', messages: [expect.stringMatching(/line 1 points at diagnosis 2/)] },
    ]);
    const stored = await claims.call<ClaimView>('GET', `/claims/${claim.id}`, 'biller');
    expect(stored.body).toMatchObject({ revision: 1, diagnoses: ['E119', 'I10'] });
    expect(await correctedEvents(claim.id)).toBe(0);
  });

  it('corrected charges are capped per line and per claim like new ones, never negative', async () => {
    const claim = await claimFor(coded('2026-09-07'));
    const line = (chargeCents: number) => ({
      procedureCode: '99213',
      units: 1,
      chargeCents,
      diagnosisPointers: [1],
    });
    for (const [lines, field] of [
      [[line(-1)], 'serviceLines.0.chargeCents'],
      [[line(1e20)], 'serviceLines.0.chargeCents'],
      [[line(9_999_999_999), line(1)], 'serviceLines'],
    ] as const) {
      const r = await correct<Problem>(claim.id, { serviceLines: lines });
      expect(r.status).toBe(400);
      expect(r.body.errors?.map((e) => e.field)).toContain(field);
    }
    expect(await correctedEvents(claim.id)).toBe(0);
  });

  it('an empty correction (or one repeating the claim) is a no-op: same revision, no event', async () => {
    const claim = await claimFor(coded('2026-09-06'));
    const scrubbedAt = (await db.query(`SELECT scrubbed_at FROM claims.claim WHERE id = $1`, [claim.id]))[0]
      .scrubbed_at;
    for (const body of [
      {},
      { note: 'looked at it' },
      { diagnoses: ['E11.9', 'I10'], placeOfService: '11' },
    ]) {
      const r = await correct<CorrectionView>(claim.id, body);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ready', revision: 1, scrub: { status: 'clean', edits: [] } });
    }
    const after = (await db.query(`SELECT scrubbed_at FROM claims.claim WHERE id = $1`, [claim.id]))[0];
    expect(after.scrubbed_at).toEqual(scrubbedAt);
    expect(await correctedEvents(claim.id)).toBe(0);
    // a real change is a new revision with one event
    const real = await correct<CorrectionView>(claim.id, { placeOfService: '22' });
    expect(real.body.revision).toBe(2);
    expect(await correctedEvents(claim.id)).toBe(1);
  });
});
