import { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';

/** Paths the platform answers itself besides its controllers (Swagger UI and its JSON). */
const NOT_CONTROLLERS = ['docs', 'docs-json', 'docs-yaml'];

const firstSegment = (p: string | string[] | undefined): string[] =>
  (Array.isArray(p) ? p : [p ?? '']).map((s) => s.replace(/^\/+/, '').split('/')[0]).filter((s) => s !== '');

/** The first path segment of every HTTP route Nest serves: a deep link there is the API's, not the portal's. */
export function apiFirstSegments(app: INestApplication): Set<string> {
  const segments = new Set(NOT_CONTROLLERS);
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const own = firstSegment(Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined);
      own.forEach((s) => segments.add(s));
      if (own.length > 0) continue;
      const proto = (metatype as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        firstSegment(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined).forEach(
          (s) => segments.add(s),
        );
      }
    }
  }
  return segments;
}

/**
 * The built portal (apps/portal → PORTAL_DIR) at `/`, from the same origin as the API it calls.
 * Hashed files under /assets are cached for good; index.html never is, so a new release shows at
 * once. A GET for a path that is no API route and no file (a deep link such as /work/claim-edits)
 * gets index.html, and the portal's router takes it from there; API paths, and missing files with
 * an extension, keep their 404. Returns false (and serves nothing) when the directory has no build.
 */
export function servePortal(app: NestExpressApplication, dir: string): boolean {
  const index = path.resolve(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const html = () => fs.readFileSync(index);
  app.useStaticAssets(path.resolve(dir), {
    index: false,
    setHeaders: (res: ServerResponse, file: string) => {
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  let api: Set<string> | undefined;
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const pathname = (req.url ?? '/').split('?')[0];
    const segment = pathname.replace(/^\/+/, '').split('/')[0];
    // Routes are known once Nest has initialized, which is before the first request arrives.
    api ??= apiFirstSegments(app);
    if (api.has(segment) || /\.[A-Za-z0-9]+$/.test(pathname)) return next();
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : html());
  });
  return true;
}
