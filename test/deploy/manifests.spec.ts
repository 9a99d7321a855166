// The deployment artefacts (Dockerfile, docker-compose.yml, deploy/k8s, deploy/env) cannot run on a
// machine without a Docker engine or a cluster. This test keeps them valid and consistent with the
// environment the services actually read (libs/runtime/src/config/environment.ts): every checking
// function returns a list of problems, and each is also fed a deliberately broken document to prove
// it can fail.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ENVIRONMENT_VARIABLES, readEnvironment } from '../../libs/runtime/src/config/environment';
import { GATEWAY_VARIABLES, readGatewayConfig } from '../../libs/runtime/src/gateway/gateway-config';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, '..', '..');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const ENV_DIR = join(ROOT, 'deploy', 'env');

const SERVICES = ['charts', 'coding', 'claims', 'remittance', 'compliance'] as const;
type ServiceName = (typeof SERVICES)[number];
const PORTS: Record<ServiceName | 'platform', number> = {
  platform: 3000,
  charts: 3001,
  coding: 3002,
  claims: 3003,
  remittance: 3004,
  compliance: 3005,
};
/** Held in the Secret in Kubernetes, never in a ConfigMap. */
const SECRET_KEYS = ['DATABASE_URL', 'AUTH_JWT_PUBLIC_KEY', 'PHI_ENCRYPTION_KEY', 'KAFKA_SASL_PASSWORD'];
/** Only the token issuer holds these: a service that verifies must not be able to mint. */
const ISSUER_ONLY = ['AUTH_JWT_PRIVATE_KEY', 'AUTH_JWT_SECRET'];
/** Compose variables that carry secrets: required from .env (`${NAME:?…}`), never a fallback. */
const COMPOSE_SECRETS = ['AUTH_JWT_PUBLIC_KEY', 'PHI_ENCRYPTION_KEY', 'POSTGRES_PASSWORD'];
/** What a distributed service must be given (the embedded fallbacks are for the platform only). */
const REQUIRED_SERVICE_ENV = [
  'PORT',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'AUTH_JWT_PUBLIC_KEY',
  'PHI_ENCRYPTION_KEY',
];
const SECRET_NAME = 'revcycle-secrets';
const COMMAND_PREFIX = ['node', '-r', './tools/register-paths.js'];

const CONTRACT = new Set(Object.keys(ENVIRONMENT_VARIABLES));

// ---------------------------------------------------------------------------------------- loading

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function loadCompose(): Obj {
  return yaml.load(read(join(ROOT, 'docker-compose.yml'))) as Obj;
}

interface K8sDoc {
  file: string;
  doc: Obj;
}

function loadK8s(): K8sDoc[] {
  const docs: K8sDoc[] = [];
  for (const file of readdirSync(K8S_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of yaml.loadAll(read(join(K8S_DIR, file)))) {
      if (doc !== null && doc !== undefined) docs.push({ file, doc: doc as Obj });
    }
  }
  return docs;
}

/** KEY=VALUE lines of an env file (comments and blanks skipped). */
function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not KEY=VALUE: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/**
 * Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, and `${VAR:?message}`, which
 * stops compose with the message when VAR is unset or empty (as here: a problem listing it).
 */
function interpolate(value: string, vars: Record<string, string>, missing: string[] = []): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:\?)([^}]*))?\}/g,
    (_m, name: string, dash?: string, fallback?: string, required?: string) => {
      const given = vars[name];
      if (required) {
        if (!given) missing.push(name);
        return given ?? '';
      }
      if (dash === ':-') return given ? given : (fallback ?? '');
      if (dash === '-') return given ?? fallback ?? '';
      return given ?? '';
    },
  );
}

/** A .env as an operator writes it, with freshly generated values. */
function generatedDotEnv(): Record<string, string> {
  const { publicKey } = generateKeyPairSync('ed25519');
  return {
    AUTH_JWT_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
  };
}

/** Secrets a compose file must not default: every reference is `${NAME:?…}`. */
function composeSecretFallbacks(text: string): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/g)) {
    if (COMPOSE_SECRETS.includes(m[1]) && !m[2].startsWith(':?'))
      problems.push(`compose: \${${m[1]}${m[2]}} must be \${${m[1]}:?message}, without a fallback`);
  }
  for (const name of COMPOSE_SECRETS)
    if (!text.includes(`\${${name}:?`)) problems.push(`compose: ${name} is not required from .env`);
  return problems;
}

/** Compose `environment` as a map, whichever of its two forms (map or KEY=VALUE list) is used. */
function composeEnvironment(service: Obj): Record<string, string> {
  const env = service['environment'];
  if (env === undefined || env === null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The service ports as documented next to PORT in the contract ("charts 3001, …"). */
function documentedPorts(): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const m of (ENVIRONMENT_VARIABLES['PORT'] ?? '').matchAll(/([a-z]+) (\d{2,5})/g))
    ports[m[1]] = Number(m[2]);
  return ports;
}

// --------------------------------------------------------------------------------------- checking

function unknownVariables(names: Iterable<string>, where: string): string[] {
  return [...names]
    .filter((n) => !CONTRACT.has(n))
    .map((n) => `${where}: ${n} is not a variable the services read`);
}

/** Every Kubernetes document: apiVersion, kind, metadata.name. */
function checkK8sDocument(doc: Obj, where: string): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [`${where}: not a mapping`];
  if (typeof doc['apiVersion'] !== 'string' || doc['apiVersion'] === '')
    problems.push(`${where}: apiVersion missing`);
  if (typeof doc['kind'] !== 'string' || doc['kind'] === '') problems.push(`${where}: kind missing`);
  const name = doc['metadata']?.['name'];
  if (typeof name !== 'string' || name === '') problems.push(`${where}: metadata.name missing`);
  return problems;
}

function find(docs: Obj[], kind: string, name: string): Obj | undefined {
  return docs.find((d) => d['kind'] === kind && d['metadata']?.['name'] === name);
}

/** The k8s triple of one service: ConfigMap + Deployment + Service, probes, env, secrets, security. */
function checkK8sService(service: ServiceName, docs: Obj[]): string[] {
  const problems: string[] = [];
  const p = (msg: string): void => void problems.push(`k8s ${service}: ${msg}`);
  const deployment = find(docs, 'Deployment', service);
  const svc = find(docs, 'Service', service);
  if (!deployment) p('no Deployment');
  if (!svc) p('no Service');
  if (!deployment) return problems;

  if (deployment['apiVersion'] !== 'apps/v1')
    p(`Deployment apiVersion ${deployment['apiVersion']}, want apps/v1`);
  const spec = deployment['spec'] ?? {};
  if (spec['replicas'] !== 2) p(`replicas ${spec['replicas']}, want 2`);
  const podLabels: Obj = spec['template']?.['metadata']?.['labels'] ?? {};
  const selector: Obj = spec['selector']?.['matchLabels'] ?? {};
  for (const [k, v] of Object.entries(selector))
    if (podLabels[k] !== v) p(`selector ${k}=${v} does not match the pod labels`);
  const pod: Obj = spec['template']?.['spec'] ?? {};
  const containers: Obj[] = pod['containers'] ?? [];
  if (containers.length !== 1) {
    p(`expected one container, found ${containers.length}`);
    return problems;
  }
  const c = containers[0];

  // command selects the app
  const command: string[] = [...(c['command'] ?? []), ...(c['args'] ?? [])];
  const want = [...COMMAND_PREFIX, `dist/apps/${service}/src/main.js`];
  if (JSON.stringify(command) !== JSON.stringify(want))
    p(`command ${JSON.stringify(command)}, want ${JSON.stringify(want)}`);

  // environment: ConfigMap keys via envFrom + explicit env
  const env: Record<string, string | undefined> = {};
  const configMapNames: string[] = (c['envFrom'] ?? [])
    .map((e: Obj) => e['configMapRef']?.['name'])
    .filter(Boolean);
  if (configMapNames.length === 0) p('no envFrom configMapRef');
  for (const name of configMapNames) {
    const cm = find(docs, 'ConfigMap', name);
    if (!cm) {
      p(`ConfigMap ${name} (envFrom) not found`);
      continue;
    }
    for (const [k, v] of Object.entries(cm['data'] ?? {})) {
      env[k] = String(v);
      if (SECRET_KEYS.includes(k) && String(v) !== '') p(`ConfigMap ${name} holds the secret ${k}`);
    }
  }
  for (const e of c['env'] ?? []) {
    const ref = e['valueFrom']?.['secretKeyRef'];
    if (SECRET_KEYS.includes(e['name'])) {
      if (!ref) p(`${e['name']} must come from a Secret`);
      else if (ref['name'] !== SECRET_NAME || ref['key'] !== e['name'])
        p(`${e['name']} refers to ${ref['name']}/${ref['key']}`);
    }
    env[e['name']] = ref ? `<secret:${ref['key']}>` : e['value'];
  }
  problems.push(...unknownVariables(Object.keys(env), `k8s ${service}`));
  for (const name of ISSUER_ONLY)
    if (name in env) p(`gets ${name}: a service verifies with AUTH_JWT_PUBLIC_KEY only`);
  for (const name of REQUIRED_SERVICE_ENV) if (!(name in env)) p(`${name} not set`);
  for (const name of SECRET_KEYS)
    if (!(c['env'] ?? []).some((e: Obj) => e['name'] === name)) p(`${name} not taken from the Secret`);
  if (env['KAFKA_CLIENT_ID'] !== `revcycle-${service}`)
    p(`KAFKA_CLIENT_ID ${env['KAFKA_CLIENT_ID']}, want revcycle-${service}`);

  // ports: PORT = containerPort = documented port; probes and Service target it
  const port = Number(env['PORT']);
  if (port !== PORTS[service]) p(`PORT ${env['PORT']}, want ${PORTS[service]}`);
  const ports: Obj[] = c['ports'] ?? [];
  const containerPort = ports[0]?.['containerPort'];
  if (ports.length !== 1 || containerPort !== port) p(`containerPort ${containerPort} is not PORT ${port}`);
  const resolve = (ref: unknown): number | undefined =>
    typeof ref === 'number' ? ref : ports.find((x) => x['name'] === ref)?.['containerPort'];
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const get = c[probe]?.['httpGet'];
    if (!get) {
      if (probe !== 'startupProbe') p(`${probe} missing`);
      continue;
    }
    if (get['path'] !== '/health') p(`${probe} path ${get['path']}, want /health`);
    if (resolve(get['port']) !== port) p(`${probe} port ${get['port']} is not the container port ${port}`);
  }
  if (svc) {
    const sp: Obj[] = svc['spec']?.['ports'] ?? [];
    if (sp.length === 0) p('Service has no ports');
    for (const x of sp) {
      if (resolve(x['targetPort'] ?? x['port']) !== port)
        p(`Service targetPort ${x['targetPort']} is not ${port}`);
      if (x['port'] !== PORTS[service]) p(`Service port ${x['port']}, want ${PORTS[service]}`);
    }
    const sel: Obj = svc['spec']?.['selector'] ?? {};
    if (Object.keys(sel).length === 0) p('Service has no selector');
    for (const [k, v] of Object.entries(sel))
      if (podLabels[k] !== v) p(`Service selector ${k}=${v} matches no pod label`);
  }

  // resources and non-root
  const res = c['resources'] ?? {};
  if (!res['requests']?.['memory'] || !res['requests']?.['cpu'])
    p('resources.requests (cpu, memory) missing');
  if (!res['limits']?.['memory']) p('resources.limits.memory missing');
  const podSec = pod['securityContext'] ?? {};
  const sec = c['securityContext'] ?? {};
  if ((sec['runAsNonRoot'] ?? podSec['runAsNonRoot']) !== true) p('runAsNonRoot is not true');
  if ((sec['runAsUser'] ?? podSec['runAsUser']) === 0) p('runs as uid 0');
  if (sec['allowPrivilegeEscalation'] !== false) p('allowPrivilegeEscalation is not false');
  return problems;
}

function composeServiceCommand(service: Obj): string[] {
  const cmd = service['command'];
  return Array.isArray(cmd) ? cmd.map(String) : typeof cmd === 'string' ? cmd.split(/\s+/) : [];
}

/** One compose service of ours: built from the Dockerfile, its command, env, port, health, deps. */
function checkComposeService(name: ServiceName | 'platform', service: Obj | undefined): string[] {
  const problems: string[] = [];
  const p = (msg: string): void => void problems.push(`compose ${name}: ${msg}`);
  if (!service) return [`compose ${name}: missing`];
  const build = service['build'];
  const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build?.['dockerfile'] ?? 'Dockerfile');
  const context = typeof build === 'string' ? build : build?.['context'];
  if (context !== '.' || dockerfile !== 'Dockerfile') p('not built from ./Dockerfile');

  const want = [...COMMAND_PREFIX, `dist/apps/${name}/src/main.js`];
  if (JSON.stringify(composeServiceCommand(service)) !== JSON.stringify(want))
    p(`command does not run dist/apps/${name}/src/main.js`);

  const env = composeEnvironment(service);
  problems.push(...unknownVariables(Object.keys(env), `compose ${name}`));
  const port = Number(env['PORT']);
  if (port !== PORTS[name]) p(`PORT ${env['PORT']}, want ${PORTS[name]}`);
  const published: string[] = (service['ports'] ?? []).map(String);
  if (!published.some((m) => Number(m.split(':').pop()) === PORTS[name]))
    p(`container port ${PORTS[name]} not published`);

  const test = service['healthcheck']?.['test'];
  const testText = Array.isArray(test) ? test.join(' ') : String(test ?? '');
  const url = /https?:\/\/[^/'"\s]+:(\d+)(\/[^'"\s)]*)/.exec(testText);
  if (!url) p('healthcheck does not request an http URL');
  else {
    if (url[2] !== '/health') p(`healthcheck path ${url[2]}, want /health`);
    if (Number(url[1]) !== port) p(`healthcheck port ${url[1]} is not PORT ${port}`);
  }

  if (name === 'platform') {
    if (!(service['profiles'] ?? []).includes('all-in-one')) p('not under the all-in-one profile');
    return problems;
  }
  for (const v of REQUIRED_SERVICE_ENV) if (!(v in env)) p(`${v} not set`);
  for (const v of ISSUER_ONLY) if (v in env) p(`gets ${v}: a service verifies with AUTH_JWT_PUBLIC_KEY only`);
  if (env['KAFKA_BROKERS'] !== 'kafka:9092') p(`KAFKA_BROKERS ${env['KAFKA_BROKERS']}, want kafka:9092`);
  if (env['KAFKA_CLIENT_ID'] !== `revcycle-${name}`)
    p(`KAFKA_CLIENT_ID ${env['KAFKA_CLIENT_ID']}, want revcycle-${name}`);
  const deps = service['depends_on'];
  for (const dep of ['kafka', 'postgres']) {
    const condition = Array.isArray(deps) ? undefined : deps?.[dep]?.['condition'];
    if (condition !== 'service_healthy') p(`does not wait for ${dep} to be healthy`);
  }
  if (service['profiles']) p('a distributed service must not be behind a profile');
  return problems;
}

/** An env example: known names only, and its PORT. */
function checkEnvExample(name: string, text: string): string[] {
  const problems: string[] = [];
  let vars: Record<string, string>;
  try {
    vars = parseEnvFile(text);
  } catch (e) {
    return [`${name}.env.example: ${(e as Error).message}`];
  }
  problems.push(...unknownVariables(Object.keys(vars), `${name}.env.example`));
  const want = PORTS[name as keyof typeof PORTS];
  if (Number(vars['PORT']) !== want) problems.push(`${name}.env.example: PORT ${vars['PORT']}, want ${want}`);
  if (name !== 'platform') {
    for (const v of REQUIRED_SERVICE_ENV)
      if (!(v in vars)) problems.push(`${name}.env.example: ${v} missing`);
    for (const v of ISSUER_ONLY)
      if (v in vars) problems.push(`${name}.env.example: ${v} is for the token issuer, not a service`);
    if (vars['KAFKA_CLIENT_ID'] !== `revcycle-${name}`)
      problems.push(`${name}.env.example: KAFKA_CLIENT_ID ${vars['KAFKA_CLIENT_ID']}`);
  }
  return problems;
}

/** Runs the services' own validation on an environment; returns its problems (none = boots). */
function validationProblems(env: Record<string, string>, port: number): string[] {
  try {
    readEnvironment(env, { port, kafkaClientId: 'revcycle-test' });
    return [];
  } catch (e) {
    return (e as { problems?: string[] }).problems ?? [(e as Error).message];
  }
}

/** The gateway's container: its command, only its own variables, each service's URL, its own validation. */
function gatewayProblems(container: Obj, env: Record<string, string>): string[] {
  const problems: string[] = [];
  const cmd = (container['command'] ?? []).map(String);
  if (cmd.join(' ') !== [...COMMAND_PREFIX, 'dist/apps/gateway/src/main.js'].join(' '))
    problems.push('gateway: command does not run dist/apps/gateway/src/main.js');
  for (const name of Object.keys(env))
    if (!(name in GATEWAY_VARIABLES)) problems.push(`gateway: ${name} is not a gateway variable`);
  for (const service of SERVICES) {
    const url = env[`${service.toUpperCase()}_URL`];
    if (!url?.includes(`${service}:${PORTS[service]}`))
      problems.push(`gateway: ${service.toUpperCase()}_URL must name the ${service} service`);
  }
  try {
    readGatewayConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v, {})])));
  } catch (err) {
    problems.push(`gateway: ${(err as Error).message}`);
  }
  return problems;
}

// ------------------------------------------------------------------------------------------ tests

describe('the environment contract', () => {
  it('documents the port of every service next to PORT', () => {
    expect(documentedPorts()).toEqual(PORTS);
  });
});

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services: Obj = compose['services'] ?? {};

  it('runs Kafka (KRaft, apache/kafka:3.9.1) and PostgreSQL 17, both with a healthcheck', () => {
    const kafka = services['kafka'];
    expect(kafka?.['image']).toBe('apache/kafka:3.9.1');
    const kenv = composeEnvironment(kafka);
    expect(kenv['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(kenv['KAFKA_ADVERTISED_LISTENERS']).toContain('PLAINTEXT://kafka:9092');
    expect(kafka['healthcheck']?.['test']).toBeDefined();
    expect(services['postgres']?.['image']).toMatch(/^postgres:17(\b|-)/);
    expect(JSON.stringify(services['postgres']['healthcheck']?.['test'])).toContain('pg_isready');
  });

  it.each(SERVICES)(
    '%s: command, env names, port, /health, depends on healthy kafka and postgres',
    (name) => {
      expect(checkComposeService(name, services[name])).toEqual([]);
      expect(existsSync(join(ROOT, 'apps', name))).toBe(true);
    },
  );

  it('platform runs under the all-in-one profile on port 3000', () => {
    expect(checkComposeService('platform', services['platform'])).toEqual([]);
  });

  it('has no other services than kafka, postgres, the five, the gateway and platform', () => {
    expect(Object.keys(services).sort()).toEqual(
      [...SERVICES, 'gateway', 'kafka', 'platform', 'postgres'].sort(),
    );
  });

  it('gateway: the portal on 8080 in front of the five, with only its own variables', () => {
    expect(gatewayProblems(services['gateway'], composeEnvironment(services['gateway']))).toEqual([]);
    expect(services['gateway']['ports']).toContain('127.0.0.1:8080:8080');
    expect(services['gateway']['depends_on']?.['compliance']?.['condition']).toBe('service_healthy');
    for (const name of SERVICES.filter((s) => s !== 'compliance'))
      expect(composeEnvironment(services[name])['SESSION_AUTHORITY_URL']).toBe('http://compliance:3005');
    // The check can fail.
    expect(
      gatewayProblems({ command: ['node', 'x.js'] }, { CLAIMS_URL: 'claims:3003', DATABASE_URL: 'x' }),
    ).toEqual([
      'gateway: command does not run dist/apps/gateway/src/main.js',
      'gateway: DATABASE_URL is not a gateway variable',
      'gateway: CHARTS_URL must name the charts service',
      'gateway: CODING_URL must name the coding service',
      'gateway: REMITTANCE_URL must name the remittance service',
      'gateway: COMPLIANCE_URL must name the compliance service',
      'gateway: invalid configuration:\n  - CLAIMS_URL "claims:3003" must be a base URL like http://claims:3003',
    ]);
  });

  it('gives every service the same JWT public key, audience and PHI key, and the five one database', () => {
    const envs = [...SERVICES, 'platform'].map((n) => composeEnvironment(services[n]));
    for (const key of ['AUTH_JWT_PUBLIC_KEY', 'AUTH_JWT_AUDIENCE', 'PHI_ENCRYPTION_KEY'])
      expect(new Set(envs.map((e) => e[key])).size).toBe(1);
    expect(new Set(envs.slice(0, SERVICES.length).map((e) => e['DATABASE_URL'])).size).toBe(1);
  });

  it.each([...SERVICES, 'platform' as const])(
    "%s: with a generated .env its environment passes the services' own validation; without one compose refuses",
    (name) => {
      const dotEnv = generatedDotEnv();
      const raw = Object.entries(composeEnvironment(services[name]));
      const env = Object.fromEntries(raw.map(([k, v]) => [k, interpolate(v, dotEnv)]));
      expect(validationProblems(env, PORTS[name])).toEqual([]);
      const missing: string[] = [];
      for (const [, v] of raw) interpolate(v, {}, missing);
      expect([...new Set(missing)].sort()).toEqual([
        'AUTH_JWT_PUBLIC_KEY',
        'PHI_ENCRYPTION_KEY',
        'POSTGRES_PASSWORD',
      ]);
    },
  );

  it('has no committed fallback for a secret: each is ${NAME:?message}', () => {
    expect(composeSecretFallbacks(read(join(ROOT, 'docker-compose.yml')))).toEqual([]);
    const missing: string[] = [];
    interpolate(String(composeEnvironment(services['postgres'])['POSTGRES_PASSWORD']), {}, missing);
    expect(missing).toEqual(['POSTGRES_PASSWORD']);
    // The check can fail: the file as it was before issue 7.
    const old =
      'AUTH_JWT_PUBLIC_KEY: ${AUTH_JWT_PUBLIC_KEY:-MCowBQ}\nPHI_ENCRYPTION_KEY: ${PHI_ENCRYPTION_KEY-abc}\n' +
      'DATABASE_URL: postgres://revcycle:${POSTGRES_PASSWORD:-revcycle-dev-only}@postgres:5432/revcycle';
    expect(composeSecretFallbacks(old)).toEqual([
      'compose: ${AUTH_JWT_PUBLIC_KEY:-MCowBQ} must be ${AUTH_JWT_PUBLIC_KEY:?message}, without a fallback',
      'compose: ${PHI_ENCRYPTION_KEY-abc} must be ${PHI_ENCRYPTION_KEY:?message}, without a fallback',
      'compose: ${POSTGRES_PASSWORD:-revcycle-dev-only} must be ${POSTGRES_PASSWORD:?message}, without a fallback',
      'compose: AUTH_JWT_PUBLIC_KEY is not required from .env',
      'compose: PHI_ENCRYPTION_KEY is not required from .env',
      'compose: POSTGRES_PASSWORD is not required from .env',
    ]);
  });

  it('catches a broken service (the checks can fail)', () => {
    const broken = {
      build: { context: '.', dockerfile: 'Dockerfile' },
      command: ['node', 'dist/apps/claims/src/main.js'],
      environment: [
        'PORT=3009',
        'DB_URL=postgres://x',
        'AUTH_JWT_PRIVATE_KEY=abc',
        'KAFKA_BROKERS=localhost:9092',
        'KAFKA_CLIENT_ID=revcycle-claims',
      ],
      ports: ['3009:3009'],
      healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost:3009/healthz'] },
      depends_on: ['kafka', 'postgres'],
    };
    const problems = checkComposeService('claims', broken).join('\n');
    for (const fragment of [
      'command does not run',
      'DB_URL is not a variable',
      'PORT 3009, want 3003',
      'container port 3003 not published',
      'healthcheck path /healthz',
      'DATABASE_URL not set',
      'AUTH_JWT_PUBLIC_KEY not set',
      'gets AUTH_JWT_PRIVATE_KEY: a service verifies with AUTH_JWT_PUBLIC_KEY only',
      'KAFKA_BROKERS localhost:9092, want kafka:9092',
      'does not wait for kafka',
      'does not wait for postgres',
    ]) {
      expect(problems).toContain(fragment);
    }
    expect(checkComposeService('coding', undefined)).toEqual(['compose coding: missing']);
  });
});

describe('deploy/k8s', () => {
  const loaded = loadK8s();
  const docs = loaded.map((d) => d.doc);

  it('every document has apiVersion, kind and metadata.name', () => {
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.flatMap(({ file, doc }, i) => checkK8sDocument(doc, `${file}#${i}`))).toEqual([]);
  });

  it.each(SERVICES)(
    '%s: Deployment + Service + ConfigMap, probes on /health at the container port, env from the contract',
    (name) => {
      expect(find(docs, 'ConfigMap', `${name}-config`)).toBeDefined();
      expect(checkK8sService(name, docs)).toEqual([]);
    },
  );

  it.each(SERVICES)("%s: ConfigMap + valid secrets pass the services' own validation", (name) => {
    const env: Record<string, string> = { ...(find(docs, 'ConfigMap', `${name}-config`)?.['data'] ?? {}) };
    env['DATABASE_URL'] = 'postgres://revcycle:secret@db:5432/revcycle';
    env['AUTH_JWT_PUBLIC_KEY'] = generatedDotEnv()['AUTH_JWT_PUBLIC_KEY'];
    env['PHI_ENCRYPTION_KEY'] = Buffer.alloc(32, 7).toString('base64');
    expect(validationProblems(env, PORTS[name])).toEqual([]);
  });

  it('has the namespace, and an example Secret whose placeholders a service refuses to boot with', () => {
    const ns = find(docs, 'Namespace', 'revcycle');
    expect(ns).toBeDefined();
    for (const d of docs.filter((x) => x['kind'] !== 'Namespace' && x['kind'] !== 'Kustomization')) {
      expect(d['metadata']['namespace']).toBe('revcycle');
    }
    const secret = find(docs, 'Secret', SECRET_NAME);
    expect(secret).toBeDefined();
    expect(loaded.find((d) => d.doc === secret)?.file).toBe('secrets.example.yaml');
    expect(read(join(K8S_DIR, 'secrets.example.yaml'))).toMatch(/EXAMPLE/);
    expect(Object.keys(secret?.['stringData'] ?? {}).sort()).toEqual([...SECRET_KEYS].sort());
    const problems = validationProblems(secret?.['stringData'], 3001).join('\n');
    expect(problems).toContain('AUTH_JWT_PUBLIC_KEY');
    expect(problems).toContain('DATABASE_URL holds a published example value');
    expect(problems).toContain('PHI_ENCRYPTION_KEY');
  });

  it('gateway: ConfigMap passes its own validation, Deployment runs it with a /health readiness probe', () => {
    const data: Record<string, string> = find(docs, 'ConfigMap', 'gateway-config')?.['data'] ?? {};
    const deployment = find(docs, 'Deployment', 'gateway') as Obj;
    const container = deployment['spec']['template']['spec']['containers'][0];
    expect(gatewayProblems(container, data)).toEqual([]);
    expect(container['readinessProbe']['httpGet']['path']).toBe('/health');
    expect(container['securityContext']['readOnlyRootFilesystem']).toBe(true);
    expect(find(docs, 'Service', 'gateway')?.['spec']['ports'][0]['port']).toBe(8080);
    for (const name of SERVICES.filter((s) => s !== 'compliance'))
      expect(find(docs, 'ConfigMap', `${name}-config`)?.['data']['SESSION_AUTHORITY_URL']).toBe(
        'http://compliance:3005',
      );
  });

  it('kustomization.yaml lists exactly the other manifests', () => {
    const kustomization = find(docs, 'Kustomization', 'revcycle');
    expect(kustomization).toBeDefined();
    const others = readdirSync(K8S_DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...(kustomization?.['resources'] ?? [])].sort()).toEqual(others.sort());
    expect(others).toEqual(
      expect.arrayContaining([...SERVICES.map((s) => `${s}.yaml`), 'namespace.yaml', 'secrets.example.yaml']),
    );
  });

  it('catches broken documents (the checks can fail)', () => {
    expect(checkK8sDocument({ kind: 'Service', metadata: {} }, 'broken').join('\n')).toMatch(
      /apiVersion missing[\s\S]*metadata\.name missing/,
    );
    expect(checkK8sDocument([] as unknown as Obj, 'list')).toEqual(['list: not a mapping']);

    // A real Deployment, damaged in memory.
    const broken: Obj[] = JSON.parse(JSON.stringify(docs));
    const deployment = find(broken, 'Deployment', 'claims') as Obj;
    const c = deployment['spec']['template']['spec']['containers'][0];
    deployment['spec']['replicas'] = 1;
    c['readinessProbe']['httpGet']['path'] = '/healthz';
    c['livenessProbe']['httpGet']['port'] = 8080;
    delete c['startupProbe'];
    c['env'].push({ name: 'DB_PASSWORD', value: 'x' });
    c['env'] = c['env'].filter((e: Obj) => e['name'] !== 'PHI_ENCRYPTION_KEY');
    c['securityContext'] = { runAsUser: 0 };
    deployment['spec']['template']['spec']['securityContext'] = {};
    (find(broken, 'ConfigMap', 'claims-config') as Obj)['data']['PORT'] = '3030';
    (find(broken, 'ConfigMap', 'claims-config') as Obj)['data']['PHI_ENCRYPTION_KEY'] = 'in-a-configmap';
    c['env'].push({ name: 'AUTH_JWT_SECRET', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'x' } } });
    const problems = checkK8sService('claims', broken).join('\n');
    for (const fragment of [
      'replicas 1, want 2',
      'readinessProbe path /healthz',
      'livenessProbe port 8080',
      'DB_PASSWORD is not a variable',
      'PHI_ENCRYPTION_KEY not taken from the Secret',
      'PORT 3030, want 3003',
      'containerPort 3003 is not PORT 3030',
      'ConfigMap claims-config holds the secret PHI_ENCRYPTION_KEY',
      'gets AUTH_JWT_SECRET: a service verifies with AUTH_JWT_PUBLIC_KEY only',
      'runAsNonRoot is not true',
      'runs as uid 0',
    ]) {
      expect(problems).toContain(fragment);
    }
    expect(problems).not.toContain('startupProbe'); // optional
    expect(
      checkK8sService(
        'coding',
        broken.filter((d) => d['kind'] !== 'Service'),
      ),
    ).toContain('k8s coding: no Service');
  });
});

describe('deploy/env examples', () => {
  const names = [...SERVICES, 'platform'];

  it('has one per service and the platform', () => {
    const files = readdirSync(ENV_DIR).filter((f) => f.endsWith('.env.example'));
    expect(files.sort()).toEqual(names.map((n) => `${n}.env.example`).sort());
  });

  it.each(names)('%s.env.example uses only contract variables and the documented PORT', (name) => {
    expect(checkEnvExample(name, read(join(ENV_DIR, `${name}.env.example`)))).toEqual([]);
  });

  it.each(SERVICES)(
    '%s.env.example copied as is stops at boot: its DATABASE_URL password is a placeholder',
    (name) => {
      const vars = parseEnvFile(read(join(ENV_DIR, `${name}.env.example`)));
      expect(validationProblems(vars, PORTS[name])).toEqual([
        'DATABASE_URL holds a published example value: generate your own (see deploy/README.md)',
      ]);
    },
  );

  it('refuses every value ever published as a development fallback', () => {
    const published = {
      AUTH_JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789abcdef',
      PHI_ENCRYPTION_KEY: '/g/0+guPgLI+M9n+MB6mJsPHMhyU5hgrNCD0Jpm4t1M=',
      DATABASE_URL: 'postgres://revcycle:revcycle-dev-only@postgres:5432/revcycle',
      KAFKA_SASL_PASSWORD: 'CHANGE-ME',
    };
    const problems = validationProblems(published, 3003).join('\n');
    for (const name of Object.keys(published))
      expect(problems).toContain(`${name} holds a published example value`);
  });

  it('catches a broken example (the checks can fail)', () => {
    const problems = checkEnvExample('remittance', 'PORT=3000\nDATABASE=postgres://x\nnot a line').join('\n');
    expect(problems).toContain('not KEY=VALUE');
    const problems2 = checkEnvExample('remittance', 'PORT=3000\nDATABASE=postgres://x').join('\n');
    expect(problems2).toContain('DATABASE is not a variable');
    expect(problems2).toContain('PORT 3000, want 3004');
    expect(problems2).toContain('KAFKA_BROKERS missing');
    expect(checkEnvExample('claims', 'AUTH_JWT_PRIVATE_KEY=x').join('\n')).toContain(
      'claims.env.example: AUTH_JWT_PRIVATE_KEY is for the token issuer, not a service',
    );
  });
});

describe('Dockerfile', () => {
  const dockerfile = read(join(ROOT, 'Dockerfile'));
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1] ?? '';

  it('builds on node:22-bookworm-slim in stages: npm ci, build, prune', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN .*npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/RUN npm prune --omit=dev/);
  });

  it('ships what the runtime needs and runs as non-root', () => {
    for (const path of [
      'tsconfig.base.json',
      'tools/register-paths.js',
      'dist',
      'node_modules',
      'libs/codesets/data',
    ]) {
      expect(final).toContain(`/app/${path} `);
    }
    const user = /^USER (\S+)/m.exec(final)?.[1] ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(final).toContain(
      'CMD ["node", "-r", "./tools/register-paths.js", "dist/apps/platform/src/main.js"]',
    );
  });

  it('has every file an install script of package.json runs in place before `npm ci`', () => {
    const pkg = JSON.parse(read(join(ROOT, 'package.json'))) as { scripts?: Record<string, string> };
    const beforeInstall = dockerfile.slice(0, dockerfile.search(/RUN .*npm ci/));
    const copied = [...beforeInstall.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) =>
      m[1].split(/\s+/).slice(0, -1),
    );
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      for (const token of (pkg.scripts?.[hook] ?? '').split(/\s+/)) {
        if (!/^[\w.-]+\/[\w./-]+$/.test(token) || !existsSync(join(ROOT, token))) continue;
        expect({
          hook,
          token,
          copied: copied.some((c) => token === c || token.startsWith(`${c.replace(/\/$/, '')}/`)),
        }).toEqual({
          hook,
          token,
          copied: true,
        });
      }
    }
  });

  it('prebuilds the code-set snapshot in the final stage', () => {
    expect(final).toMatch(/RUN node -r \.\/tools\/register-paths\.js -e ".*loadReferenceTables\(\)"/);
    expect(final.indexOf('loadReferenceTables')).toBeGreaterThan(final.indexOf('/app/libs/codesets/data'));
  });

  it('keeps the build context small but not the packaged reference data', () => {
    const ignored = read(join(ROOT, '.dockerignore'))
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.git', '.data']) expect(ignored).toContain(entry);
    expect(ignored.some((l) => l.startsWith('libs'))).toBe(false);
  });
});
