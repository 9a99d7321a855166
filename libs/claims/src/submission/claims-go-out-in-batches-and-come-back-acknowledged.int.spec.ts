import { getDataSourceToken } from '@nestjs/typeorm';
import { adjudicateClaimFile } from '@revcycle/payer-simulator';
import { ServiceUnderTest } from '@revcycle/runtime';
import { validateX12 } from '@revcycle/x12';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimsServiceSpec } from '../claims.app';
import { storeReadyClaims } from './ready-claims.test-support';

interface Batch {
  id: string;
  payerId: string;
  claimType: string;
  claimCount: number;
  totalChargeCents: number;
  interchangeControlNumber: string;
  status: string;
}
interface BatchDetail extends Batch {
  groupControlNumber: string;
  claims: Array<{
    claimId: string;
    patientControlNumber: string;
    transactionSetControlNumber: string;
    status: string;
  }>;
  deliveryAttempts: Array<{ method: string; ok: boolean; detail: string }>;
}
interface History {
  status: string;
  changes: Array<{
    from: string | null;
    to: string;
    by: string;
    source: string | null;
    reason: string | null;
  }>;
}
/**
 * The claims service over real HTTP on a real PostgreSQL: ready claims go into one validated 837
 * per payer, the payer downloads its own files only, and its 999 and 277CA move every claim to
 * acknowledged, accepted or payer_rejected — once, however often the same file comes back.
 */
describe('claims go out in batches and come back acknowledged', () => {
  let claims: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
    db = claims.running.app.get(getDataSourceToken('claims'));
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  const readyClaims = (payerId: string, count: number) => storeReadyClaims(claims, payerId, count);
  const batch = (body: unknown) => claims.call<Batch[]>('POST', '/claims/batches', 'biller', body);
  const detail = async (id: string) =>
    (await claims.call<BatchDetail>('GET', `/claims/batches/${id}`, 'biller')).body;
  const ack = (text: string) =>
    claims.send('POST', '/claims/acknowledgments', 'biller', {
      body: text,
      contentType: 'application/edi-x12',
    });
  const history = async (id: string) =>
    (await claims.call<History>('GET', `/claims/${id}/history`, 'biller')).body;

  it('batches ready claims into one valid 837 the payer downloads, then applies its 999 and 277CA once', async () => {
    const payerId = randomUUID();
    await readyClaims(payerId, 12);
    const made = await batch({ payerId });
    expect(made.status).toBe(201);
    expect(made.body).toEqual([
      {
        id: expect.any(String),
        payerId,
        claimType: 'professional',
        claimCount: 12,
        totalChargeCents: 12 * 15000 + 66,
        interchangeControlNumber: expect.stringMatching(/^\d{9}$/),
        status: 'created',
      },
    ]);
    const [b] = made.body;
    // nothing left: a second request batches nothing
    expect((await batch({ payerId })).body).toEqual([]);

    const file = await claims.send('GET', `/claims/batches/${b.id}/837`, 'biller');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/edi-x12');
    expect(validateX12(file.text).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(file.text).toContain(`ISA*`);
    expect(file.text).toContain(`*${b.interchangeControlNumber}*`);
    expect(file.text).toMatch(/REF\*6R\*RC\d+-1~/);

    // the payer sees its own files only; another payer's file is a 404
    const mine = await claims.send('GET', '/payer/claim-files', { role: 'payer', payerId });
    expect(JSON.parse(mine.text).items.map((f: { id: string }) => f.id)).toEqual([b.id]);
    const other = { role: 'payer' as const, payerId: randomUUID() };
    expect((await claims.send('GET', `/payer/claim-files/${b.id}`, other)).status).toBe(404);
    expect(JSON.parse((await claims.send('GET', '/payer/claim-files', other)).text).items).toEqual([]);
    expect((await claims.send('GET', `/payer/claim-files/${b.id}`, 'biller')).status).toBe(403);
    const downloaded = await claims.send('GET', `/payer/claim-files/${b.id}`, { role: 'payer', payerId });
    expect(downloaded.text).toBe(file.text);
    const sent = await detail(b.id);
    expect(sent.status).toBe('submitted');
    expect(sent.claims.every((c) => c.status === 'submitted')).toBe(true);
    expect(sent.deliveryAttempts).toEqual([expect.objectContaining({ method: 'download', ok: true })]);

    const payer = adjudicateClaimFile(downloaded.text, { seed: 3 });
    const first999 = await ack(payer.files['999']);
    expect(first999.status).toBe(201);
    expect(JSON.parse(first999.text)).toEqual({
      type: '999',
      matched: 12,
      accepted: 12,
      rejected: 0,
      unmatched: 0,
    });
    const ca = await ack(payer.files['277ca']!);
    const rejectedByPayer = payer.claims.filter((c) => c.outcome === 'rejected').length;
    expect(JSON.parse(ca.text)).toEqual({
      type: '277CA',
      matched: 12,
      accepted: 12 - rejectedByPayer,
      rejected: rejectedByPayer,
      unmatched: 0,
    });
    // the same files again change nothing
    const again = await ack(payer.files['277ca']!);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toEqual(JSON.parse(ca.text));

    const listed = await claims.call<{ items: Batch[] }>(
      'GET',
      `/claims/batches?payerId=${payerId}`,
      'biller',
    );
    expect(listed.body.items.map((x) => x.id)).toEqual([b.id]);
    const done = await detail(b.id);
    expect(done.status).toBe('acknowledged');
    for (const c of done.claims) {
      const decided = payer.claims.find((p) => p.claimId === c.patientControlNumber)!;
      expect(c.status).toBe(decided.outcome === 'rejected' ? 'payer_rejected' : 'accepted');
      const h = await history(c.claimId);
      expect(h.changes.map((x) => x.to)).toEqual([
        'ready',
        'batched',
        'submitted',
        'acknowledged',
        decided.outcome === 'rejected' ? 'payer_rejected' : 'accepted',
      ]);
      expect(h.changes[1].source).toBe(`batch:${b.id}`);
    }
    if (rejectedByPayer > 0) {
      const queue = await claims.call<{
        items: Array<{ claimId: string; edits: Array<{ editId: string; message: string }> }>;
      }>('GET', `/claims/edits?payerId=${payerId}`, 'biller');
      expect(queue.body.items).toHaveLength(rejectedByPayer);
      expect(queue.body.items[0].edits[0]).toMatchObject({ editId: 'PAYER_277CA_REJECTED' });
    }
  });

  it('two batch requests at once never put a claim in two batches', async () => {
    const payerId = randomUUID();
    await readyClaims(payerId, 30);
    const [a, b] = await Promise.all([batch({ payerId }), batch({ payerId })]);
    const counts = [...a.body, ...b.body].map((x) => x.claimCount);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(30);
    const [{ n }] = await db.query(
      `SELECT count(*) AS n FROM claims.claim_batch_claim bc JOIN claims.claim c ON c.id = bc.claim_id WHERE c.payer_id = $1`,
      [payerId],
    );
    expect(Number(n)).toBe(30);
    const icns = [...a.body, ...b.body].map((x) => x.interchangeControlNumber);
    expect(new Set(icns).size).toBe(icns.length);
  });

  it('bad acknowledgments are located errors or unmatched counts, and change nothing', async () => {
    const garbage = await ack('this is not X12 at all');
    expect(garbage.status).toBe(422);
    expect(JSON.parse(garbage.text).errors.length).toBeGreaterThan(0);
    expect(
      (
        await claims.send('POST', '/claims/acknowledgments', 'biller', {
          body: 'ISA',
          contentType: 'application/json',
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await claims.send('POST', '/claims/acknowledgments', 'coder', {
          body: 'x',
          contentType: 'application/edi-x12',
        })
      ).status,
    ).toBe(403);
    // a 277CA for claims we never sent: every claim unmatched
    const payerId = randomUUID();
    await readyClaims(payerId, 2);
    const [b] = (await batch({ payerId })).body;
    const text = (await claims.send('GET', `/claims/batches/${b.id}/837`, 'biller')).text;
    const foreign = text.replace(/CLM\*RC(\d+)/g, 'CLM*ZZ$1');
    const payer = adjudicateClaimFile(foreign, { seed: 1 });
    expect(JSON.parse((await ack(payer.files['277ca']!)).text)).toMatchObject({ matched: 0, unmatched: 2 });
    expect((await detail(b.id)).claims.every((c) => c.status === 'batched')).toBe(true);
  });

  it('a 999 from another sender than the one the batch went to changes nothing', async () => {
    const payerId = randomUUID();
    await readyClaims(payerId, 2);
    const [b] = (await batch({ payerId })).body;
    const text = (await claims.send('GET', `/payer/claim-files/${b.id}`, { role: 'payer', payerId })).text;
    const genuine = adjudicateClaimFile(text, { seed: 2 }).files['999'];
    // The same verdict, but sent by someone else (ISA06, 15 characters wide): it names no group of
    // ours sent to it, however the AK102 reads — one payer cannot reject another's claims.
    const forged = genuine.replace(
      /^((?:[^*]*\*){6})[^*]*/,
      (_, head: string) => head + 'OTHERSENDER'.padEnd(15),
    );
    expect(forged).not.toBe(genuine);
    expect(JSON.parse((await ack(forged)).text)).toMatchObject({ matched: 0, unmatched: 1 });
    expect((await detail(b.id)).claims.every((c) => c.status === 'submitted')).toBe(true);
    expect(JSON.parse((await ack(genuine)).text)).toMatchObject({ matched: 2, unmatched: 0 });
  });

  it('refuses bad batch requests and unknown batches', async () => {
    expect((await batch({ payerId: 'not-a-uuid' })).status).toBe(400);
    expect((await batch({ claimType: 'dental' })).status).toBe(400);
    expect((await claims.call('POST', '/claims/batches', 'coder', {})).status).toBe(403);
    expect((await claims.call('GET', `/claims/batches/${randomUUID()}`, 'biller')).status).toBe(404);
    expect((await claims.send('GET', `/claims/batches/${randomUUID()}/837`, 'biller')).status).toBe(404);
    expect((await claims.call('GET', `/claims/${randomUUID()}/history`, 'biller')).status).toBe(404);
    expect((await claims.call('GET', '/claims?status=paid', 'biller')).status).toBe(200);
    expect((await claims.call('GET', '/claims?status=lost', 'biller')).status).toBe(400);
  });
});
