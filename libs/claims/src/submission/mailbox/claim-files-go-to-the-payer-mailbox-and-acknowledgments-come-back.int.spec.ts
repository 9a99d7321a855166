import { getDataSourceToken } from '@nestjs/typeorm';
import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { OpenSshServer, startOpenSshServer, testMailboxConfig } from '@revcycle/payer-mailbox/testing';
import { ServiceUnderTest } from '@revcycle/runtime';
import { validateX12 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../../claims.app';
import { storeReadyClaims } from '../ready-claims.test-support';
import { PayerMailboxRounds } from './payer-mailbox-rounds';

interface BatchDetail {
  id: string;
  status: string;
  interchangeControlNumber: string;
  claims: Array<{ claimId: string; patientControlNumber: string; status: string }>;
  deliveryAttempts: Array<{ method: string; ok: boolean; detail: string }>;
}

/**
 * The claims service delivers SFTP batches to a real OpenSSH server standing in for the payer:
 * the 837 lands whole in the payer's inbound folder, a mailbox that is down leaves the batch
 * `delivery_failed` with every attempt logged and it goes out on a later round, and the payer's
 * 999 and 277CA are picked up from its outbound folder and applied once; its 835 is left alone.
 */
describe('claim files go to the payer mailbox and acknowledgments come back', () => {
  let claims: ServiceUnderTest;
  let sshd: OpenSshServer;
  let rounds: PayerMailboxRounds;
  let db: DataSource;
  let inbound: string;
  let outbound: string;
  const payerId = randomUUID();

  beforeAll(async () => {
    sshd = await startOpenSshServer();
    // Rounds run when the test says (poll 0); a failed delivery is due again after 1 s, doubled.
    claims = await ServiceUnderTest.start(claimsServiceSpec, {
      PAYER_MAILBOX_POLL_SECONDS: '0',
      PAYER_MAILBOX_RETRY_SECONDS: '1',
    });
    rounds = claims.running.app.get(PayerMailboxRounds);
    db = claims.running.app.get(getDataSourceToken('claims'));
    const config = testMailboxConfig(sshd);
    inbound = config.inboundDir;
    outbound = config.outboundDir;
    const put = await claims.call('PUT', `/claims/payers/${payerId}/delivery`, 'admin', {
      method: 'sftp',
      receiverId: 'SFTPPAYER',
      receiverName: 'SFTP HEALTH PLAN',
      sftp: {
        host: config.host,
        port: config.port,
        username: config.username,
        privateKey: config.privateKey,
        hostKeySha256: config.hostKeySha256,
        inboundDir: inbound,
        outboundDir: outbound,
      },
    });
    expect(put.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await claims?.stop();
    await sshd?.stop();
  }, 60_000);

  const detail = async (id: string) =>
    (await claims.call<BatchDetail>('GET', `/claims/batches/${id}`, 'biller')).body;
  const untilDue = async (id: string) => {
    for (;;) {
      const [row] = await db.query(
        `SELECT next_delivery_at <= now() AS due FROM claims.claim_batch WHERE id = $1`,
        [id],
      );
      if (row.due) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('delivers a batch after the mailbox was down, then applies the 999 and 277CA it leaves', async () => {
    await storeReadyClaims(claims, payerId, 5);
    const made = await claims.call<Array<{ id: string; status: string }>>(
      'POST',
      '/claims/batches',
      'biller',
      {
        payerId,
      },
    );
    expect(made.status).toBe(201);
    const [batch] = made.body;

    await sshd.takeDown();
    const down = await rounds.runOnce();
    expect(down).toMatchObject({ delivered: 0, failed: 1 });
    expect(down.unreachable).toHaveLength(1);
    const failed = await detail(batch.id);
    expect(failed.status).toBe('delivery_failed');
    expect(failed.deliveryAttempts.length).toBe(3);
    expect(failed.deliveryAttempts.every((a) => a.method === 'sftp' && !a.ok && a.detail.length > 0)).toBe(
      true,
    );
    expect(failed.claims.every((c) => c.status === 'batched')).toBe(true);
    // not due yet: a round at once sends nothing
    expect(await rounds.runOnce()).toMatchObject({ delivered: 0, failed: 0 });

    await sshd.bringUp();
    await untilDue(batch.id);
    expect(await rounds.runOnce()).toMatchObject({ delivered: 1, failed: 0, collected: 0 });
    const sent = await detail(batch.id);
    expect(sent.status).toBe('submitted');
    expect(sent.claims.every((c) => c.status === 'submitted')).toBe(true);
    expect(sent.deliveryAttempts.map((a) => a.ok)).toEqual([false, false, false, true]);
    const name = `837P-${sent.interchangeControlNumber}.x12`;
    expect(fs.readdirSync(inbound)).toEqual([name]);
    const file = fs.readFileSync(path.join(inbound, name), 'latin1');
    const stored = await claims.send('GET', `/claims/batches/${batch.id}/837`, 'biller');
    expect(file).toBe(stored.text);
    expect(validateX12(file).issues.filter((i) => i.severity === 'error')).toEqual([]);
    // delivered once: the next round sends nothing more
    expect(await rounds.runOnce()).toMatchObject({ delivered: 0, failed: 0 });

    const payer = adjudicateClaimFile(file, { seed: 11 });
    fs.writeFileSync(path.join(outbound, 'resp.999'), payer.files['999']);
    fs.writeFileSync(path.join(outbound, 'resp.277ca'), payer.files['277ca']!);
    fs.writeFileSync(path.join(outbound, 'resp.835'), payer.files['835']!);
    fs.writeFileSync(path.join(outbound, 'broken.999'), payer.files['999'].replace(/SE\*[^~]*~/, ''));
    const back = await rounds.runOnce();
    expect(back.collected).toBe(2);
    expect(back.refused.map((r) => r.file)).toEqual(['broken.999']);
    expect(fs.readdirSync(outbound).sort()).toEqual(['broken.999', 'processed', 'resp.835']);
    expect(fs.readdirSync(path.join(outbound, 'processed')).sort()).toEqual(['resp.277ca', 'resp.999']);

    const done = await detail(batch.id);
    expect(done.status).toBe('acknowledged');
    for (const c of done.claims) {
      const decided = payer.claims.find((p) => p.claimId === c.patientControlNumber)!;
      expect(c.status).toBe(decided.outcome === 'rejected' ? 'payer_rejected' : 'accepted');
    }
    const acks = await db.query(
      `SELECT kind, received_via, received_by FROM claims.acknowledgment ORDER BY kind`,
    );
    expect(acks).toEqual([
      { kind: '277CA', received_via: 'sftp', received_by: 'claims-mailbox' },
      { kind: '999', received_via: 'sftp', received_by: 'claims-mailbox' },
    ]);
    // the same 999 left again is picked up and changes nothing
    fs.writeFileSync(path.join(outbound, 'again.999'), payer.files['999']);
    expect((await rounds.runOnce()).collected).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM claims.acknowledgment`))[0].n).toBe(2);
  }, 120_000);

  it('logs a failed attempt and retries when the payer has no SFTP settings any more', async () => {
    const other = randomUUID();
    await storeReadyClaims(claims, other, 1);
    const [b] = (
      await claims.call<Array<{ id: string }>>('POST', '/claims/batches', 'biller', { payerId: other })
    ).body;
    // a download payer's batch is not the mailbox's business
    await db.query(
      `UPDATE claims.claim_batch SET delivery_method = 'sftp', next_delivery_at = now() WHERE id = $1`,
      [b.id],
    );
    expect(await rounds.runOnce()).toMatchObject({ failed: 1 });
    const d = await detail(b.id);
    expect(d.status).toBe('delivery_failed');
    expect(d.deliveryAttempts).toEqual([
      expect.objectContaining({
        method: 'sftp',
        ok: false,
        detail: expect.stringContaining('no SFTP settings'),
      }),
    ]);
  }, 60_000);
});
