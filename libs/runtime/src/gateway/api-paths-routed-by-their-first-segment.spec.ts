import { readGatewayConfig } from './gateway-config';
import { routeOf } from './gateway-routes';

describe('the gateway routes a request by its first path segment', () => {
  it.each([
    ['/encounters/batch', 'charts', '/encounters/batch'],
    ['/patients?q=doe&limit=5', 'charts', '/patients?q=doe&limit=5'],
    ['/coding/queue', 'coding', '/coding/queue'],
    ['/claims/batches/1/837', 'claims', '/claims/batches/1/837'],
    ['/payer/claim-files?since=2026-01-01', 'claims', '/payer/claim-files?since=2026-01-01'],
    ['/remittance/advices', 'remittance', '/remittance/advices'],
    ['/auth/sign-in', 'compliance', '/auth/sign-in'],
    ['/audit/verify', 'compliance', '/audit/verify'],
  ])('%s → %s', (url, service, path) => {
    expect(routeOf(url)).toEqual({ kind: 'service', service, path });
  });

  it('sends /admin/<service>/… and /docs-json/<service> to that service, without the service segment', () => {
    expect(routeOf('/admin/claims/dead-letters?limit=5')).toEqual({
      kind: 'service',
      service: 'claims',
      path: '/admin/dead-letters?limit=5',
    });
    expect(routeOf('/docs-json/coding')).toEqual({ kind: 'service', service: 'coding', path: '/docs-json' });
    expect(routeOf('/admin/billing/dead-letters')).toMatchObject({ kind: 'refused', status: 404 });
    expect(routeOf('/admin')).toMatchObject({ kind: 'refused', status: 404 });
  });

  it('keeps the session introspection to the services, and gives the rest to the portal', () => {
    expect(routeOf('/auth/session/introspect')).toMatchObject({ kind: 'refused', status: 404 });
    expect(routeOf('/auth/session/introspect?x=1')).toMatchObject({ kind: 'refused', status: 404 });
    expect(routeOf('/auth/session')).toMatchObject({ kind: 'service', service: 'compliance' });
    expect(routeOf('/health')).toEqual({ kind: 'health' });
    expect(routeOf('/health/extra')).toEqual({ kind: 'portal' });
    expect(routeOf('/')).toEqual({ kind: 'portal' });
    expect(routeOf('/work/claim-edits')).toEqual({ kind: 'portal' });
    expect(routeOf('/assets/index-abc.js')).toEqual({ kind: 'portal' });
  });
});

describe("the gateway's configuration", () => {
  it('defaults to the services on this host', () => {
    expect(readGatewayConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      portalDir: 'dist/portal',
      trustForwarded: false,
      upstreams: {
        charts: 'http://127.0.0.1:3001',
        coding: 'http://127.0.0.1:3002',
        claims: 'http://127.0.0.1:3003',
        remittance: 'http://127.0.0.1:3004',
        compliance: 'http://127.0.0.1:3005',
      },
    });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      readGatewayConfig({ GATEWAY_PORT: '80000', CLAIMS_URL: 'claims:3003', GATEWAY_TRUST_FORWARDED: 'yes' }),
    ).toThrow(
      /GATEWAY_PORT "80000" must be a port[\s\S]*CLAIMS_URL "claims:3003" must be a base URL[\s\S]*GATEWAY_TRUST_FORWARDED "yes" must be true or false/,
    );
  });
});
