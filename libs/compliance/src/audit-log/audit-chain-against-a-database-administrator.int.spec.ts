import { createTestDatabase, migrateService } from '@revcycle/persistence';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { COMPLIANCE_DATABASE } from '../compliance.module';
import { AuditChainSegments1764000000530 } from '../migrations/1764000000530-audit-chain-segments';
import { ComplianceUnderTest, syntheticAuditEvent } from '../test/compliance-under-test';
import { AuditChainKey, GENESIS_HASH, keyedChainHash, legacyChainHash } from './audit-chain';
import { SignedCheckpoint, checkpointEntries } from './audit-checkpoint';
import { ChainReport, RawEntry, toChained } from './audit-log.service';

/**
 * The segmented audit chain against someone who can write the table (a superuser connection,
 * triggers off): a rewritten entry with a recomputed SHA-256 chain, entries swapped between
 * segments, a deleted tail or segment, a chain from before segments and an old unkeyed one — all
 * named by GET /audit/verify. And appends that do not wait for each other.
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

  /** The segment(s) holding entries, in order (appends pick a free segment, so tests ask). */
  const segmentsOf = async (c: ComplianceUnderTest, minSeq = 1) =>
    c.asDatabaseAdministrator(async (db) =>
      (
        await db.query(
          `SELECT DISTINCT segment FROM compliance.audit_log WHERE segment > 0 AND seq >= $1 ORDER BY segment`,
          [minSeq],
        )
      ).rows.map((r) => Number(r.segment)),
    );

  it('verifies a clean segmented chain of a few thousand entries, in batches, against its checkpoint', async () => {
    const c = await compliance();
    await c.append(3000);
    const anchored = await c.checkpoints.checkpoint();
    expect(anchored?.heads.map((h) => h.seq)).toEqual([500, 500, 500, 500, 500, 500]);
    const report = await verify(c);
    expect(report).toEqual({
      ok: true,
      entries: 3000,
      segments: anchored!.heads.map((h) => ({ segment: h.segment, headSeq: 500 })),
      checkpoint: { entries: 3000, at: anchored!.at },
    });
    expect(report.segments.length).toBe(6);
  }, 120_000);

  it('appends without a global lock: a second transaction appends while the first holds its segment', async () => {
    const c = await compliance();
    const first = c.dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      await c.log.appendAll([syntheticAuditEvent(1), syntheticAuditEvent(2)], first.manager);
      // The first transaction still holds its segment: the second takes another and commits.
      const second = c.dataSource.transaction((m) => c.log.appendAll([syntheticAuditEvent(3)], m));
      const waited = await Promise.race([
        second.then(() => 'committed'),
        new Promise((r) => setTimeout(() => r('waited'), 5000)),
      ]);
      expect(waited).toBe('committed');
      await first.commitTransaction();
    } finally {
      await first.release();
    }
    const report = await verify(c);
    expect(report).toMatchObject({ ok: true, entries: 3 });
    expect(report.segments.map((s) => s.headSeq).sort()).toEqual([1, 2]);
  }, 60_000);

  it('names an entry rewritten by a superuser who recomputed a plain SHA-256 chain after it', async () => {
    const c = await compliance();
    await c.append(30);
    const [segment] = await segmentsOf(c);
    const forgedId = await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`); // triggers off: a superuser can
      await db.query(`UPDATE compliance.audit_log SET actor_id = 'nobody' WHERE segment = $1 AND seq = 7`, [
        segment,
      ]);
      await rehashUnkeyed(db, 7, undefined, segment);
      return (
        await db.query(`SELECT event_id FROM compliance.audit_log WHERE segment = $1 AND seq = 7`, [segment])
      ).rows[0].event_id;
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      segment,
      brokenAt: 7,
      brokenEntryId: forgedId,
      reason: 'entry content does not match its HMAC',
    });
  }, 60_000);

  it('names entries of two segments swapped by a superuser, links and sequences made to fit', async () => {
    const c = await compliance();
    await c.append(10, 5);
    const [a, b] = await segmentsOf(c);
    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      // Entry 3 of each segment trades places with the other's: every column but segment moves.
      const move = `UPDATE compliance.audit_log SET segment = $2 WHERE segment = $1 AND seq = 3`;
      await db.query(move, [a, -1]);
      await db.query(move, [b, a]);
      await db.query(move, [-1, b]);
      for (const s of [a, b]) {
        const { rows } = await db.query(
          `SELECT hash FROM compliance.audit_log WHERE segment = $1 AND seq = 2`,
          [s],
        );
        await db.query(`UPDATE compliance.audit_log SET prev_hash = $1 WHERE segment = $2 AND seq = 3`, [
          rows[0].hash,
          s,
        ]);
      }
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      segment: a,
      brokenAt: 3,
      reason: 'entry content does not match its HMAC',
    });
  }, 60_000);

  it('names the tail deleted after a checkpoint, a deleted segment, and a tail replaced by new entries', async () => {
    const c = await compliance();
    await c.append(20);
    await c.append(4);
    await c.checkpoints.checkpoint();
    const [segment, other] = await c.asDatabaseAdministrator(async (db) =>
      (
        await db.query(
          `SELECT segment FROM compliance.audit_log WHERE segment > 0 GROUP BY segment ORDER BY count(*) DESC`,
        )
      ).rows.map((r) => Number(r.segment)),
    );
    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`DELETE FROM compliance.audit_log WHERE segment = $1 AND seq > 15`, [segment]);
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      segment,
      missingTail: { segment, checkpointSeq: 20, lastPresentSeq: 15 },
      reason: expect.stringContaining(`entries 16..20 of segment ${segment}`),
    });
    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`DELETE FROM compliance.audit_log WHERE segment = $1`, [other]);
    });
    // The first segment the checkpoint names that falls short: the other one, when it comes first.
    expect((await verify(c)).missingTail).toEqual(
      other < segment
        ? { segment: other, checkpointSeq: 4, lastPresentSeq: null }
        : { segment, checkpointSeq: 20, lastPresentSeq: 15 },
    );
    // Appending again (one entry per transaction, round the segments) refills both, but not with
    // the entries the checkpoint named.
    await c.append(48, 1);
    const report = await verify(c);
    expect(report).toMatchObject({
      ok: false,
      brokenAt: report.segment === segment ? 20 : 4,
      reason: expect.stringContaining('no longer matches the checkpoint'),
    });
    expect([segment, other]).toContain(report.segment);
  }, 60_000);

  it('writes a checkpoint at shutdown, so even the newest entries are anchored', async () => {
    const c = await compliance();
    await c.append(12);
    await c.checkpoints.checkpoint();
    await c.append(3);
    await c.stop();
    const files = fs.readdirSync(c.anchorDir).filter((n) => n.endsWith('.jsonl'));
    const lines = fs.readFileSync(path.join(c.anchorDir, files.sort().pop()!), 'utf8').trim().split('\n');
    expect(lines.map((l) => checkpointEntries(JSON.parse(l)))).toEqual([12, 15]);
    const newest = JSON.parse(lines[1]) as SignedCheckpoint;
    const three = newest.heads.find((h) => h.seq === 3)!;
    await c.asDatabaseAdministrator((db) =>
      db.query(
        `SET session_replication_role = replica; DELETE FROM compliance.audit_log WHERE segment = ${three.segment} AND seq = 3`,
      ),
    );
    await c.start(c.db);
    expect(await verify(c)).toMatchObject({
      ok: false,
      missingTail: { segment: three.segment, checkpointSeq: 3, lastPresentSeq: 2 },
    });
  }, 60_000);

  it('keeps verifying a chain written before segments, with its old checkpoint, after the migration', async () => {
    const c = new ComplianceUnderTest();
    running.push(c);
    const db = await createTestDatabase();
    await migrateService({
      ...COMPLIANCE_DATABASE,
      migrations: COMPLIANCE_DATABASE.migrations.filter((m) => m !== AuditChainSegments1764000000530),
      url: db.url,
    });
    // The keyed single chain and a checkpoint line as the service wrote them before migration 530.
    const key = AuditChainKey.fromBase64(c.auditKey);
    let prev = GENESIS_HASH;
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      for (let seq = 1; seq <= 6; seq++) {
        const f = legacyFields(seq);
        const hash = keyedChainHash(key, prev, f);
        await admin.query(
          `INSERT INTO compliance.audit_log (seq, event_id, service, action, resource_type, resource_id,
             patient_id, actor_id, actor_role, outcome, occurred_at, operation, request_id, source_ip,
             chain_epoch, prev_hash, hash)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,1,$15,$16)`,
          [...Object.values(f), prev, hash],
        );
        prev = hash;
      }
    } finally {
      await admin.end();
    }
    const old = { seq: 6, hash: prev, legacyThrough: 0, at: '2026-11-30T12:00:00.000Z' };
    const mac = createHmac('sha256', key.anchorKey)
      .update(JSON.stringify([old.seq, old.hash, old.legacyThrough, old.at]))
      .digest('hex');
    // In today's file, so it is read beside the one the service writes at boot (it must check too).
    fs.mkdirSync(c.anchorDir, { recursive: true });
    const today = path.join(c.anchorDir, `checkpoints-${new Date().toISOString().slice(0, 10)}.jsonl`);
    fs.writeFileSync(today, `${JSON.stringify({ ...old, mac })}\n`);

    await c.start(db); // migration 530 runs here; the boot checkpoint names segment 0's head
    expect(await verify(c)).toMatchObject({ ok: true, entries: 6, segments: [{ segment: 0, headSeq: 6 }] });
    await c.append(5);
    const [segment] = await segmentsOf(c);
    const first = await c.asDatabaseAdministrator(
      async (db) =>
        (
          await db.query(
            `SELECT prev_hash, chain_epoch FROM compliance.audit_log WHERE segment = $1 AND seq = 1`,
            [segment],
          )
        ).rows[0],
    );
    expect(first).toEqual({ prev_hash: prev, chain_epoch: 2 }); // pinned to the old chain's head
    await c.checkpoints.checkpoint();
    expect(await verify(c)).toMatchObject({
      ok: true,
      entries: 11,
      segments: [
        { segment: 0, headSeq: 6 },
        { segment, headSeq: 5 },
      ],
      checkpoint: { entries: 11 },
    });

    // The old chain rewritten by a superuser, every keyless link recomputed: the segments pinned to
    // its head say so.
    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`DELETE FROM compliance.audit_log WHERE segment = 0 AND seq = 6`);
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      segment,
      brokenAt: 1,
      reason: 'link to the previous entry does not match',
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
          `INSERT INTO compliance.audit_log (segment, seq, event_id, service, action, resource_type, resource_id,
             patient_id, actor_id, actor_role, outcome, occurred_at, operation, request_id, source_ip,
             chain_epoch, prev_hash, hash)
           VALUES (0,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,0,$15,$16)`,
          [...Object.values(f), prev, hash],
        );
        prev = hash;
      }
    });
    await c.start(c.db);
    const genesis = await c.asDatabaseAdministrator(
      async (db) =>
        (
          await db.query(
            `SELECT action, chain_epoch, prev_hash FROM compliance.audit_log WHERE segment = 0 AND seq = 5`,
          )
        ).rows[0],
    );
    const legacyHead = await c.asDatabaseAdministrator(
      async (db) =>
        (await db.query(`SELECT hash FROM compliance.audit_log WHERE segment = 0 AND seq = 4`)).rows[0].hash,
    );
    expect(genesis).toEqual({ action: 'chain-epoch', chain_epoch: 1, prev_hash: legacyHead });
    await c.append(3);
    expect(await verify(c)).toMatchObject({ ok: true, entries: 8, checkpoint: { entries: 5 } });

    await c.asDatabaseAdministrator(async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE compliance.audit_log SET actor_id = 'nobody' WHERE segment = 0 AND seq = 2`);
      await rehashUnkeyed(db, 2, 4);
    });
    expect(await verify(c)).toMatchObject({
      ok: false,
      segment: 0,
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

/** Recomputes plain SHA-256 links from `from` to `through` (the head when omitted) of a segment, as the old code did. */
async function rehashUnkeyed(
  db: Client,
  from: number,
  through = Number.MAX_SAFE_INTEGER,
  segment = 0,
): Promise<void> {
  const { rows } = await db.query(
    `SELECT * FROM compliance.audit_log WHERE segment = $3 AND seq >= $1 - 1 AND seq <= $2 ORDER BY seq`,
    [from, through, segment],
  );
  let prev: string = rows[0].seq === String(from) ? GENESIS_HASH : rows.shift().hash;
  for (const r of rows as RawEntry[]) {
    const hash = legacyChainHash(prev, toChained(r));
    await db.query(
      `UPDATE compliance.audit_log SET prev_hash = $1, hash = $2 WHERE segment = $4 AND seq = $3`,
      [prev, hash, r.seq, segment],
    );
    prev = hash;
  }
}
