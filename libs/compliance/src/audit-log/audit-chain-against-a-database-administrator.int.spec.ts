import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { ComplianceUnderTest } from '../test/compliance-under-test';
import { GENESIS_HASH, legacyChainHash } from './audit-chain';
import { ChainReport, RawEntry, toChained } from './audit-log.service';

/**
 * The audit chain against someone who can write the table (a superuser connection, triggers off):
 * a rewritten entry with a recomputed SHA-256 chain, a deleted tail, an old unkeyed chain — all
 * named by GET /audit/verify.
 */
describe('the audit chain holds against a database administrator', () => {
  const running: ComplianceUnderTest[] = [];
  async function compliance(): Promise<ComplianceUnderTest> {
    const c = new ComplianceUnderTest();
    running.push(c);
    await c.start();
    return c;
  }
  afterAll(async () => {
    for (const c of running) await c.dispose();
  }, 60_000);

  const verify = async (c: ComplianceUnderTest) => {
    const r = await c.call<ChainReport>('GET', '/audit/verify');
    expect(r.status).toBe(200);
    return r.body;
  };

  it('verifies a clean chain of a few thousand entries, in batches, against its checkpoint', async () => {
    const c = await compliance();
    await c.append(3000);
    const anchored = await c.checkpoints.checkpoint();
    expect(anchored?.seq).toBe(3000);
    expect(await verify(c)).toEqual({
      ok: true,
      entries: 3000,
      headSeq: 3000,
      checkpoint: { seq: 3000, at: anchored!.at },
    });
  }, 120_000);

  it('names an entry rewritten by a superuser who recomputed a plain SHA-256 chain after it', async () => {
    const c = await compliance();
    await c.append(30);
    const forgedId = await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`); // triggers off: a superuser can
      await db.query(`UPDATE compliance.audit_log SET actor_id = 'nobody' WHERE seq = 7`);
      await rehashUnkeyed(db, 7);
      return (await db.query(`SELECT event_id FROM compliance.audit_log WHERE seq = 7`)).rows[0].event_id;
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      brokenAt: 7,
      brokenEntryId: forgedId,
      reason: 'entry content does not match its HMAC',
    });
  }, 60_000);

  it('names the tail deleted after a checkpoint, and a tail replaced by new entries', async () => {
    const c = await compliance();
    await c.append(20);
    await c.checkpoints.checkpoint();
    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`DELETE FROM compliance.audit_log WHERE seq > 15`);
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      headSeq: 15,
      missingTail: { checkpointSeq: 20, lastPresentSeq: 15 },
      reason: expect.stringContaining('entries 16..20'),
    });
    // Appending again refills sequences 16..20, but not with the entries the checkpoint named.
    await c.append(8);
    expect(await verify(c)).toMatchObject({
      ok: false,
      headSeq: 23,
      brokenAt: 20,
      reason: expect.stringContaining('no longer matches the checkpoint'),
    });
  }, 60_000);

  it('writes a checkpoint at shutdown, so even the newest entries are anchored', async () => {
    const c = await compliance();
    await c.append(12);
    await c.checkpoints.checkpoint();
    await c.append(3);
    await c.stop();
    const files = fs.readdirSync(c.anchorDir).filter((n) => n.endsWith('.jsonl'));
    const lines = fs.readFileSync(path.join(c.anchorDir, files.sort().pop()!), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual([12, 15]);
    await c.asDatabaseAdministrator((db) =>
      db.query(`SET session_replication_role = replica; DELETE FROM compliance.audit_log WHERE seq = 15`),
    );
    await c.start(c.db);
    expect(await verify(c)).toMatchObject({
      ok: false,
      missingTail: { checkpointSeq: 15, lastPresentSeq: 14 },
    });
  }, 60_000);

  it('continues an unkeyed chain from before the upgrade with a keyed genesis that pins it', async () => {
    const c = await compliance();
    await c.stop();
    // Entries as the unkeyed service wrote them (epoch 0 is what the migration gives existing rows).
    await c.asDatabaseAdministrator(async (db) => {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 4; seq++) {
        const f = legacyFields(seq);
        const hash = legacyChainHash(prev, f);
        await db.query(
          `INSERT INTO compliance.audit_log (seq, event_id, service, action, resource_type, resource_id,
             patient_id, actor_id, actor_role, outcome, occurred_at, operation, request_id, source_ip,
             chain_epoch, prev_hash, hash)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,0,$15,$16)`,
          [...Object.values(f), prev, hash],
        );
        prev = hash;
      }
    });
    await c.start(c.db);
    const genesis = await c.asDatabaseAdministrator(
      async (db) =>
        (await db.query(`SELECT action, chain_epoch, prev_hash FROM compliance.audit_log WHERE seq = 5`))
          .rows[0],
    );
    const legacyHead = await c.asDatabaseAdministrator(
      async (db) => (await db.query(`SELECT hash FROM compliance.audit_log WHERE seq = 4`)).rows[0].hash,
    );
    expect(genesis).toEqual({ action: 'chain-epoch', chain_epoch: 1, prev_hash: legacyHead });
    await c.append(3);
    expect(await verify(c)).toMatchObject({ ok: true, entries: 8, headSeq: 8, checkpoint: { seq: 5 } });

    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE compliance.audit_log SET actor_id = 'nobody' WHERE seq = 2`);
      await rehashUnkeyed(db, 2, 4);
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      brokenAt: 5,
      reason: 'link to the previous entry does not match',
    });
  }, 60_000);
});

function legacyFields(seq: number) {
  return {
    seq,
    eventId: `00000000-0000-4000-8000-00000000000${seq}`,
    service: 'charts',
    action: 'read',
    resourceType: 'Patient',
    resourceId: `p${seq}`,
    patientId: `p${seq}`,
    actorId: 'u1',
    actorRole: 'biller',
    outcome: 'success',
    occurredAt: '2026-11-25T10:00:00.000Z',
    operation: 'GET /patients/:id',
    requestId: null,
    sourceIp: null,
  };
}

/** Recomputes plain SHA-256 links from `from` to `through` (the head when omitted), as the old code did. */
async function rehashUnkeyed(db: Client, from: number, through = Number.MAX_SAFE_INTEGER): Promise<void> {
  const { rows } = await db.query(
    `SELECT * FROM compliance.audit_log WHERE seq >= $1 - 1 AND seq <= $2 ORDER BY seq`,
    [from, through],
  );
  let prev: string = rows[0].seq === String(from) ? GENESIS_HASH : rows.shift().hash;
  for (const r of rows as RawEntry[]) {
    const hash = legacyChainHash(prev, toChained(r));
    await db.query(`UPDATE compliance.audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, [
      prev,
      hash,
      r.seq,
    ]);
    prev = hash;
  }
}
