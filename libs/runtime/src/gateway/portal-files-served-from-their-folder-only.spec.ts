import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PortalStaticFiles } from './portal-static-files';

describe('the portal files the gateway serves', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-portal-files-'));
  const dir = path.join(parent, 'portal');
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'export {}');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'outside the portal');
    const files = new PortalStaticFiles(dir);
    server = http.createServer((req, res) => files.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('serves hashed assets for good, the page never cached, deep links as the page', async () => {
    const asset = await fetch(`${origin}/assets/app-1.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const deep = await fetch(`${origin}/finance/remittances?x=1`);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe('<div id="root"></div>');
    expect((await fetch(`${origin}/assets/gone.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder, however the path is spelled', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
    ]) {
      const answer = await fetch(`${origin}${p}`);
      expect(await answer.text()).not.toContain('outside the portal');
    }
    expect((await fetch(`${origin}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start without a built portal', () => {
    expect(() => new PortalStaticFiles(path.join(parent, 'none'))).toThrow(/no built portal/);
  });
});
