import { EnvironmentError } from '../config/environment';
import { SERVICE_NAMES, ServiceName } from '../testing/distributed-environment';
import { GatewayOptions } from './gateway-server';

const DEFAULT_PORTS: Record<ServiceName, number> = {
  charts: 3001,
  coding: 3002,
  claims: 3003,
  remittance: 3004,
  compliance: 3005,
};

/** The gateway's variables, with a one-line meaning each (README "Configuration"). */
export const GATEWAY_VARIABLES: Record<string, string> = {
  GATEWAY_PORT: 'gateway HTTP port (default 8080)',
  GATEWAY_HOST: 'address the gateway binds (default 127.0.0.1; 0.0.0.0 in a container)',
  PORTAL_DIR: 'directory of the built portal (default dist/portal)',
  CHARTS_URL: 'charts service base URL (default http://127.0.0.1:3001)',
  CODING_URL: 'coding service base URL (default http://127.0.0.1:3002)',
  CLAIMS_URL: 'claims service base URL (default http://127.0.0.1:3003)',
  REMITTANCE_URL: 'remittance service base URL (default http://127.0.0.1:3004)',
  COMPLIANCE_URL: 'compliance service base URL (default http://127.0.0.1:3005)',
  GATEWAY_TRUST_FORWARDED:
    'true behind a TLS terminator that sets X-Forwarded-For/-Proto (default false: the gateway sets them)',
};

export interface GatewayConfig extends GatewayOptions {
  port: number;
  host: string;
}

/** Reads the gateway's configuration; every problem is reported at once, by variable name. */
export function readGatewayConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const port = Number(source['GATEWAY_PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`GATEWAY_PORT "${source['GATEWAY_PORT']}" must be a port number 0..65535`);
  const upstreams = {} as Record<ServiceName, string>;
  for (const name of SERVICE_NAMES) {
    const variable = `${name.toUpperCase()}_URL`;
    const raw = source[variable] ?? `http://127.0.0.1:${DEFAULT_PORTS[name]}`;
    if (!/^http:\/\/[^/\s?#]+\/?$/.test(raw))
      problems.push(`${variable} "${raw}" must be a base URL like http://${name}:${DEFAULT_PORTS[name]}`);
    upstreams[name] = raw;
  }
  const trust = source['GATEWAY_TRUST_FORWARDED'] ?? 'false';
  if (trust !== 'true' && trust !== 'false')
    problems.push(`GATEWAY_TRUST_FORWARDED "${trust}" must be true or false`);
  if (problems.length > 0) throw new EnvironmentError(problems);
  return {
    port,
    host: source['GATEWAY_HOST'] ?? '127.0.0.1',
    portalDir: source['PORTAL_DIR'] ?? 'dist/portal',
    upstreams,
    trustForwarded: trust === 'true',
  };
}
