import { ServiceUnderTest } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { remittanceServiceSpec } from '../../remittance.app';
import { billAndAdjudicate } from '../../advices/remittance.test-support';

interface Denial {
  id: string;
  level: 'claim' | 'line';
  patientControlNumber: string;
  payerId: string;
  ageDays: number;
  lineNumber: number | null;
  procedureCode: string | null;
  deniedCents: number;
  carc: { code: string; description: string; known: boolean };
  group: { code: string; description: string };
  rarcs: Array<{ code: string; description: string }>;
  adjustments: Array<{ group: string; reason: string; amountCents: number; description: string }>;
  category: string;
  nextAction: string;
  status: string;
  resolution: { action: string; note: string | null; by: string } | null;
}
type Page = { total: number; items: Denial[] };

/**
 * The denials work queue over real HTTP on a real PostgreSQL, fed by an 835 of the payer simulator
 * posted through the intake: one item per denied claim and per line allowed nothing inside a paid
 * claim, with CARC/RARC in words, a category and a next action; filters; resolving once.
 */
describe('the denials work queue lists what the payer refused', () => {
  let remittance: ServiceUnderTest;
  let payer: Awaited<ReturnType<typeof billAndAdjudicate>>['payer'];
  beforeAll(async () => {
    remittance = await ServiceUnderTest.start(remittanceServiceSpec);
    const billed = await billAndAdjudicate(remittance, 60, 23);
    payer = billed.payer;
    const posted = await remittance.send('POST', '/remittance/advices', 'finance', {
      body: billed.text,
      contentType: 'application/edi-x12',
    });
    expect(posted.status).toBe(201);
  }, 180_000);
  afterAll(() => remittance?.stop(), 60_000);

  const list = async (query = '', role: 'finance' | 'biller' | 'coder' = 'finance') =>
    remittance.call<Page>('GET', `/remittance/denials${query}`, role);

  it('holds every denied claim and every line allowed nothing, in words', async () => {
    const { status, body } = await list('?limit=500');
    expect(status).toBe(200);
    const denied = payer.claims.filter((c) => c.outcome === 'denied' && !c.reversed);
    const partial = payer.claims.filter((c) => c.outcome === 'partially_paid' && !c.reversed);
    expect(denied.length + partial.length).toBeGreaterThan(0);
    const claimLevel = body.items.filter((d) => d.level === 'claim');
    const lineLevel = body.items.filter((d) => d.level === 'line');
    expect(claimLevel.map((d) => d.patientControlNumber).sort()).toEqual(denied.map((c) => c.claimId).sort());
    expect([...new Set(lineLevel.map((d) => d.patientControlNumber))].sort()).toEqual(
      partial.map((c) => c.claimId).sort(),
    );
    expect(body.total).toBe(body.items.length);
    for (const d of body.items) {
      const decided = payer.claims.find((c) => c.claimId === d.patientControlNumber)!;
      expect(decided.reason).toContain(d.carc.code);
      expect(d.carc.known).toBe(true);
      expect(d.carc.description.length).toBeGreaterThan(10);
      expect(d.adjustments.every((a) => a.description.length > 0)).toBe(true);
      // refused to the practice (CO/OA/PI) or assigned to the patient (PR, e.g. 96 non-covered)
      expect(d.adjustments.reduce((s, a) => s + a.amountCents, 0)).toBeGreaterThan(0);
      if (d.group.code === 'PR') expect(d.nextAction).toBe('bill_patient');
      else expect(d.deniedCents).toBeGreaterThan(0);
      expect(d.status).toBe('open');
      expect(d.category).toMatch(
        /^(eligibility|authorization|coding|medical_necessity|timely_filing|duplicate|bundling|missing_information|other)$/,
      );
      expect(['correct_and_resubmit', 'appeal', 'bill_patient', 'write_off']).toContain(d.nextAction);
      if (d.level === 'line') expect(d.procedureCode).toMatch(/^\d{5}$/);
    }
  });

  it('filters by CARC, payer and age, and refuses a bad filter with the field named', async () => {
    const all = (await list('?limit=500')).body.items;
    const carc = all[0].carc.code;
    const byCarc = (await list(`?carc=${carc}&limit=500`)).body;
    expect(byCarc.items.length).toBeGreaterThan(0);
    expect(byCarc.items.every((d) => d.adjustments.some((a) => a.reason === carc))).toBe(true);
    expect((await list(`?payerId=${all[0].payerId}`)).body.total).toBe(all.length);
    expect((await list(`?payerId=${randomUUID()}`)).body.total).toBe(0);
    const oldest = Math.max(...all.map((d) => d.ageDays));
    expect((await list(`?minAgeDays=${oldest + 1}`)).body.total).toBe(0);
    expect((await list(`?minAgeDays=0&limit=500`)).body.total).toBe(all.length);
    for (const bad of ['?carc=16;drop', '?minAgeDays=-1', '?payerId=nope', '?state=closed', '?limit=0']) {
      const r = await remittance.call<{ errors: Array<{ field: string }> }>(
        'GET',
        `/remittance/denials${bad}`,
        'finance',
      );
      expect(r.status).toBe(400);
      expect(r.body.errors[0].field).toBe(bad.slice(1).split('=')[0]);
    }
  });

  it('sorts oldest payment first by default, newest first or largest denied amount first, paging without overlap', async () => {
    const all = (await list('?limit=500')).body.items;
    expect(all.length).toBeGreaterThan(1);
    const byAge = all.map((d) => d.ageDays);
    expect(byAge).toEqual([...byAge].sort((a, b) => b - a));
    const newest = (await list('?sort=newest&limit=500')).body.items.map((d) => d.ageDays);
    expect(newest).toEqual([...newest].sort((a, b) => a - b));
    const largest = (await list('?sort=largest&limit=500')).body.items;
    expect(largest.map((d) => d.id).sort()).toEqual(all.map((d) => d.id).sort());
    const amounts = largest.map((d) => d.deniedCents);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const pages = [];
    for (let offset = 0; offset < all.length; offset += 2)
      pages.push(...(await list(`?sort=largest&limit=2&offset=${offset}`)).body.items.map((d) => d.id));
    expect(pages).toEqual(largest.map((d) => d.id));
    const bad = await remittance.call<{ errors: Array<{ field: string }> }>(
      'GET',
      '/remittance/denials?sort=cheapest',
      'finance',
    );
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'sort']);
  });

  it('is resolved once: the same action again changes nothing, another is a conflict', async () => {
    const [first] = (await list()).body.items;
    const resolve = (id: string, body: unknown, role: 'finance' | 'biller' = 'finance') =>
      remittance.call<Denial>('POST', `/remittance/denials/${id}/resolve`, role, body);
    const done = await resolve(first.id, { action: 'appeal', note: 'medical records attached' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: first.id,
      status: 'resolved',
      resolution: { action: 'appeal', note: 'medical records attached', by: expect.any(String) },
    });
    expect((await resolve(first.id, { action: 'appeal' })).status).toBe(200);
    expect((await resolve(first.id, { action: 'write_off' })).status).toBe(409);
    expect((await list('?limit=500')).body.items.map((d) => d.id)).not.toContain(first.id);
    expect((await list('?state=resolved')).body.items.map((d) => d.id)).toEqual([first.id]);

    expect((await resolve(`${randomUUID()}.0`, { action: 'appeal' })).status).toBe(404);
    expect((await resolve('not-a-denial', { action: 'appeal' })).status).toBe(404);
    expect((await resolve(first.id, { action: 'pray' })).status).toBe(400);
    expect((await resolve(first.id, { action: 'appeal', note: 'x'.repeat(2001) })).status).toBe(400);
    expect((await resolve(first.id, { action: 'appeal' }, 'biller')).status).toBe(403);
    expect((await list('', 'coder')).status).toBe(403);
  });
});
