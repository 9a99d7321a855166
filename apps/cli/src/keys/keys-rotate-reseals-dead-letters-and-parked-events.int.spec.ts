import { CLAIMS_DATABASE } from '@revcycle/claims';
import { openOriginal, sealOriginal } from '@revcycle/messaging';
import { TestDatabase, createTestDatabase, openServiceDataSource } from '@revcycle/persistence';
import { PhiKeyring, configurePhiEncryption, eventPayloadContext, phiKeyring } from '@revcycle/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rotateKeys } from './rotate-keys';

const A = { id: 'a', keyBase64: randomBytes(32).toString('base64') };
const B = { id: 'b', keyBase64: randomBytes(32).toString('base64') };

/**
 * A dead letter waits for an operator, and the events parked behind it wait with it: both hold PHI
 * sealed outside any entity. `keys rotate` re-seals them too, so that retiring the old key never
 * makes a dead letter unreplayable.
 */
describe('revcycle keys rotate re-seals dead letters and parked events', () => {
  let db: TestDatabase;
  let claims: DataSource;
  const letterId = randomUUID();
  const parkedId = randomUUID();
  const payload = { patient: { lastName: 'Parkes' }, memberId: 'M-PARKED' };

  beforeAll(async () => {
    configurePhiEncryption(new PhiKeyring([A], 'a'));
    db = await createTestDatabase();
    claims = await openServiceDataSource({ ...CLAIMS_DATABASE, url: db.url, poolSize: 2 });
    const original = { id: randomUUID(), type: 'coding.encounter.coded', payload: { lastName: 'Dedd' } };
    await claims.query(
      `INSERT INTO claims.dead_letter (id, consumer, topic, message_key, event_type, errors, attempts, original)
       VALUES ($1, 'claims', 'coding.encounter.coded', 'enc-1', 'coding.encounter.coded', ARRAY['bad'], 1, $2)`,
      [letterId, sealOriginal('claims', letterId, original)],
    );
    const sealedPayload = phiKeyring().encrypt(JSON.stringify(payload), eventPayloadContext(parkedId));
    await claims.query(
      `INSERT INTO claims.parked_event (consumer, event_id, topic, message_key, event_type, envelope)
       VALUES ('claims', $1, 'coding.encounter.coded', 'enc-1', 'coding.encounter.coded', $2)`,
      [parkedId, { id: parkedId, type: 'coding.encounter.coded', sealedPayload }],
    );
  }, 120_000);

  afterAll(async () => {
    await claims?.destroy();
    await db?.drop();
  });

  it('counts them in --dry-run, re-seals them under the new key, and finds them current on a second run', async () => {
    const rotating = new PhiKeyring([A, B], 'b');
    const dry = await rotateKeys(db.url, rotating, { dryRun: true }, [CLAIMS_DATABASE]);
    expect(dry.byTable['claims.dead_letter']).toEqual({
      rotated: 1,
      alreadyCurrent: 0,
      skippedConcurrent: 0,
      failed: 0,
    });
    expect(dry.byTable['claims.parked_event'].rotated).toBe(1);

    const summary = await rotateKeys(db.url, rotating, {}, [CLAIMS_DATABASE]);
    expect(summary.byTable['claims.dead_letter'].rotated).toBe(1);
    expect(summary.byTable['claims.parked_event'].rotated).toBe(1);
    expect(summary.failed).toBe(0);

    // A is retired: the dead letter and the parked event open under B alone.
    configurePhiEncryption(new PhiKeyring([B], 'b'));
    const [letter] = await claims.query(`SELECT original FROM claims.dead_letter WHERE id = $1`, [letterId]);
    expect(letter.original).toMatch(/^v2:b:/);
    expect(openOriginal('claims', letterId, letter.original)).toMatchObject({
      payload: { lastName: 'Dedd' },
    });
    const [parked] = await claims.query(`SELECT envelope FROM claims.parked_event WHERE event_id = $1`, [
      parkedId,
    ]);
    expect(parked.envelope).toMatchObject({ id: parkedId, type: 'coding.encounter.coded' });
    expect(parked.envelope.sealedPayload).toMatch(/^v2:b:/);
    expect(
      JSON.parse(phiKeyring().decrypt(parked.envelope.sealedPayload, eventPayloadContext(parkedId))),
    ).toEqual(payload);

    const again = await rotateKeys(db.url, new PhiKeyring([B], 'b'), {}, [CLAIMS_DATABASE]);
    expect(again.byTable['claims.dead_letter']).toMatchObject({ rotated: 0, alreadyCurrent: 1 });
    expect(again.byTable['claims.parked_event']).toMatchObject({ rotated: 0, alreadyCurrent: 1 });
  });

  it('counts a parked event no key opens as failed and leaves it as it is', async () => {
    const broken = randomUUID();
    const foreign = new PhiKeyring([{ id: 'z', keyBase64: randomBytes(32).toString('base64') }], 'z');
    const sealedPayload = foreign.encrypt('{}', eventPayloadContext(broken));
    await claims.query(
      `INSERT INTO claims.parked_event (consumer, event_id, topic, message_key, event_type, envelope)
       VALUES ('claims', $1, 'coding.encounter.coded', 'enc-2', 'coding.encounter.coded', $2)`,
      [broken, { id: broken, sealedPayload }],
    );
    const unopenable: string[] = [];
    const summary = await rotateKeys(
      db.url,
      new PhiKeyring([B], 'b'),
      { onUnopenable: (v) => unopenable.push(`${v.table}.${v.column}:${v.row}`) },
      [CLAIMS_DATABASE],
    );
    expect(summary.byTable['claims.parked_event']).toMatchObject({ failed: 1, alreadyCurrent: 1 });
    expect(unopenable).toEqual([`claims.parked_event.envelope.sealedPayload:claims,${broken}`]);
    const [row] = await claims.query(`SELECT envelope FROM claims.parked_event WHERE event_id = $1`, [
      broken,
    ]);
    expect(row.envelope.sealedPayload).toBe(sealedPayload);
  });
});
