import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every response: helmet's security headers (CSP, nosniff, frame-ancestors, referrer policy, HSTS …)
 * and no X-Powered-By. The CSP keeps helmet's defaults, which the Swagger UI at /docs satisfies
 * (its scripts are same-origin files; its only inline code is CSS), minus upgrade-insecure-requests:
 * the services speak plain HTTP behind a TLS terminator, and upgraded /docs assets would not load.
 * Every response to a request that carries credentials may hold PHI, so none is ever stored by a
 * browser or a proxy (RFC 9111 §5.2.2.5 no-store; Pragma for HTTP/1.0 caches).
 */
export function secureResponses(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.use(
    helmet({ contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } } }),
  );
  app.use((request: IncomingMessage, response: ServerResponse, next: () => void) => {
    // A portal session travels in a cookie: its responses hold PHI just the same.
    if (request.headers.authorization !== undefined || request.headers.cookie !== undefined) {
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('Pragma', 'no-cache');
    }
    next();
  });
}
