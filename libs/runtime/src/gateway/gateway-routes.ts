import { SESSION_INTROSPECTION_PATH } from '@revcycle/security';
import { SERVICE_NAMES, ServiceName } from '../testing/distributed-environment';

/**
 * Which service answers a public API path, by its first segment — the controllers' own prefixes
 * (the gateway e2e test checks this table against every service's routes).
 */
export const GATEWAY_ROUTES: Readonly<Record<string, ServiceName>> = {
  encounters: 'charts',
  patients: 'charts',
  providers: 'charts',
  payers: 'charts',
  coding: 'coding',
  claims: 'claims',
  payer: 'claims',
  remittance: 'remittance',
  audit: 'compliance',
  auth: 'compliance',
};

/** Segments every service answers on its own (its OpenAPI document, its admin API): /<segment>/<service>/… . */
export const PER_SERVICE_SEGMENTS = ['docs-json', 'admin'] as const;

export type GatewayRoute =
  | { kind: 'service'; service: ServiceName; path: string }
  | { kind: 'health' }
  | { kind: 'refused'; status: 404; reason: string }
  | { kind: 'portal' };

const isService = (s: string): s is ServiceName => (SERVICE_NAMES as readonly string[]).includes(s);

/** Where a request goes: `url` is the request target as received (path and query). */
export function routeOf(url: string): GatewayRoute {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  const segments = pathname.split('/');
  const first = segments[1] ?? '';
  if (pathname === SESSION_INTROSPECTION_PATH || pathname.startsWith(`${SESSION_INTROSPECTION_PATH}/`))
    // Service to service only: a browser has no business asking for another session's principal.
    return { kind: 'refused', status: 404, reason: `no route for ${pathname}` };
  if (first === 'health' && segments.length === 2) return { kind: 'health' };
  const service = GATEWAY_ROUTES[first];
  if (service) return { kind: 'service', service, path: pathname + query };
  if ((PER_SERVICE_SEGMENTS as readonly string[]).includes(first)) {
    const named = segments[2] ?? '';
    if (!isService(named))
      return {
        kind: 'refused',
        status: 404,
        reason: `/${first} is per service: /${first}/<${SERVICE_NAMES.join('|')}>/…`,
      };
    const rest = segments.slice(3).join('/');
    return { kind: 'service', service: named, path: `/${first}${rest ? `/${rest}` : ''}${query}` };
  }
  return { kind: 'portal' };
}
