import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { totpAt } from '@revcycle/identity';
import { TestDatabase, createTestDatabase } from '@revcycle/persistence';
import { bootstrapService } from '@revcycle/runtime';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { complianceServiceSpec } from '../compliance.app';
import { IdentityService } from './identity.service';

/**
 * The session cookie over real HTTP against the compliance service: it authenticates the same
 * principal a bearer token would (so @HasPermission decides), unsafe requests need the CSRF token
 * and the same origin, an idle session ends, a TOTP code works once, sign-out ends the session.
 */
describe('portal sessions', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-identity-'));
  const password = 'plum tree at dusk 42';
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let identity: IdentityService;
  let sql: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    const running = await bootstrapService(
      { ...complianceServiceSpec, embeddedDefaults: true },
      {
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
        PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
        AUDIT_ANCHOR_DIR: path.join(dataDir, 'anchors'),
        SESSION_IDLE_MINUTES: '15',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      },
    );
    app = running.app;
    url = running.url;
    identity = app.get(IdentityService);
    sql = app.get<DataSource>(getDataSourceToken('compliance'));
    const system = { id: 'spec', role: 'system' as const };
    await identity.accounts.create('coder7', 'coder', system, password);
    await identity.accounts.create('officer7', 'compliance', system, password);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  interface Browser {
    session: string;
    csrf: string;
  }

  async function signIn(userName: string, headers: Record<string, string> = {}): Promise<Browser> {
    const r = await fetch(`${url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ userName, password }),
    });
    expect(r.status).toBe(200);
    const cookies = r.headers.getSetCookie();
    const value = (name: string) =>
      cookies
        .find((c) => c.startsWith(`${name}=`))!
        .split(';')[0]
        .split('=')[1];
    return { session: value('revcycle_session'), csrf: value('revcycle_csrf') };
  }

  const send = (
    b: Browser,
    method: string,
    p: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ) =>
    fetch(`${url}${p}`, {
      method,
      headers: {
        cookie: `revcycle_session=${b.session}; revcycle_csrf=${b.csrf}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('takes the session cookie for the principal, so each endpoint’s permission decides (coder: 403 on the audit log)', async () => {
    const coder = await signIn('coder7');
    const r = await send(coder, 'GET', '/audit');
    expect(r.status).toBe(403);
    expect(((await r.json()) as { message: string }).message).toBe('role coder lacks audit:read');
    expect((await send(coder, 'GET', '/auth/session')).status).toBe(200);
    // A made-up cookie is no session.
    expect((await send({ session: 'x'.repeat(43), csrf: '' }, 'GET', '/audit')).status).toBe(401);
  });

  it('refuses unsafe requests without the CSRF token, or from another origin', async () => {
    const coder = await signIn('coder7');
    const without = await send(
      coder,
      'POST',
      '/auth/password',
      {},
      { currentPassword: password, newPassword: 'x' },
    );
    expect(without.status).toBe(403);
    const wrong = await send(
      coder,
      'POST',
      '/auth/password',
      { 'x-csrf-token': 'nope' },
      { currentPassword: password, newPassword: 'x' },
    );
    expect(wrong.status).toBe(403);
    const foreign = await send(coder, 'POST', '/auth/sign-out', {
      'x-csrf-token': coder.csrf,
      origin: 'https://elsewhere.example',
    });
    expect(foreign.status).toBe(403);
    const crossSite = await send(coder, 'POST', '/auth/sign-out', {
      'x-csrf-token': coder.csrf,
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    // A sign-in form posted from another site (login CSRF) is refused before any password is checked.
    const login = await fetch(`${url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: JSON.stringify({ userName: 'coder7', password }),
    });
    expect(login.status).toBe(403);
    // With the token, from its own origin: the change is made.
    const ok = await send(
      coder,
      'POST',
      '/auth/password',
      { 'x-csrf-token': coder.csrf, origin: url },
      { currentPassword: password, newPassword: 'x' },
    );
    expect(ok.status).toBe(400);
    expect(JSON.stringify(await ok.json())).toContain('newPassword');
  });

  it('ends a session idle past SESSION_IDLE_MINUTES, and one signed out', async () => {
    const idle = await signIn('coder7');
    expect((await send(idle, 'GET', '/auth/session')).status).toBe(200);
    await sql.query(
      `UPDATE compliance.user_session SET last_seen_at = now() - interval '16 minutes'
        WHERE id_digest = encode(sha256($1::bytea), 'hex')`,
      [idle.session],
    );
    const after = await send(idle, 'GET', '/auth/session');
    expect(after.status).toBe(401);
    expect(((await after.json()) as { message: string }).message).toContain('idle longer than 15 minutes');
    // The automatic logoff ends the session a browser left, and audits it as coder7's sign-out, once.
    expect(await identity.expireSessions()).toBeGreaterThanOrEqual(1);
    const [ended] = await sql.query(
      `SELECT end_reason FROM compliance.user_session WHERE id_digest = encode(sha256($1::bytea), 'hex')`,
      [idle.session],
    );
    expect(ended.end_reason).toBe('idle');
    expect(await identity.expireSessions()).toBe(0);
    const logoffs = async () =>
      sql.query(
        `SELECT outcome FROM compliance.audit_log
          WHERE actor_id = 'coder7' AND action = 'sign-out' AND operation = 'automatic logoff: idle 15 minutes'`,
      );
    for (let tries = 0; (await logoffs()).length === 0 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await logoffs()).toEqual([{ outcome: 'success' }]);

    // Signing in again with a session cookie still set replaces that session (no fixation).
    const before = await signIn('coder7');
    const again = await fetch(`${url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `revcycle_session=${before.session}` },
      body: JSON.stringify({ userName: 'coder7', password }),
    });
    expect(again.status).toBe(200);
    expect((await send(before, 'GET', '/auth/session')).status).toBe(401);
    // Behind a TLS terminator the cookies are Secure even when SESSION_COOKIE_SECURE is off.
    const tls = await fetch(`${url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ userName: 'coder7', password }),
    });
    expect(tls.headers.getSetCookie().every((c) => c.endsWith('; Secure'))).toBe(true);
    expect(again.headers.getSetCookie().some((c) => c.includes('Secure'))).toBe(false);

    const leaving = await signIn('coder7');
    expect((await send(leaving, 'POST', '/auth/sign-out', { 'x-csrf-token': leaving.csrf })).status).toBe(
      200,
    );
    expect((await send(leaving, 'GET', '/auth/session')).status).toBe(401);
  });

  it('asks compliance for TOTP: enrollment, then a code at sign-in that works only once', async () => {
    const first = await signIn('officer7');
    // Password alone reaches nothing.
    expect((await send(first, 'GET', '/audit')).status).toBe(401);
    const enrollment = (await (
      await send(first, 'POST', '/auth/second-factor/enrollment', { 'x-csrf-token': first.csrf })
    ).json()) as { secret: string; otpauthUri: string };
    expect(enrollment.otpauthUri).toContain(`secret=${enrollment.secret}`);
    const enrolledAt = Date.now();
    const confirmed = await send(
      first,
      'POST',
      '/auth/second-factor/enrollment/confirm',
      { 'x-csrf-token': first.csrf },
      { code: totpAt(enrollment.secret, enrolledAt) },
    );
    expect(((await confirmed.json()) as { stage: string }).stage).toBe('active');
    expect((await send(first, 'GET', '/audit')).status).toBe(200);

    // The next sign-in: the code of the step just used is refused (RFC 6238 §5.2), the next step's accepted.
    const second = await signIn('officer7');
    expect(((await (await send(second, 'GET', '/auth/session')).json()) as { stage: string }).stage).toBe(
      'second-factor',
    );
    const replay = await send(
      second,
      'POST',
      '/auth/second-factor',
      { 'x-csrf-token': second.csrf },
      { code: totpAt(enrollment.secret, enrolledAt) },
    );
    expect(replay.status).toBe(401);
    const next = await send(
      second,
      'POST',
      '/auth/second-factor',
      { 'x-csrf-token': second.csrf },
      { code: totpAt(enrollment.secret, enrolledAt + 30_000) },
    );
    expect(next.status).toBe(200);
    expect((await send(second, 'GET', '/audit')).status).toBe(200);
  });
  it('a user name holding a NUL or a line break is a 400 naming userName, not the database refusing it', async () => {
    for (const userName of ['ad\u0000min', 'admin\n']) {
      const r = await fetch(`${url}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName, password }),
      });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { errors?: Array<{ field: string }> };
      expect(body.errors?.map((e) => e.field)).toEqual(['userName']);
    }
  });

  it("answers another service's introspection with the guard's own decision", async () => {
    const coder = await signIn('coder7');
    const ask = (body: unknown) =>
      fetch(`${url}/auth/session/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const host = new URL(url).host;
    const ok = await ask({ session: coder.session, method: 'GET', host });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'coder7', role: 'coder' });
    const unsafe = { session: coder.session, method: 'POST', host, origin: `http://${host}` };
    expect((await ask(unsafe)).status).toBe(403);
    expect((await ask({ ...unsafe, csrfToken: coder.csrf })).status).toBe(200);
    expect((await ask({ ...unsafe, origin: 'http://evil.example', csrfToken: coder.csrf })).status).toBe(403);
    expect((await ask({ session: 'no-such-session', method: 'GET' })).status).toBe(401);
    // A second factor still due is not signed in.
    const officer = await signIn('officer7');
    expect((await ask({ session: officer.session, method: 'GET', host })).status).toBe(401);
    const bad = await ask({ session: '', method: 'BREW' });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort(),
    ).toEqual(['method', 'session']);
  });
});
