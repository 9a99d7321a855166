import { IdentityService } from '@revcycle/compliance';
import {
  GATEWAY_ROUTES,
  SERVICE_NAMES,
  ServiceName,
  apiFirstSegments,
  createGateway,
} from '@revcycle/runtime';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DistributedServices } from './distributed-services';

const listen = async (server: http.Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const freePort = async (): Promise<number> => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
};

interface Browser {
  cookie: string;
  csrf: string;
}

/**
 * The portal's distributed shape: the gateway serves the portal and is the API's one origin; a
 * person's session cookie (issued by compliance) works at every service, which asks compliance
 * about it — idle, CSRF and origin checked there — and a role still gets only its own endpoints.
 */
describe('the portal through the gateway, on the five services', () => {
  const services = new DistributedServices();
  const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-gateway-portal-'));
  let gateway: http.Server;
  let origin: string;
  const run = randomBytes(3).toString('hex');

  const request = (pathname: string, init: RequestInit & { as?: Browser } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('cookie', init.as.cookie);
    return fetch(`${origin}${pathname}`, { ...init, headers, redirect: 'manual' });
  };

  const signIn = async (userName: string, password: string): Promise<Browser> => {
    const answer = await request('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ userName, password }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { stage: string }).stage).toBe('active');
    const cookies = answer.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('revcycle_csrf='))!.split('=')[1];
    return { cookie: cookies.join('; '), csrf };
  };

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(portalDir, 'index.html'),
      '<!doctype html><title>revcycle</title><div id="root"></div>',
    );
    fs.mkdirSync(path.join(portalDir, 'assets'));
    fs.writeFileSync(path.join(portalDir, 'assets', 'index-abc123.js'), 'console.log("portal")');
    const compliancePort = await freePort();
    const authority = `http://127.0.0.1:${compliancePort}`;
    await services.start(
      { SESSION_AUTHORITY_URL: authority },
      { compliance: { PORT: String(compliancePort) } },
    );
    gateway = createGateway({ upstreams: services.urls, portalDir });
    origin = await listen(gateway);
    const identity = services.app.compliance.get(IdentityService);
    const by = { id: 'e2e-admin', role: 'admin' as const };
    await identity.accounts.create(`coder-${run}`, 'coder', by, `coder password ${run}!`);
    await identity.accounts.create(`biller-${run}`, 'biller', by, `biller password ${run}!`);
  }, 600_000);

  afterAll(async () => {
    await new Promise((resolve) => gateway?.close(resolve));
    await services.stop();
    fs.rmSync(portalDir, { recursive: true, force: true });
  }, 120_000);

  it('routes every public path of each service to that service, and nothing else', () => {
    const own = new Set(['health', 'docs', 'docs-json', 'docs-yaml', 'admin']);
    for (const name of SERVICE_NAMES) {
      const segments = [...apiFirstSegments(services.app[name])].filter((s) => !own.has(s));
      for (const segment of segments)
        expect({ segment, service: GATEWAY_ROUTES[segment] }).toEqual({ segment, service: name });
      for (const [segment, service] of Object.entries(GATEWAY_ROUTES))
        if (service === name)
          expect({ segment, served: segments.includes(segment) }).toEqual({ segment, served: true });
    }
  });

  it('takes a coder session at coding and refuses it at remittance, as the API would a token', async () => {
    const coder = await signIn(`coder-${run}`, `coder password ${run}!`);
    const queue = await request('/coding/queue', { as: coder });
    expect(queue.status).toBe(200);
    expect(queue.headers.get('cache-control')).toBe('no-store');
    const finance = await request('/remittance/advices', { as: coder });
    expect(finance.status).toBe(403);
    expect(((await finance.json()) as { message: string }).message).toMatch(/coder lacks/);
  });

  it('checks the CSRF token and the origin of unsafe requests at every service', async () => {
    const coder = await signIn(`coder-${run}`, `coder password ${run}!`);
    const complete = (headers: Record<string, string>) =>
      request(`/coding/${randomUUID()}/complete`, {
        method: 'POST',
        as: coder,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ diagnoses: [], procedures: [] }),
      });
    expect((await complete({ origin })).status).toBe(403);
    expect((await complete({ origin: 'http://evil.example', 'x-csrf-token': coder.csrf })).status).toBe(403);
    // Past the guard: the work item does not exist, or the body is refused — either way no 401/403.
    expect([400, 404]).toContain((await complete({ origin, 'x-csrf-token': coder.csrf })).status);
  });

  it('serves a biller at charts and claims, and nowhere once signed out', async () => {
    const biller = await signIn(`biller-${run}`, `biller password ${run}!`);
    expect((await request('/patients?limit=5', { as: biller })).status).toBe(200);
    expect((await request('/claims?status=ready&limit=5', { as: biller })).status).toBe(200);
    const out = await request('/auth/sign-out', {
      method: 'POST',
      as: biller,
      headers: { origin, 'x-csrf-token': biller.csrf },
    });
    expect(out.status).toBe(200);
    expect((await request('/claims?status=ready', { as: biller })).status).toBe(401);
    expect((await request('/patients', { as: biller })).status).toBe(401);
  });

  it('keeps the session authority to the services and an unknown cookie out', async () => {
    const introspect = await request('/auth/session/introspect', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: 'x'.repeat(43), method: 'GET' }),
    });
    expect(introspect.status).toBe(404);
    const forged = await request('/coding/queue', {
      headers: { cookie: `revcycle_session=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    expect((await request('/coding/queue')).status).toBe(401);
  });

  it('serves the portal with its security headers: files, deep links, and no way out of its folder', async () => {
    const deep = await request('/work/coding');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    expect(deep.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const asset = await request('/assets/index-abc123.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await request('/assets/missing.js')).status).toBe(404);
    // A way up out of the folder is a deep link inside it: the portal's page, never the file.
    const up = await request('/%2e%2e/%2e%2e/etc/passwd');
    expect(await up.text()).toContain('<div id="root">');
    expect((await request('/work/coding', { method: 'DELETE' })).status).toBe(405);
  });

  it('reports each service in /health, per-service admin paths, and 502 for a service that is down', async () => {
    const health = await request('/health');
    expect(health.status).toBe(200);
    expect(((await health.json()) as { services: Record<ServiceName, string> }).services).toEqual(
      Object.fromEntries(SERVICE_NAMES.map((n) => [n, 'up'])),
    );
    expect((await request('/admin/nowhere/dead-letters')).status).toBe(404);
    const down = createGateway({
      upstreams: { ...services.urls, coding: `http://127.0.0.1:${await freePort()}` },
      portalDir,
    });
    const downOrigin = await listen(down);
    try {
      const answer = await fetch(`${downOrigin}/coding/queue`);
      expect(answer.status).toBe(502);
      expect(((await answer.json()) as { message: string }).message).toBe(
        'the coding service did not answer',
      );
      expect((await fetch(`${downOrigin}/health`)).status).toBe(503);
    } finally {
      await new Promise((resolve) => down.close(resolve));
    }
  });
});
