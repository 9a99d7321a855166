import { getDataSourceToken } from '@nestjs/typeorm';
import { ServiceUnderTest } from '@revcycle/runtime';
import { ClaimsAdjudicated } from '@revcycle/contracts';
import { openEventEnvelope } from '@revcycle/messaging';
import { phiKeyring, rotatePhiColumns } from '@revcycle/security';
import { ClaimPayment, parse835 } from '@revcycle/x12';
import { DataSource } from 'typeorm';
import { remittanceServiceSpec } from '../remittance.app';
import { BilledRemittance, billAndAdjudicate, rewrite835 } from './remittance.test-support';

interface Intake {
  id: string;
  fileId: string;
  advices: { id: string }[];
  duplicate: boolean;
  transactions: number;
  claims: number;
  matched: number;
  unmatched: number;
  paidCents: number;
  claimPaidCents: number;
  plbCents: number;
  rejectedTransactions: {
    transactionSetControlNumber: string;
    errors: { code: string; message: string; segmentOrdinal?: number; segmentId?: string }[];
    balancing: { rule: string }[];
  }[];
}
interface Account {
  chargeCents: number;
  paidCents: number;
  adjustmentCents: number;
  patientResponsibilityCents: number;
  deductibleCents: number;
  coinsuranceCents: number;
  copayCents: number;
  balanceCents: number;
  status: string;
  postings: {
    claimStatusCode: string;
    outcome: string;
    traceNumber: string;
    lines: { lineNumber: number | null; matchMethod: string }[];
  }[];
}
interface ReviewItem {
  id: string;
  kind: string;
  patientControlNumber: string;
  reason: string;
}

/**
 * The remittance service over real HTTP on a real PostgreSQL, its ledger fed through its own
 * consumer with the claims of a real 837 (REF*6R per line), paid by the payer simulator's 835: every claim's figures to the
 * cent, once — however often or however concurrently the file comes back — and bad sets refused
 * with located errors while the others post.
 */
describe('an 835 posts every claim to the cent, once', () => {
  let remittance: ServiceUnderTest;
  let db: DataSource;
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    db = remittance.running.app.get(getDataSourceToken('remittance'));
  }, 180_000);
  afterAll(() => remittance?.stop(), 60_000);

  const post = async (
    body: string,
    role: 'finance' | 'biller' | 'coder' = 'finance',
    contentType = 'application/edi-x12',
  ) => {
    const r = await remittance.send('POST', '/remittance/advices', role, { body, contentType });
    return { status: r.status, body: JSON.parse(r.text) };
  };
  const account = async (pcn: string) =>
    (await remittance.call<Account>('GET', `/remittance/claims/${pcn}`, 'biller')).body;
  const postingCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM remittance.claim_posting`))[0].n);
  const openReview = async () =>
    (await remittance.call<{ items: ReviewItem[] }>('GET', '/remittance/unmatched?limit=500', 'finance')).body
      .items;

  /** What the 835 says each claim should read, summed independently from the parsed file. */
  function expectedFrom(text: string) {
    const byPcn = new Map<
      string,
      {
        paid: number;
        pr: number;
        adj: number;
        ded: number;
        coins: number;
        copay: number;
        clps: ClaimPayment[];
      }
    >();
    for (const t of parse835(text).file.transactions)
      for (const c of t.claims) {
        const e = byPcn.get(c.claimId) ?? { paid: 0, pr: 0, adj: 0, ded: 0, coins: 0, copay: 0, clps: [] };
        e.paid += c.paidCents;
        for (const a of [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)]) {
          if (a.group !== 'PR') e.adj += a.amountCents;
          else {
            e.pr += a.amountCents;
            if (a.reason === '1') e.ded += a.amountCents;
            if (a.reason === '2') e.coins += a.amountCents;
            if (a.reason === '3') e.copay += a.amountCents;
          }
        }
        e.clps.push(c);
        byPcn.set(c.claimId, e);
      }
    return byPcn;
  }

  let billed: BilledRemittance;
  let first: Intake;

  it('posts the simulator 835 for our 837: every claim to the cent, lines by REF*6R, one event per CLP', async () => {
    billed = await billAndAdjudicate(remittance, 30, 11);
    expect(billed.payer.summary.reversed).toBe(1);
    const r = await post(billed.text);
    expect(r.status).toBe(201);
    first = r.body;
    const parsed = parse835(billed.text);
    const clps = parsed.file.transactions.flatMap((t) => t.claims);
    expect(first).toMatchObject({
      duplicate: false,
      transactions: parsed.file.transactions.length,
      claims: clps.length,
      matched: clps.length,
      unmatched: 0,
      paidCents: parsed.summary.totalPaidCents,
      claimPaidCents: parsed.summary.claimPaidCents,
      plbCents: parsed.summary.plbCents,
      rejectedTransactions: [],
    });
    const expected = expectedFrom(billed.text);
    for (const pcn of billed.patientControlNumbers) {
      const a = await account(pcn);
      const e = expected.get(pcn);
      const decided = billed.payer.claims.find((c) => c.claimId === pcn)!;
      if (!e) {
        // rejected at the 277CA: nothing paid, the whole charge still open
        expect(a).toMatchObject({
          paidCents: 0,
          adjustmentCents: 0,
          patientResponsibilityCents: 0,
          balanceCents: a.chargeCents,
          status: 'billed',
        });
        continue;
      }
      expect(a).toMatchObject({
        paidCents: e.paid,
        adjustmentCents: e.adj,
        patientResponsibilityCents: e.pr,
        deductibleCents: e.ded,
        coinsuranceCents: e.coins,
        copayCents: e.copay,
        balanceCents: a.chargeCents - e.paid - e.adj - e.pr,
      });
      // the simulator's own figure: what it finally paid the claim
      expect(a.paidCents).toBe(decided.paidCents);
      expect(a.status).toBe(decided.outcome);
      expect(a.postings).toHaveLength(e.clps.length);
      if (decided.reversed) expect(a.postings.map((p) => p.outcome)).toEqual(['paid', 'reversed', 'paid']);
      for (const p of a.postings)
        expect(p.lines.map((l) => [l.lineNumber, l.matchMethod])).toEqual([
          [1, 'line_item_control_number'],
          [2, 'line_item_control_number'],
        ]);
    }
    // the payer's procedures: sealed at rest, opened for the authorized read
    const paidLines = (await account(billed.payer.claims.find((c) => c.reversed)!.claimId)).postings[0].lines;
    expect(
      (paidLines as unknown as { procedureCode: string; modifiers: string[] }[]).map((l) => [
        l.procedureCode,
        l.modifiers,
      ]),
    ).toEqual([
      ['99213', ['25']],
      ['36415', []],
    ]);
    // sealed once per posting (its lines' services in SVC order), none on the line rows
    const [atRest] = await db.query(
      `SELECT line_services FROM remittance.claim_posting WHERE line_services IS NOT NULL LIMIT 1`,
    );
    expect(atRest.line_services).toMatch(/^v2:/);
    const [clearAtRest] = await db.query(
      `SELECT (SELECT count(*)::int FROM remittance.claim_posting WHERE line_services LIKE '%99213%')
            + (SELECT count(*)::int FROM remittance.line_posting WHERE service IS NOT NULL) AS n`,
    );
    expect(clearAtRest.n).toBe(0);
    // remittance.claims.adjudicated, sealed in the outbox (a batch's claims per event, keyed by
    // payer): the reversed claim's three, in order
    const reversedPcn = billed.payer.claims.find((c) => c.reversed)!.claimId;
    const sealed: { envelope: unknown; message_key: string }[] = await db.query(
      `SELECT envelope, message_key FROM remittance.outbox WHERE topic = 'remittance.claims.adjudicated' ORDER BY seq`,
    );
    const every = sealed.flatMap((r) => openEventEnvelope<ClaimsAdjudicated>(r.envelope).payload.claims);
    expect(new Set(sealed.map((r) => r.message_key)).size).toBe(1);
    expect(new Set(every.map((c) => c.adjudicationId)).size).toBe(every.length);
    const adjudicated = every.filter((p) => p.patientControlNumber === reversedPcn);
    const finalAccount = await account(reversedPcn);
    expect(adjudicated.map((p) => [p.outcome, p.claimStatusCode])).toEqual([
      ['paid', '1'],
      ['reversed', '22'],
      ['paid', '1'],
    ]);
    expect(adjudicated[1].paidCents).toBe(0);
    expect(adjudicated[2]).toMatchObject({
      paidCents: finalAccount.paidCents,
      patientResponsibilityCents: finalAccount.patientResponsibilityCents,
      adjustmentCents: finalAccount.adjustmentCents,
      paymentDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(adjudicated[2].lines!.map((l) => [l.lineNumber, l.procedureCode, l.modifiers])).toEqual([
      [1, '99213', ['25']],
      [2, '36415', undefined],
    ]);
    expect(every).toHaveLength(clps.length);
    const advice = await remittance.call<{
      traceNumber: string;
      paidCents: number;
      claims: unknown[];
      providerAdjustments: unknown[];
    }>('GET', `/remittance/advices/${first.id}`, 'finance');
    expect(advice.status).toBe(200);
    expect(advice.body.traceNumber).toBe(parsed.file.transactions[0].trace.traceNumber);
    expect(advice.body.paidCents).toBe(parsed.file.transactions[0].payment.totalPaidCents);
    expect(advice.body.claims).toHaveLength(parsed.file.transactions[0].claims.length);
    const plb = parsed.file.transactions[0].providerAdjustments.flatMap((p) => p.adjustments);
    expect(advice.body.providerAdjustments).toHaveLength(plb.length);
    const listed = await remittance.call<{ total: number; items: { id: string }[] }>(
      'GET',
      `/remittance/advices?fileId=${first.fileId}`,
      'finance',
    );
    expect(listed.body.items.map((a) => a.id).sort()).toEqual(first.advices.map((a) => a.id).sort());
  });

  it('the same file again — or the same remittance in other bytes — answers 200 duplicate and posts nothing', async () => {
    const before = await postingCount();
    const again = await post(billed.text);
    expect(again).toEqual({ status: 200, body: { id: first.id, duplicate: true } });
    const rewritten = rewrite835(billed.text, () => undefined);
    expect(rewritten).not.toBe(billed.text);
    expect(await post(rewritten)).toEqual({ status: 200, body: { id: first.id, duplicate: true } });
    expect(await postingCount()).toBe(before);
  });

  it('two uploads of one remittance at once: one posts, the other is its duplicate', async () => {
    const other = await billAndAdjudicate(remittance, 8, 12);
    const before = await postingCount();
    const [a, b] = await Promise.all([post(other.text), post(other.text)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 201]);
    const created = a.status === 201 ? a : b;
    const dup = a.status === 200 ? a : b;
    expect(dup.body).toEqual({ id: created.body.id, duplicate: true });
    expect((await postingCount()) - before).toBe(created.body.matched);
  });

  it('garbage, an empty body, the wrong content or role: located 4xx, never a 500', async () => {
    const garbage = await post('this is not X12 at all');
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors.length).toBeGreaterThan(0);
    expect((await post('')).status).toBe(400);
    expect((await post('ISA', 'finance', 'application/json')).status).toBe(415);
    expect((await post('ISA', 'coder')).status).toBe(403);
    const a999 = billed.payer.files['999'];
    const not835 = await post(a999);
    expect(not835.status).toBe(422);
    expect(JSON.stringify(not835.body.errors)).toContain('not an 835');
  });

  it('a truncated 835 posts its complete sets and refuses the cut one, located', async () => {
    const fresh = await billAndAdjudicate(remittance, 6, 13);
    const secondSt = fresh.text.indexOf('ST*835', fresh.text.indexOf('ST*835') + 1);
    expect(secondSt).toBeGreaterThan(0);
    const cut = fresh.text.slice(0, fresh.text.indexOf('CLP*', secondSt) + 20);
    const r = await post(cut);
    expect(r.status).toBe(201);
    expect(r.body.transactions).toBe(2);
    expect(r.body.rejectedTransactions).toHaveLength(1);
    expect(r.body.rejectedTransactions[0].errors.map((e: { code: string }) => e.code)).toContain(
      'SE_MISSING',
    );
    expect(r.body.matched).toBe(parse835(fresh.text).file.transactions[0].claims.length);
  });

  it('a set that does not balance is refused with its balancing report while the others post; its reversal goes to review', async () => {
    const fresh = await billAndAdjudicate(remittance, 6, 14);
    const text = rewrite835(fresh.text, (file) => {
      const c = file.transactions[0].claims.find((x) => x.paidCents > 0)!;
      c.paidCents += 100;
    });
    const r = await post(text);
    expect(r.status).toBe(201);
    const [refused] = r.body.rejectedTransactions;
    expect(
      refused.errors.some(
        (e: { code: string; segmentId?: string }) => e.code.startsWith('UNBALANCED_') && e.segmentId,
      ),
    ).toBe(true);
    expect(refused.balancing.map((b: { rule: string }) => b.rule)).toEqual(
      expect.arrayContaining([
        'CLP03 - CLP04 = sum of claim and line CAS',
        'BPR02 = sum of CLP04 - sum of PLB',
      ]),
    );
    // the refused set posted nothing: not the tampered claim, not its neighbours
    const set = parse835(text).file.transactions[0];
    for (const c of set.claims)
      expect(
        (await account(c.claimId)).postings.filter((p) => p.traceNumber === set.trace.traceNumber),
      ).toEqual([]);
    // the second set reverses a payment of the refused first set: nothing to reverse → review
    const reversedPcn = fresh.payer.claims.find((c) => c.reversed)!.claimId;
    expect(r.body.unmatched).toBe(1);
    const review = await openReview();
    expect(review).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'reversal_without_posting', patientControlNumber: reversedPcn }),
      ]),
    );
  });

  it('a set with a code the 835 guide does not know (a CARC outside the list) is refused, located; the others post', async () => {
    const fresh = await billAndAdjudicate(remittance, 4, 20);
    const sets = parse835(fresh.text).file.transactions.length;
    const text = rewrite835(fresh.text, (file) => {
      const line = file.transactions[0].claims
        .flatMap((c) => c.serviceLines)
        .find((l) => l.adjustments.length)!;
      line.adjustments[0] = { ...line.adjustments[0], reason: 'Z99' };
    });
    const r = await post(text);
    expect(sets).toBeGreaterThan(1);
    expect(r.status).toBe(201);
    const [refused] = r.body.rejectedTransactions;
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ segmentId: 'CAS', segmentOrdinal: expect.any(Number) }),
      ]),
    );
    expect(refused.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ segmentId: 'CAS', element: 'CAS02' })]),
    );
  });

  it('a refused set names where the bad value is, never the value: no patient name or member id in the answer or the stored refusal', async () => {
    const fresh = await billAndAdjudicate(remittance, 2, 21);
    const name = `QUIXOTE${'Z'.repeat(60)}`;
    const member = `MEMBERSECRET${'9'.repeat(75)}`;
    const text = fresh.text.replace(
      /NM1\*QC\*1\*[^*~]*\*([^~]*?)\*MI\*[^*~]*/,
      `NM1*QC*1*${name}*$1*MI*${member}`,
    );
    expect(text).not.toBe(fresh.text);
    const since = new Date();
    const r = await post(text);
    // The set refused (the others post), its errors located at the elements.
    expect(r.status).toBe(201);
    expect(r.body.rejectedTransactions[0].errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ segmentId: 'NM1', element: 'NM103' }),
        expect.objectContaining({ segmentId: 'NM1', element: 'NM109' }),
      ]),
    );
    expect(JSON.stringify(r.body)).not.toMatch(/QUIXOTE|MEMBERSECRET/);
    const stored: { errors: unknown }[] = await db.query(
      `SELECT errors FROM remittance.rejected_transaction WHERE rejected_at >= $1`,
      [since],
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toMatch(/QUIXOTE|MEMBERSECRET/);
  });

  it('a CLP for no claim of ours goes to review, and resolving it posts it to the claim named', async () => {
    const fresh = await billAndAdjudicate(remittance, 4, 15);
    const reversed = fresh.payer.claims.find((c) => c.reversed)?.claimId;
    const real = parse835(fresh.text).file.transactions[0].claims.find(
      (c) => c.paidCents > 0 && c.claimId !== reversed,
    )!;
    const text = rewrite835(fresh.text, (file) => {
      file.transactions[0].claims.find((c) => c.claimId === real.claimId)!.claimId = 'RCNOTOURS000';
    });
    const r = await post(text);
    expect(r.status).toBe(201);
    expect(r.body.unmatched).toBeGreaterThanOrEqual(1);
    const item = (await openReview()).find((i) => i.patientControlNumber === 'RCNOTOURS000')!;
    expect(item.kind).toBe('claim_not_found');
    expect((await account(real.claimId)).postings).toHaveLength(0);
    const [{ claim_id }] = await db.query(
      `SELECT claim_id FROM remittance.claim_ledger WHERE patient_control_number = $1`,
      [real.claimId],
    );
    const resolved = await remittance.call('POST', `/remittance/unmatched/${item.id}/resolve`, 'finance', {
      claimId: claim_id,
    });
    expect(resolved.status).toBe(200);
    expect(await account(real.claimId)).toMatchObject({
      paidCents: real.paidCents,
      postings: [expect.anything()],
    });
    const twice = await remittance.call('POST', `/remittance/unmatched/${item.id}/resolve`, 'finance', {
      claimId: claim_id,
    });
    expect(twice.status).toBe(409);
  });

  it('a payer that drops REF*6R and a modifier still matches the line; amounts beyond the charge are refused', async () => {
    const fresh = await billAndAdjudicate(remittance, 4, 16);
    const text = rewrite835(fresh.text, (file) => {
      for (const t of file.transactions)
        for (const c of t.claims)
          for (const l of c.serviceLines) {
            delete l.lineItemControlNumber;
            if (l.procedure.code === '99213') delete l.procedure.modifiers;
          }
    });
    const r = await post(text);
    expect(r.status).toBe(201);
    const paidPcn = parse835(text).file.transactions[0].claims.find((c) => c.status !== '4')!.claimId;
    const a = await account(paidPcn);
    expect(a.postings[0].lines.map((l) => [l.lineNumber, l.matchMethod])).toEqual([
      [1, 'attributes'],
      [2, 'attributes'],
    ]);

    // amounts beyond what we billed (balanced, so only the charge check can catch it)
    const more = await billAndAdjudicate(remittance, 3, 17);
    let inflatedPcn = '';
    const inflated = rewrite835(more.text, (file) => {
      const t = file.transactions[0];
      const c = t.claims[0];
      inflatedPcn = c.claimId;
      c.chargeCents += 100_000;
      c.adjustments.push({ group: 'CO', reason: '45', amountCents: 100_000 });
    });
    const refused = await post(inflated);
    const errors =
      refused.status === 201
        ? refused.body.rejectedTransactions.flatMap((t: { errors: unknown[] }) => t.errors)
        : refused.body.errors;
    expect(refused.status === 201 || refused.status === 422).toBe(true);
    if (refused.status === 201)
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'BEYOND_CHARGE',
            segmentId: 'CLP',
            element: 'CLP03',
            claimId: inflatedPcn,
          }),
        ]),
      );
    else expect(JSON.stringify(errors)).toContain(`CLP03 charge`);
    // the whole set was refused: none of its claims posted
    const set = parse835(inflated).file.transactions[0];
    for (const c of set.claims)
      expect(
        (await account(c.claimId)).postings.filter((p) => p.traceNumber === set.trace.traceNumber),
      ).toEqual([]);
  });

  it('a line that fits no billed line goes to review; resolving it gives it our line number', async () => {
    const fresh = await billAndAdjudicate(remittance, 3, 19);
    let pcn = '';
    const text = rewrite835(fresh.text, (file) => {
      const c = file.transactions[0].claims.find((x) => x.status === '1')!;
      pcn = c.claimId;
      for (const l of c.serviceLines) delete l.lineItemControlNumber;
      // the payer reports the venipuncture under the E/M code: it fits none of our open lines
      c.serviceLines[1].procedure = { qualifier: 'HC', code: '99213' };
    });
    const posted = await post(text);
    expect(posted.status).toBe(201);
    const lines = async () =>
      (await account(pcn)).postings[0].lines.map((l) => [l.lineNumber, l.matchMethod]);
    expect(await lines()).toEqual([
      [1, 'attributes'],
      [null, 'unmatched'],
    ]);
    const item = (await openReview()).find(
      (i) => i.patientControlNumber === pcn && i.kind === 'unmatched_line',
    )!;
    expect(item.reason).toMatch(/service line 2/);
    const bad = await remittance.call('POST', `/remittance/unmatched/${item.id}/resolve`, 'finance', {
      lineNumber: 7,
    });
    expect(bad.status).toBe(400);
    const ok = await remittance.call('POST', `/remittance/unmatched/${item.id}/resolve`, 'finance', {
      lineNumber: 2,
    });
    expect(ok.status).toBe(200);
    expect(await lines()).toEqual([
      [1, 'attributes'],
      [2, 'review'],
    ]);
    expect((await openReview()).find((i) => i.id === item.id)).toBeUndefined();
  });

  it('keys rotate opens every sealed remittance value with the associated data it was written with', async () => {
    const summary = await rotatePhiColumns([db], { keyring: phiKeyring(), dryRun: true });
    for (const table of [
      'remittance.claim_ledger',
      'remittance.claim_ledger_line',
      'remittance.line_posting',
      'remittance.claim_posting',
      'remittance.remittance_review',
    ])
      expect(summary.byTable[table]).toMatchObject({ failed: 0, alreadyCurrent: expect.any(Number) });
    expect(summary.byTable['remittance.claim_ledger'].alreadyCurrent).toBeGreaterThan(0);
    expect(summary.byTable['remittance.claim_posting'].alreadyCurrent).toBeGreaterThan(0);
    expect(summary.byTable['remittance.remittance_review'].alreadyCurrent).toBeGreaterThan(0);
  });

  it('streams a file of many batches sent in small chunks, and posts it all', async () => {
    const big = await billAndAdjudicate(remittance, 1200, 18);
    const bytes = Buffer.from(big.text, 'latin1');
    const chunks = (function* () {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    })();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    const response = await fetch(`${remittance.running.url}/remittance/advices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${remittance.token('finance')}`,
        // no length: a stream goes out chunked
        'content-type': 'application/edi-x12',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    const r = (await response.json()) as Intake;
    const parsed = parse835(big.text);
    const clps = parsed.file.transactions.flatMap((t) => t.claims);
    expect(clps.length).toBeGreaterThan(1000);
    expect(r).toMatchObject({
      matched: clps.length,
      unmatched: 0,
      claimPaidCents: parsed.summary.claimPaidCents,
    });
    const [sums] = await db.query(
      `SELECT count(*)::int AS n, sum(p.paid_cents)::float8 AS paid
         FROM remittance.claim_posting p JOIN remittance.remittance_advice a ON a.id = p.advice_id
        WHERE a.file_id = $1`,
      [r.fileId],
    );
    expect(sums).toEqual({ n: clps.length, paid: parsed.summary.claimPaidCents });
  }, 120_000);
});
