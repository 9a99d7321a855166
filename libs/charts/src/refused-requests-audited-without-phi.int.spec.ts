import { openEventEnvelope } from '@revcycle/messaging';
import { AuditRecorded, EventEnvelope } from '@revcycle/contracts';
import { MAX_ITEMIZED_REFUSALS, ServiceUnderTest, eventually } from '@revcycle/runtime';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { chartsServiceSpec } from './charts.app';

type AuditRow = Pick<EventEnvelope<AuditRecorded>, 'actor' | 'payload'>;

/**
 * Requests the access guard refuses (401, 403) are audited: who (the verified subject and role, else
 * anonymous), what (method and route pattern — never the path's values, query or body), outcome
 * `refused`, source ip, request id. A flood is answered at full speed and recorded in bounded form.
 */
describe('refused requests are audited without PHI', () => {
  let charts: ServiceUnderTest;
  let sql: Client;
  beforeAll(async () => {
    charts = await ServiceUnderTest.start(chartsServiceSpec);
    sql = new Client({ connectionString: charts.running.env.databaseUrl });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await charts?.stop();
  });

  const send = async (method: string, path: string, authorization?: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization) headers['authorization'] = authorization;
    const r = await fetch(`${charts.running.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await r.arrayBuffer();
    return { status: r.status, requestId: r.headers.get('x-request-id') ?? '' };
  };

  const refused = async (): Promise<AuditRow[]> =>
    (
      await sql.query<{ envelope: unknown }>(
        `SELECT envelope FROM charts.outbox WHERE topic = 'audit.recorded' ORDER BY seq`,
      )
    ).rows
      .map((r) => openEventEnvelope<AuditRecorded>(r.envelope))
      .filter((e) => e.payload.outcome === 'refused')
      .map((e) => ({ actor: e.actor, payload: e.payload }));

  const entryOf = async (requestId: string) =>
    eventually(
      async () => (await refused()).find((r) => r.payload.requestId === requestId),
      `entry ${requestId}`,
    );

  it('records a missing token, a bad token and a role without the permission, naming the route pattern only', async () => {
    const patientId = randomUUID();
    const noToken = await send('GET', `/patients/${patientId}?lastName=Okafor`);
    const badToken = await send('GET', `/patients/${patientId}`, 'Bearer not.a.token');
    const finance = await send(
      'GET',
      `/patients?lastName=Okafor&dateOfBirth=1968-03-09`,
      `Bearer ${charts.token('finance')}`,
    );
    const coderWrite = await send('POST', '/patients', `Bearer ${charts.token('coder')}`, {
      mrn: 'R-1',
      firstName: 'Wren',
      lastName: 'Okafor',
    });
    expect([noToken.status, badToken.status, finance.status, coderWrite.status]).toEqual([
      401, 401, 403, 403,
    ]);

    const common = { service: 'charts', outcome: 'refused', sourceIp: '127.0.0.1', resourceType: 'Patient' };
    expect(await entryOf(noToken.requestId)).toEqual({
      actor: { id: 'anonymous', role: 'system' },
      payload: {
        ...common,
        action: 'read',
        operation: 'GET /patients/:id',
        requestId: noToken.requestId,
        at: expect.any(String),
      },
    });
    expect((await entryOf(badToken.requestId)).actor).toEqual({ id: 'anonymous', role: 'system' });
    expect(await entryOf(finance.requestId)).toEqual({
      actor: { id: 'test-finance', role: 'finance' },
      payload: {
        ...common,
        action: 'read',
        operation: 'GET /patients',
        requestId: finance.requestId,
        at: expect.any(String),
      },
    });
    expect(await entryOf(coderWrite.requestId)).toMatchObject({
      actor: { id: 'test-coder', role: 'coder' },
      payload: { action: 'create', operation: 'POST /patients' },
    });
    // Never the path's values, the query string or the body.
    const all = JSON.stringify(await refused());
    for (const leak of [patientId, 'Okafor', '1968-03-09', 'Wren', 'R-1', 'not.a.token'])
      expect(all).not.toContain(leak);
  });

  it('answers a flood of unauthenticated requests with 401s and records every one, itemized up to the bound', async () => {
    const before = (await refused()).length;
    const flood = 1500;
    // In waves of 150 at once: 1,500 sockets opened together overflow the listen backlog of a busy
    // machine (ECONNRESET), which says nothing of how the service answers them.
    const answers: Array<{ status: number }> = [];
    for (let sent = 0; sent < flood; sent += 150)
      answers.push(...(await Promise.all(Array.from({ length: 150 }, () => send('GET', '/encounters')))));
    expect(answers).toHaveLength(flood);
    expect(answers.every((a) => a.status === 401)).toBe(true);
    // Each entry counts one refusal; a summary entry "… ×N not itemized" counts N.
    const counted = (rows: AuditRow[]) =>
      rows
        .filter((r) => r.payload.operation?.startsWith('GET /encounters'))
        .reduce((n, r) => n + Number(/×(\d+) not itemized$/.exec(r.payload.operation ?? '')?.[1] ?? 1), 0);
    const rows = await eventually(async () => {
      const now = (await refused()).slice(before);
      return counted(now) === flood ? now : undefined;
    }, `${flood} refusals recorded`);
    const itemized = rows.filter((r) => r.payload.requestId);
    expect(itemized.length).toBeGreaterThanOrEqual(Math.min(flood, MAX_ITEMIZED_REFUSALS));
    expect(new Set(itemized.map((r) => r.payload.requestId)).size).toBe(itemized.length);
    for (const summary of rows.filter((r) => !r.payload.requestId))
      expect(summary).toMatchObject({
        actor: { id: 'anonymous', role: 'system' },
        payload: {
          outcome: 'refused',
          operation: expect.stringMatching(/^GET \/encounters ×\d+ not itemized$/),
        },
      });
  }, 60_000);

  it('does not audit what is not refused: public endpoints and unknown routes', async () => {
    const before = (await refused()).length;
    const health = await send('GET', '/health');
    const unknown = await send('GET', '/no-such-route');
    expect([health.status, unknown.status]).toEqual([200, 404]);
    // A refusal after them is recorded; nothing before it.
    const marker = await send('GET', '/payers');
    await entryOf(marker.requestId);
    // (The flood's summary entries of the test before may still be arriving: they are not these.)
    expect(
      (await refused())
        .slice(before)
        .filter((r) => !r.payload.operation?.startsWith('GET /encounters'))
        .map((r) => r.payload.requestId),
    ).toEqual([marker.requestId]);
  });
});
