import { INestApplication } from '@nestjs/common';
import { chartsServiceSpec } from '@revcycle/charts';
import { claimsServiceSpec } from '@revcycle/claims';
import { codingServiceSpec } from '@revcycle/coding';
import { complianceServiceSpec } from '@revcycle/compliance';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { remittanceServiceSpec } from '@revcycle/remittance';
import { bootstrapService } from '@revcycle/runtime';
import { Role, generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServiceName = 'charts' | 'coding' | 'claims' | 'remittance' | 'compliance';

/** The five services as separate Nest applications on one real PostgreSQL and one real Kafka. */
export class DistributedServices {
  readonly urls = {} as Record<ServiceName, string>;
  private readonly apps: INestApplication[] = [];
  readonly app = {} as Record<ServiceName, INestApplication>;
  private db?: TestDatabase;
  /** The test is the token issuer: the services get only the public key, as in production. */
  private readonly tokenKeys = generateTokenKeyPair();
  private readonly signingKey = privateTokenKey(this.tokenKeys.privateKey);
  readonly audience = `revcycle-e2e-${randomBytes(4).toString('hex')}`;
  /** compliance's checkpoints of the audit chain, one directory per run (they belong to this database). */
  readonly anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-anchors-'));

  /** `extraEnv` adds to (or overrides) the environment every service gets. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const brokers = process.env['KAFKA_BROKERS'];
    if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest global setup provides a broker');
    this.db = await createTestDatabase();
    const env = {
      DATABASE_URL: this.db.url,
      KAFKA_BROKERS: brokers,
      AUTH_JWT_PUBLIC_KEY: this.tokenKeys.publicKey,
      AUTH_JWT_AUDIENCE: this.audience,
      PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUDIT_HMAC_KEY: randomBytes(32).toString('base64'),
      AUDIT_ANCHOR_DIR: this.anchorDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '50',
      ...extraEnv,
    };
    const specs = {
      charts: chartsServiceSpec,
      coding: codingServiceSpec,
      claims: claimsServiceSpec,
      remittance: remittanceServiceSpec,
      compliance: complianceServiceSpec,
    };
    for (const [name, spec] of Object.entries(specs) as Array<[ServiceName, typeof chartsServiceSpec]>) {
      const running = await bootstrapService(spec, env);
      this.apps.push(running.app);
      this.app[name] = running.app;
      this.urls[name] = running.url;
    }
  }

  /** The services' one database, for tests that check what they stored (superuser URL). */
  get databaseUrl(): string {
    if (!this.db) throw new Error('DistributedServices.start() has not run');
    return this.db.url;
  }

  token(role: Role, user = `e2e-${role}`): string {
    return this.tokenFor({ id: user, role });
  }

  /** A token for any principal (a payer's names its payer). */
  tokenFor(principal: { id: string; role: Role; payerId?: string }): string {
    return issueAccessToken(principal, this.signingKey, { audience: this.audience });
  }

  async call<T = unknown>(
    service: ServiceName,
    method: string,
    path: string,
    role: Role | null,
    body?: unknown,
    raw?: string,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (role) headers['authorization'] = `Bearer ${this.token(role)}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.urls[service]}${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close();
    await this.db?.drop();
    fs.rmSync(this.anchorDir, { recursive: true, force: true });
  }
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
