import { Role, generateTokenKeyPair, issueAccessToken, privateTokenKey } from '@revcycle/security';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The five services of the distributed deployment, in the order they start. */
export const SERVICE_NAMES = ['charts', 'coding', 'claims', 'remittance', 'compliance'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServiceResponse<T> {
  status: number;
  body: T;
}

/**
 * What the five services of one distributed run share — one database, one broker, one PHI key,
 * one audit key, one token audience — and the caller as their token issuer (the services get only
 * the public key, as in production). The e2e tests (services as Nest apps in the test process) and
 * `npm run bench:pipeline` (services as separate processes) both start from it.
 */
export class DistributedEnvironment {
  private readonly tokenKeys = generateTokenKeyPair();
  private readonly signingKey = privateTokenKey(this.tokenKeys.privateKey);
  readonly audience = `revcycle-dist-${randomBytes(4).toString('hex')}`;
  /** compliance's checkpoints of the audit chain, one directory per run (they belong to this database). */
  readonly anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-dist-anchors-'));
  private readonly phiKey = randomBytes(32).toString('base64');
  private readonly auditKey = randomBytes(32).toString('base64');

  /** The environment every service gets; `extraEnv` adds to (or overrides) it. */
  serviceEnv(databaseUrl: string, kafkaBrokers: string, extraEnv: Record<string, string> = {}) {
    return {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers,
      AUTH_JWT_PUBLIC_KEY: this.tokenKeys.publicKey,
      AUTH_JWT_AUDIENCE: this.audience,
      PHI_ENCRYPTION_KEY: this.phiKey,
      AUDIT_HMAC_KEY: this.auditKey,
      AUDIT_ANCHOR_DIR: this.anchorDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '50',
      ...extraEnv,
    };
  }

  token(role: Role, user = `dist-${role}`): string {
    return this.tokenFor({ id: user, role });
  }

  /** A token for any principal (a payer's names its payer). */
  tokenFor(principal: { id: string; role: Role; payerId?: string }): string {
    return issueAccessToken(principal, this.signingKey, { audience: this.audience });
  }

  /** One JSON request to a service at `baseUrl`, as `role` (or unauthenticated when null). */
  async call<T = unknown>(
    baseUrl: string,
    method: string,
    pathname: string,
    role: Role | null,
    body?: unknown,
    raw?: string,
    token = role ? this.token(role) : undefined,
  ): Promise<ServiceResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  dispose(): void {
    fs.rmSync(this.anchorDir, { recursive: true, force: true });
  }
}
