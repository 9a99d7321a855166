import { getDataSourceToken } from '@nestjs/typeorm';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from '@revcycle/payer-mailbox/testing';
import { ServiceUnderTest } from '@revcycle/runtime';
import { parse835 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { billAndAdjudicate } from '../advices/remittance.test-support';
import { remittanceServiceSpec } from '../remittance.app';
import { EraMailboxRounds } from './era-mailbox-rounds';
import { MAILBOX_LOCK_SEED, eraMailboxKey } from './era-pickup';

interface Problem {
  statusCode: number;
  message: string;
  errors?: { field: string; messages: string[] }[];
}

/**
 * A payer's ERA mailbox is a real OpenSSH server: the 835 it leaves in its outbound folder is
 * streamed into posting and moved to processed/, once — the same file left again is a duplicate —
 * while its 999 stays for the claims service; a broken 835 stays, refused; a mailbox that is down
 * loses nothing; a mailbox another instance is collecting is skipped.
 */
describe('an 835 left in the ERA mailbox is posted once', () => {
  let remittance: ServiceUnderTest;
  let sshd: OpenSshServer;
  let rounds: EraMailboxRounds;
  let db: DataSource;
  let outbound: string;
  let mailbox: string;
  const payerId = randomUUID();

  beforeAll(async () => {
    sshd = await startOpenSshServer();
    remittance = await ServiceUnderTest.start(remittanceServiceSpec, { ERA_MAILBOX_POLL_SECONDS: '0' });
    rounds = remittance.running.app.get(EraMailboxRounds);
    db = remittance.running.app.get(getDataSourceToken('remittance'));
    const config = testMailboxConfig(sshd);
    outbound = config.outboundDir;
  }, 180_000);
  afterAll(async () => {
    await remittance?.stop();
    await sshd?.stop();
  }, 60_000);

  const enrollment = () => {
    const c = testMailboxConfig(sshd);
    return {
      host: c.host,
      port: c.port,
      username: c.username,
      privateKey: c.privateKey,
      hostKeySha256: c.hostKeySha256,
      outboundDir: c.outboundDir,
    };
  };
  const postingCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM remittance.claim_posting`))[0].n);
  const paidOf = async (pcn: string) =>
    (await remittance.call<{ paidCents: number }>('GET', `/remittance/claims/${pcn}`, 'biller')).body
      .paidCents;
  const waiting = () =>
    fs
      .readdirSync(outbound)
      .filter((n) => n !== 'processed')
      .sort();
  const processed = () => fs.readdirSync(path.join(outbound, 'processed')).sort();

  it('enrolls the mailbox: the key sealed at rest and never shown; bad bodies 400 by field; a coder 403', async () => {
    const body = enrollment();
    const put = await remittance.call<Record<string, unknown>>(
      'PUT',
      `/remittance/payers/${payerId}/era-mailbox`,
      'finance',
      body,
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      payerId,
      host: body.host,
      port: body.port,
      outboundDir: body.outboundDir,
      privateKeyConfigured: true,
      updatedBy: 'test-finance',
    });
    expect(put.body).not.toHaveProperty('privateKey');
    const got = await remittance.call<Record<string, unknown>>(
      'GET',
      `/remittance/payers/${payerId}/era-mailbox`,
      'admin',
    );
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain('PRIVATE KEY');
    expect(got.body).toMatchObject({ privateKeyConfigured: true, hostKeySha256: expect.any(String) });
    const [row] = await db.query(`SELECT settings FROM remittance.era_mailbox WHERE payer_id = $1`, [
      payerId,
    ]);
    expect(row.settings).not.toContain('PRIVATE KEY');
    expect(row.settings).not.toContain(body.outboundDir);

    const bad = async (change: Record<string, unknown>) => {
      const r = await remittance.call<Problem>(
        'PUT',
        `/remittance/payers/${randomUUID()}/era-mailbox`,
        'finance',
        { ...body, ...change },
      );
      expect(r.status).toBe(400);
      return r.body.errors?.map((e) => e.field) ?? [];
    };
    expect(await bad({ port: 70000 })).toContain('port');
    expect(await bad({ privateKey: 'not a key' })).toContain('privateKey');
    expect(await bad({ host: 'bad host; rm -rf' })).toContain('host');
    expect(await bad({ outboundDir: '../etc passwd' })).toContain('outboundDir');
    expect(await bad({ hostKeySha256: 'MD5:aa' })).toContain('hostKeySha256');
    expect(await bad({ username: undefined })).toContain('username');
    expect(
      (await remittance.call('PUT', `/remittance/payers/${payerId}/era-mailbox`, 'coder', body)).status,
    ).toBe(403);
    expect((await remittance.call('GET', `/remittance/payers/${payerId}/era-mailbox`, 'coder')).status).toBe(
      403,
    );
    expect((await remittance.call('GET', `/remittance/payers/${payerId}/era-mailbox`, 'biller')).status).toBe(
      403,
    );
    expect(
      (await remittance.call('GET', `/remittance/payers/${randomUUID()}/era-mailbox`, 'finance')).status,
    ).toBe(404);
    mailbox = eraMailboxKey(body);
  });

  it('posts the 835 the payer left, moves it to processed/, and leaves the 999 for claims', async () => {
    const billed = await billAndAdjudicate(remittance, 12, 41);
    fs.writeFileSync(path.join(outbound, 'era-1.835'), billed.text);
    fs.writeFileSync(path.join(outbound, 'resp.999'), billed.payer.files['999']);
    const round = await rounds.runOnce();
    expect(round.unreachable).toEqual([]);
    expect(round.refused).toEqual([]);
    expect(round.posted.map((p) => p.file)).toEqual(['era-1.835']);
    expect(round.posted[0].adviceIds.length).toBe(parse835(billed.text).file.transactions.length);
    expect(waiting()).toEqual(['resp.999']);
    expect(processed()).toEqual(['era-1.835']);
    const paid = new Map<string, number>();
    for (const t of parse835(billed.text).file.transactions)
      for (const c of t.claims) paid.set(c.claimId, (paid.get(c.claimId) ?? 0) + c.paidCents);
    expect(paid.size).toBeGreaterThan(0);
    for (const [pcn, cents] of paid) expect(await paidOf(pcn)).toBe(cents);
    const [file] = await db.query(
      `SELECT received_via, received_by FROM remittance.remittance_file WHERE id =
         (SELECT file_id FROM remittance.remittance_advice WHERE id = $1)`,
      [round.posted[0].adviceIds[0]],
    );
    expect(file).toEqual({ received_via: 'sftp', received_by: 'remittance-era-mailbox' });

    // The same 835 left again (the payer resent it): a duplicate, moved, nothing posted twice.
    const before = await postingCount();
    fs.writeFileSync(path.join(outbound, 'era-1-resent.835'), billed.text);
    const again = await rounds.runOnce();
    expect(again.posted).toEqual([]);
    expect(again.duplicates).toEqual([
      { mailbox, file: 'era-1-resent.835', duplicateOf: round.posted[0].adviceIds[0] },
    ]);
    expect(await postingCount()).toBe(before);
    for (const [pcn, cents] of paid) expect(await paidOf(pcn)).toBe(cents);
    expect(waiting()).toEqual(['resp.999']);
    expect(processed()).toEqual(['era-1-resent.835', 'era-1.835']);
  }, 120_000);

  it('a broken 835 is refused, located, and left waiting; the others in the mailbox still post', async () => {
    const broken = await billAndAdjudicate(remittance, 4, 42);
    const cut = broken.text.slice(0, broken.text.indexOf('CLP*') + 20);
    const good = await billAndAdjudicate(remittance, 3, 43);
    fs.writeFileSync(path.join(outbound, 'cut.835'), cut);
    fs.writeFileSync(path.join(outbound, 'era-2.835'), good.text);
    const round = await rounds.runOnce();
    expect(round.refused).toEqual([
      { mailbox, file: 'cut.835', reason: expect.stringContaining('truncated'), where: expect.any(String) },
    ]);
    expect(round.posted.map((p) => p.file)).toEqual(['era-2.835']);
    expect(waiting()).toEqual(['cut.835', 'resp.999']);
    // Still refused next round, still there: nothing is lost, nothing posted from it.
    const before = await postingCount();
    expect((await rounds.runOnce()).refused.map((r) => r.file)).toEqual(['cut.835']);
    expect(await postingCount()).toBe(before);
    fs.rmSync(path.join(outbound, 'cut.835'));
  }, 120_000);

  it('a mailbox that is down is reported unreachable and loses nothing: its 835 posts once it is back', async () => {
    const billed = await billAndAdjudicate(remittance, 3, 44);
    fs.writeFileSync(path.join(outbound, 'era-3.835'), billed.text);
    await sshd.takeDown();
    try {
      const down = await rounds.runOnce();
      expect(down.unreachable).toEqual([
        { mailbox, reason: expect.stringContaining('refused the connection') },
      ]);
      expect(down.posted).toEqual([]);
    } finally {
      await sshd.bringUp();
    }
    expect(waiting()).toEqual(['era-3.835', 'resp.999']);
    const back = await rounds.runOnce();
    expect(back.unreachable).toEqual([]);
    expect(back.posted.map((p) => p.file)).toEqual(['era-3.835']);
    expect(waiting()).toEqual(['resp.999']);
  }, 120_000);

  it('a mailbox another instance is collecting is skipped (advisory lock), then collected', async () => {
    const billed = await billAndAdjudicate(remittance, 2, 45);
    fs.writeFileSync(path.join(outbound, 'era-4.835'), billed.text);
    const other = db.createQueryRunner();
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtextextended($1, ${MAILBOX_LOCK_SEED}))`, [mailbox]);
      const busy = await rounds.runOnce();
      expect(busy.busy).toEqual([mailbox]);
      expect(busy.posted).toEqual([]);
      expect(waiting()).toEqual(['era-4.835', 'resp.999']);
      await other.query(`SELECT pg_advisory_unlock_all()`);
    } finally {
      await other.release();
    }
    // Two rounds asked for at once in one process are one round.
    const [a, b] = await Promise.all([rounds.runOnce(), rounds.runOnce()]);
    expect(a).toBe(b);
    expect(a.posted.map((p) => p.file)).toEqual(['era-4.835']);
    expect(waiting()).toEqual(['resp.999']);
  }, 120_000);
});
