import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { problem } from '../http/problem-shape';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/**
 * The built portal as the gateway serves it, the same way the platform does (libs/runtime http
 * portal-files): hashed files under /assets cached for good, index.html never, and any other GET
 * that is no file and has no extension (a deep link such as /work/claim-edits) gets index.html.
 */
export class PortalStaticFiles {
  private readonly root: string;

  constructor(dir: string) {
    this.root = path.resolve(dir);
    if (!fs.existsSync(path.join(this.root, 'index.html')))
      throw new Error(`no built portal in ${this.root} (npm run build:portal)`);
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.answer(res, 405, 'the portal is read only');
    let pathname: string;
    try {
      pathname = decodeURIComponent((req.url ?? '/').split('?')[0]);
    } catch {
      return this.answer(res, 400, 'malformed path');
    }
    const file = path.resolve(this.root, `.${path.posix.normalize(pathname)}`);
    if (file !== this.root && !file.startsWith(this.root + path.sep))
      return this.answer(res, 404, 'not found');
    if (pathname !== '/' && this.isFile(file)) return this.send(req, res, file);
    if (/\.[A-Za-z0-9]+$/.test(pathname)) return this.answer(res, 404, `no file ${pathname}`);
    this.send(req, res, path.join(this.root, 'index.html'));
  }

  private isFile(file: string): boolean {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  }

  private send(req: IncomingMessage, res: ServerResponse, file: string): void {
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('Content-Length', fs.statSync(file).size);
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  private answer(res: ServerResponse, status: number, message: string): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(problem(status, message)));
  }
}
