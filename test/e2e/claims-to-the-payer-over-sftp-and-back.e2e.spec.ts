import { OpenSshServer, startOpenSshServer, testMailboxConfig } from '@revcycle/payer-mailbox/testing';
import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { validateX12 } from '@revcycle/x12';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DistributedServices, eventually } from './distributed-services';
import { syntheticPracticeDay } from '@revcycle/runtime';

interface ClaimView {
  id: string;
  status: string;
  patientControlNumber: string;
}
interface BatchDetail {
  id: string;
  status: string;
  interchangeControlNumber: string;
  claims: Array<{ claimId: string; patientControlNumber: string; status: string }>;
  deliveryAttempts: Array<{ method: string; ok: boolean }>;
}
interface History {
  changes: Array<{ from: string | null; to: string; by: string; source: string | null }>;
}

/**
 * The whole way out and back with the five services on real Kafka and a real OpenSSH server as the
 * payer's mailbox: encounters finalized at charts → coded → claims scrubbed ready → one batch →
 * the claims service's mailbox rounds upload the 837 → the payer (our simulator) leaves its 999 and
 * 277CA in its outbound folder → the rounds pick them up → every claim `accepted` or
 * `payer_rejected` as the payer decided, with its history.
 */
describe('claims go to the payer over SFTP and the acknowledgments come back', () => {
  const services = new DistributedServices();
  const run = randomBytes(3).toString('hex');
  let sshd: OpenSshServer;
  let payerId: string;
  let encounterIds: string[] = [];

  beforeAll(async () => {
    sshd = await startOpenSshServer();
    await services.start({ PAYER_MAILBOX_POLL_SECONDS: '1', PAYER_MAILBOX_RETRY_SECONDS: '1' });
    ({ payerId, encounterIds } = await syntheticPracticeDay(services.chartsAsBiller, run, 6));
  }, 240_000);

  afterAll(async () => {
    await services.stop();
    await sshd?.stop();
  }, 120_000);

  const claimsOfPayer = async (status: string) =>
    (
      await services.call<{ items: ClaimView[] }>(
        'claims',
        'GET',
        `/claims?payerId=${payerId}&status=${status}&limit=100`,
        'biller',
      )
    ).body.items;

  const batch = async (id: string) =>
    (await services.call<BatchDetail>('claims', 'GET', `/claims/batches/${id}`, 'biller')).body;

  it('walks encounter → claim → batch → SFTP → 999/277CA → claim status', async () => {
    const ready = await eventually(
      async () => {
        const items = await claimsOfPayer('ready');
        return items.length === encounterIds.length ? items : undefined;
      },
      90_000,
      'every encounter scrubbed into a ready claim',
    );

    const config = testMailboxConfig(sshd);
    const put = await services.call('claims', 'PUT', `/claims/payers/${payerId}/delivery`, 'admin', {
      method: 'sftp',
      receiverId: `SFT${run}`,
      receiverName: 'SFTP HEALTH',
      sftp: {
        host: config.host,
        port: config.port,
        username: config.username,
        privateKey: config.privateKey,
        hostKeySha256: config.hostKeySha256,
        inboundDir: config.inboundDir,
        outboundDir: config.outboundDir,
      },
    });
    expect(put.status).toBe(200);

    const made = await services.call<Array<{ id: string; claimCount: number; status: string }>>(
      'claims',
      'POST',
      '/claims/batches',
      'biller',
      { payerId },
    );
    expect(made.status).toBe(201);
    expect(made.body).toHaveLength(1);
    expect(made.body[0]).toMatchObject({ claimCount: ready.length, status: 'created' });
    const batchId = made.body[0].id;

    // the mailbox round (every second) uploads the file: the batch and its claims are submitted
    const sent = await eventually(
      async () => {
        const b = await batch(batchId);
        return b.status === 'submitted' ? b : undefined;
      },
      60_000,
      'the batch delivered over SFTP',
    );
    expect(sent.deliveryAttempts).toEqual([expect.objectContaining({ method: 'sftp', ok: true })]);
    expect(sent.claims.every((c) => c.status === 'submitted')).toBe(true);
    const name = `837P-${sent.interchangeControlNumber}.x12`;
    const file = fs.readFileSync(path.join(config.inboundDir, name), 'latin1');
    expect(validateX12(file).issues.filter((i) => i.severity === 'error')).toEqual([]);

    // the payer answers in its outbound folder, as a clearinghouse does: the 999 first…
    const payer = adjudicateClaimFile(file, { seed: 5 });
    fs.writeFileSync(path.join(config.outboundDir, `${name}.999`), payer.files['999']);
    const acknowledged = await eventually(
      async () => {
        const b = await batch(batchId);
        return b.status === 'acknowledged' ? b : undefined;
      },
      60_000,
      'the 999 picked up',
    );
    expect(acknowledged.claims.every((c) => c.status === 'acknowledged')).toBe(true);
    // …then the 277CA, claim by claim
    fs.writeFileSync(path.join(config.outboundDir, `${name}.277ca`), payer.files['277ca']!);

    const done = await eventually(
      async () => {
        const b = await batch(batchId);
        return b.claims.every((c) => c.status === 'accepted' || c.status === 'payer_rejected')
          ? b
          : undefined;
      },
      60_000,
      'every claim accepted or rejected by the payer',
    );
    expect(done.status).toBe('acknowledged');
    for (const c of done.claims) {
      const decided = payer.claims.find((p) => p.claimId === c.patientControlNumber);
      expect(decided).toBeDefined();
      expect(c.status).toBe(decided!.outcome === 'rejected' ? 'payer_rejected' : 'accepted');
    }
    // The round moves a file to processed/ after its transaction commits: the statuses may show first.
    const processed = await eventually(
      async () => {
        const files = fs.readdirSync(path.join(config.outboundDir, 'processed')).sort();
        return files.length === 2 ? files : undefined;
      },
      60_000,
      'both acknowledgments moved to processed/',
    );
    expect(processed).toEqual([`${name}.277ca`, `${name}.999`]);

    const one = done.claims.find((c) => c.status === 'accepted') ?? done.claims[0];
    const history = (
      await services.call<History>('claims', 'GET', `/claims/${one.claimId}/history`, 'biller')
    ).body;
    const path_ = history.changes.map((h) => h.to);
    expect(path_.slice(-4)).toEqual(['batched', 'submitted', 'acknowledged', one.status]);
    expect(history.changes.find((h) => h.to === 'submitted')).toMatchObject({
      by: 'claims-delivery',
      source: `batch:${batchId}`,
    });
    expect(history.changes.find((h) => h.to === 'acknowledged')!.source).toMatch(/^acknowledgment:/);
  }, 240_000);
});
