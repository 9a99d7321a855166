import helmet from 'helmet';
import * as http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problem } from '../http/problem-shape';
import { SERVICE_NAMES, ServiceName } from '../testing/distributed-environment';
import { routeOf } from './gateway-routes';
import { PortalStaticFiles } from './portal-static-files';

export interface GatewayOptions {
  /** Each service's base URL (http://charts:3001). */
  upstreams: Record<ServiceName, string>;
  /** The built portal (dist/portal). */
  portalDir: string;
  /**
   * Keep X-Forwarded-For/-Proto from the caller (a TLS terminator in front of the gateway);
   * otherwise the gateway states them itself, so a browser cannot claim TLS or another address.
   */
  trustForwarded?: boolean;
  /** How long an upstream may take to answer (default 65 min: a 200 MB 835 upload streams through). */
  upstreamTimeoutMs?: number;
}

/** RFC 9110 §7.6.1: hop-by-hop fields are the connection's, not the message's. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The same security headers the services and the platform send (libs/runtime http security-headers). */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: null } },
});

/**
 * The portal's one origin in a distributed deployment: the built portal at `/`, and every API path
 * passed on to the service that answers it (gateway-routes), bodies streamed both ways. The Host
 * header goes through unchanged so the services' same-origin (CSRF) checks see the browser's
 * origin; the session cookie goes through too, and each service asks compliance about it.
 */
export function createGateway(options: GatewayOptions): http.Server {
  const portal = new PortalStaticFiles(options.portalDir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const timeout = options.upstreamTimeoutMs ?? 65 * 60_000;
  const server = http.createServer((req, res) => {
    const route = routeOf(req.url ?? '/');
    switch (route.kind) {
      case 'service':
        return forward(req, res, options, route.service, route.path, agent, timeout);
      case 'health':
        return void health(res, options.upstreams, agent);
      case 'refused':
        return send(res, route.status, problem(route.status, route.reason));
      case 'portal':
        return securityHeaders(req, res, () => portal.serve(req, res));
    }
  });
  server.requestTimeout = timeout;
  server.headersTimeout = 60_000;
  server.on('close', () => agent.destroy());
  return server;
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  options: GatewayOptions,
  service: ServiceName,
  path: string,
  agent: http.Agent,
  timeout: number,
): void {
  const target = new URL(path, options.upstreams[service]);
  const headers = forwardedHeaders(req, options.trustForwarded === true);
  const upstream = http.request(target, { method: req.method, headers, agent, timeout }, (answer) => {
    res.statusCode = answer.statusCode ?? 502;
    for (const [name, value] of Object.entries(answer.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', () => {
    if (res.headersSent) return void res.destroy();
    send(res, 502, problem(502, `the ${service} service did not answer`));
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

function forwardedHeaders(req: IncomingMessage, trust: boolean): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  const connectionOnly = new Set(
    String(req.headers['connection'] ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase()),
  );
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name) && !connectionOnly.has(name)) headers[name] = value;
  const peer = req.socket.remoteAddress ?? '';
  const priorFor = trust ? req.headers['x-forwarded-for'] : undefined;
  headers['x-forwarded-for'] = priorFor ? `${String(priorFor)}, ${peer}` : peer;
  if (!trust) headers['x-forwarded-proto'] = 'http';
  return headers;
}

/** The gateway is up when every service it fronts says so: 200, else 503 with each one's status. */
async function health(
  res: ServerResponse,
  upstreams: Record<ServiceName, string>,
  agent: http.Agent,
): Promise<void> {
  const services = {} as Record<ServiceName, string>;
  await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      services[name] = await new Promise<string>((resolve) => {
        const probe = http.get(new URL('/health', upstreams[name]), { agent, timeout: 5000 }, (answer) => {
          answer.resume();
          resolve(answer.statusCode === 200 ? 'up' : `down (${answer.statusCode})`);
        });
        probe.on('timeout', () => probe.destroy(new Error('timeout')));
        probe.on('error', () => resolve('unreachable'));
      });
    }),
  );
  const up = SERVICE_NAMES.every((n) => services[n] === 'up');
  send(res, up ? 200 : 503, { status: up ? 'ok' : 'degraded', services });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
