import { AuditRecordedEvent, createEvent } from '@revcycle/contracts';
import { randomUUID } from 'node:crypto';
import { ComplianceUnderTest } from '../test/compliance-under-test';

interface Entry {
  id: string;
  segment: number;
  seq: number;
  occurredAt: string;
  action: string;
  actorId: string;
}
type Page = { total: number; items: Entry[] };

/**
 * GET /audit as the portal's audit log screen asks it: by action (who updated, who exported …) and
 * newest first, paged without overlap; a bad action or order is a 400 naming the parameter.
 */
describe('the audit log searched by action, newest first', () => {
  const c = new ComplianceUnderTest();
  beforeAll(async () => {
    await c.start();
    await c.append(12);
    await c.dataSource.transaction(async (m) => {
      for (const action of ['update', 'export', 'update'] as const)
        await c.log.append(
          createEvent(AuditRecordedEvent, {
            aggregateId: randomUUID(),
            actor: { id: 'fin-7', role: 'finance' },
            payload: {
              service: 'remittance',
              action,
              resourceType: 'Denial',
              resourceId: randomUUID(),
              outcome: 'success',
              at: new Date().toISOString(),
              operation: 'POST /remittance/denials/:denial/resolve',
            },
          }),
          m,
        );
    });
  }, 60_000);
  afterAll(() => c.dispose(), 60_000);

  it('filters by action and by actor together', async () => {
    const updates = await c.call<Page>('GET', '/audit?action=update');
    expect(updates.status).toBe(200);
    expect(updates.body.total).toBe(2);
    expect(updates.body.items.map((e) => [e.action, e.actorId])).toEqual([
      ['update', 'fin-7'],
      ['update', 'fin-7'],
    ]);
    expect((await c.call<Page>('GET', '/audit?action=export&actorId=fin-7')).body.total).toBe(1);
    expect((await c.call<Page>('GET', '/audit?action=export&actorId=user-1')).body.total).toBe(0);
  });

  it('answers newest first when asked, and oldest first by default', async () => {
    // (the service's own reads of /audit are audited too: compared on the charts entries, which stay put)
    const entries = async (query: string) =>
      (await c.call<Page>('GET', `/audit?service=charts&${query}`)).body.items;
    const asc = await entries('limit=500');
    expect(asc).toHaveLength(12);
    // Entries are appended to several chain segments at once: in time, then segment, then place in it.
    const place = (e: Entry) => [Date.parse(e.occurredAt), e.segment, e.seq];
    const before = (a: Entry, b: Entry) => {
      const [x, y] = [place(a), place(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    expect(asc).toEqual([...asc].sort(before));
    const ids = (list: Entry[]) => list.map((e) => e.id);
    expect(ids(await entries('order=desc&limit=500'))).toEqual(ids(asc).reverse());
    const pages = [
      ...(await entries('order=desc&limit=5')),
      ...(await entries('order=desc&limit=5&offset=5')),
    ];
    expect(ids(pages)).toEqual(ids(asc).reverse().slice(0, 10));
  });

  it('refuses an unknown action or order with the parameter named', async () => {
    for (const bad of ['?action=shred', '?order=sideways']) {
      const r = await c.call<{ errors: Array<{ field: string }> }>('GET', `/audit${bad}`);
      expect([r.status, r.body.errors[0].field]).toEqual([400, bad.slice(1).split('=')[0]]);
    }
  });
});
