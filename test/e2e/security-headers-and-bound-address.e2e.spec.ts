import { INestApplication } from '@nestjs/common';
import { chartsServiceSpec } from '@revcycle/charts';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { RunningService, bootstrapService, listeningMessage } from '@revcycle/runtime';
import { generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { randomBytes } from 'node:crypto';

/**
 * One real service (charts) booted by the real bootstrap on a real PostgreSQL, bound to every
 * interface. The in-process transport (embeddedDefaults) keeps Kafka out of a test about HTTP.
 */
describe('HTTP responses: security headers, no-store on credentialed responses, the bound address', () => {
  const keys = generateTokenKeyPair();
  const audience = 'headers-spec';
  let db: TestDatabase;
  let running: RunningService;
  let app: INestApplication;
  const token = issueAccessToken({ id: 'u-biller', role: 'biller' }, privateTokenKey(keys.privateKey), {
    audience,
    ttlSeconds: 600,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await bootstrapService(
      { ...chartsServiceSpec, embeddedDefaults: true },
      {
        DATABASE_URL: db.url,
        AUTH_JWT_PUBLIC_KEY: keys.publicKey,
        AUTH_JWT_AUDIENCE: audience,
        PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PORT: '0',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'warn',
      },
    );
    app = running.app;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const get = (path: string, authorization?: string) =>
    fetch(`${running.url}${path}`, { headers: authorization ? { authorization } : {} });

  it('reports the address it bound (every interface) and where to reach it from this machine', () => {
    const port = new URL(running.url).port;
    expect(running.boundUrl).toBe(`http://0.0.0.0:${port}`);
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
    expect(listeningMessage('charts', running)).toBe(
      `revcycle charts listening on http://0.0.0.0:${port} (all interfaces; from this machine http://127.0.0.1:${port}, docs http://127.0.0.1:${port}/docs, in-process transport)`,
    );
  });

  it('sends helmet headers and no X-Powered-By on every response', async () => {
    for (const response of [await get('/health'), await get('/patients'), await get('/nowhere')]) {
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('marks every response to a credentialed request no-store, whatever its status', async () => {
    const ok = await get('/patients', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    const refused = await get('/patients', 'Bearer not-a-token');
    expect(refused.status).toBe(401);
    const missing = await get(
      `/patients/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
      `Bearer ${token}`,
    );
    expect(missing.status).toBe(404);
    for (const response of [ok, refused, missing]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
    }
    expect((await get('/health')).headers.get('cache-control')).not.toBe('no-store');
  });

  it('still renders /docs under the CSP: no inline script, every script and stylesheet same-origin and served', async () => {
    const page = await get('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const assets: Array<[string, RegExp]> = [];
    for (const [, attributes, body] of scripts) {
      const src = /src=["']([^"']+)["']/.exec(attributes)?.[1];
      expect({ src, inline: body.trim() }).toEqual({ src: expect.any(String), inline: '' });
      assets.push([src!, /javascript/]);
    }
    for (const [, href] of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g))
      assets.push([href, /css/]);
    expect(assets.some(([src]) => src.endsWith('swagger-ui-init.js'))).toBe(true);
    for (const [src, type] of assets) {
      const asset = new URL(src, `${running.url}/docs`);
      expect(asset.origin).toBe(running.url);
      const response = await fetch(asset);
      expect({ src, status: response.status }).toEqual({ src, status: 200 });
      expect(response.headers.get('content-type')).toMatch(type);
    }
    const init = await (await fetch(new URL('./docs/swagger-ui-init.js', `${running.url}/docs`))).text();
    expect(init).toContain('SwaggerUIBundle');
  });
});
